// The Run step: the running job, its progress per response × QOI, and the result summary or the error it ended with.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type {
  ErrorCode,
  JobProgress,
  ModelOptions,
  ResultSummary,
  SelectionOptions,
} from '../../../main/contract';
import { useApi } from '../api/client';

export type JobState = 'idle' | 'starting' | 'running' | 'finished' | 'failed' | 'cancelled';

export function progressKey(response: string, qoi: string): string {
  return `${response}\u0000${qoi}`;
}

export const useJobStore = defineStore('job', () => {
  const jobId = ref<string | null>(null);
  const state = ref<JobState>('idle');
  const progress = ref<Record<string, JobProgress>>({});
  /** Map keys in the order the job lists them (response × QOI). */
  const order = ref<{ response: string; qoi: string }[]>([]);
  const error = shallowRef<{ code: ErrorCode; message: string } | null>(null);
  const result = shallowRef<ResultSummary | null>(null);
  const startedAt = ref(0);
  const finishedAt = ref(0);
  /** What the running job maps, in words (the run list's detail line). */
  const description = ref('');
  let unsubscribe: (() => void)[] = [];

  const running = computed(() => state.value === 'starting' || state.value === 'running');
  const overall = computed(() => {
    let done = 0;
    let total = 0;
    for (const p of Object.values(progress.value)) {
      done += p.done;
      total += p.total;
    }
    return total > 0 ? done / total : 0;
  });

  function subscribe(): void {
    if (unsubscribe.length) return;
    const api = useApi();
    unsubscribe = [
      api.on('job:progress', (p) => {
        if (p.jobId !== jobId.value) return;
        state.value = 'running';
        progress.value = { ...progress.value, [progressKey(p.response, p.qoi)]: p };
      }),
      api.on('job:finished', (e) => {
        if (e.jobId !== jobId.value) return;
        result.value = e.result;
        state.value = 'finished';
        finishedAt.value = Date.now();
        // Every bar to 100 %: throttled progress may not have sent the last step.
        const done: Record<string, JobProgress> = {};
        for (const [k, p] of Object.entries(progress.value))
          done[k] = { ...p, phase: 'done', done: p.total, etaSeconds: 0 };
        progress.value = done;
      }),
      api.on('job:failed', (e) => {
        if (e.jobId !== jobId.value) return;
        state.value = e.code === 'JOB_CANCELLED' ? 'cancelled' : 'failed';
        error.value = { code: e.code, message: e.message };
        finishedAt.value = Date.now();
      }),
    ];
  }

  async function start(
    datasetId: string,
    selection: SelectionOptions,
    model: ModelOptions,
    about = '',
  ): Promise<void> {
    subscribe();
    description.value = about;
    error.value = null;
    result.value = null;
    order.value = selection.qois.flatMap((qoi) => selection.responses.map((response) => ({ response, qoi })));
    const initial: Record<string, JobProgress> = {};
    for (const o of order.value) {
      initial[progressKey(o.response, o.qoi)] = {
        jobId: '',
        response: o.response,
        qoi: o.qoi as JobProgress['qoi'],
        phase: 'queued',
        done: 0,
        total: 0,
        rate: 0,
        etaSeconds: NaN,
      };
    }
    progress.value = initial;
    state.value = 'starting';
    startedAt.value = Date.now();
    try {
      jobId.value = (await useApi().startJob({ datasetId, selection, model })).jobId;
    } catch (e) {
      state.value = 'failed';
      throw e;
    }
  }

  async function cancel(): Promise<void> {
    if (jobId.value && running.value) await useApi().cancelJob({ jobId: jobId.value });
  }

  function dispose(): void {
    for (const u of unsubscribe) u();
    unsubscribe = [];
  }

  return {
    jobId,
    state,
    progress,
    order,
    error,
    result,
    startedAt,
    finishedAt,
    description,
    running,
    overall,
    start,
    cancel,
    subscribe,
    dispose,
  };
});
