// The run list of the Results step: every finished run of this session and every reopened result folder, one shown at a time.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { ResultSummary } from '../../../main/contract';
import { useApi } from '../api/client';

export interface RunEntry {
  id: string;
  /** Short name in the list ("Run 2", or the folder's name). */
  label: string;
  /** What was run: muscles × QOIs, zaps, model (or the folder's path). */
  detail: string;
  origin: 'run' | 'folder';
  summary: ResultSummary;
}

/**
 * A reopened folder's line: where, what, how it was made (pipeline; the step start and the fast solver, beyond the
 * reference) and what is missing.
 */
export function folderDetail(where: string, s: ResultSummary): string {
  const how = [s.pipeline, s.stepStart ? 'step start' : null, s.fastSolver ? 'fast solver' : null]
    .filter(Boolean)
    .join(', ');
  return `${where} · ${s.maps.length} map(s) · ${s.nZaps} zaps${how ? ` · ${how}` : ''}${
    s.hasInputs === false ? ' · inputs not readable here: no IO curves' : ''
  }`;
}

function folderName(path: string): string {
  const parts = path.split(/[\\/]/).filter(Boolean);
  return parts.at(-1) ?? path;
}

export const useRunsStore = defineStore('runs', () => {
  const runs = shallowRef<RunEntry[]>([]);
  const currentId = ref<string | null>(null);
  let counter = 0;

  const current = computed(() => runs.value.find((r) => r.id === currentId.value) ?? null);

  /** A finished job joins the list and is shown. */
  function addRun(summary: ResultSummary, detail: string): RunEntry {
    const entry: RunEntry = {
      id: summary.resultId,
      label: `Run ${++counter}`,
      detail,
      origin: 'run',
      summary,
    };
    runs.value = [...runs.value.filter((r) => r.id !== entry.id), entry];
    currentId.value = entry.id;
    return entry;
  }

  /** Reads a result folder (CLI output, an export, merged shards) into the list and shows it. */
  async function openFolder(path: string): Promise<RunEntry> {
    const dir = /summary\.json$/i.test(path) ? path.replace(/[\\/]summary\.json$/i, '') : path;
    const summary = await useApi().openResults({ dir });
    const where = summary.folder ?? dir;
    const entry: RunEntry = {
      id: summary.resultId,
      label: folderName(where),
      detail: folderDetail(where, summary),
      origin: 'folder',
      summary,
    };
    runs.value = [...runs.value, entry];
    currentId.value = entry.id;
    return entry;
  }

  function select(id: string): void {
    if (runs.value.some((r) => r.id === id)) currentId.value = id;
  }

  /** Removes a run from the list and frees it in the backend; the neighbour is shown instead. */
  async function remove(id: string): Promise<void> {
    const i = runs.value.findIndex((r) => r.id === id);
    if (i < 0) return;
    runs.value = runs.value.filter((r) => r.id !== id);
    if (currentId.value === id) currentId.value = runs.value[Math.min(i, runs.value.length - 1)]?.id ?? null;
    await useApi().closeResult({ resultId: id });
  }

  return { runs, currentId, current, addRun, openFolder, select, remove };
});
