// The Selection step: QOIs, response columns, conditions and zap range, and what the backend says the selection keeps.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type {
  EQuality,
  OpenedDataset,
  QoiName,
  SelectionOptions,
  ZapSelection,
} from '../../../main/contract';
import { useApi } from '../api/client';

export const useSelectionStore = defineStore('selection', () => {
  const responses = ref<string[]>([]);
  const qois = ref<QoiName[]>([]);
  const conditions = ref<string[]>([]);
  /** [start, end) over the file's zaps. */
  const rangeStart = ref(0);
  const rangeEnd = ref(0);
  const first = ref<number | null>(null);
  /** Background-EMG filter: drop zaps whose value in this column exceeds preMax (both set = on). */
  const preColumn = ref<string | null>(null);
  const preMax = ref<number | null>(null);
  const nZapsTotal = ref(0);
  const allConditions = shallowRef<{ name: string; zaps: number }[]>([]);

  const nZapsSelected = ref<number | null>(null);
  const quality = shallowRef<EQuality[]>([]);
  const previewing = ref(false);
  const previewError = ref<string | null>(null);

  const options = computed<SelectionOptions>(() => {
    const zaps: ZapSelection = {};
    if (conditions.value.length > 0 && conditions.value.length < allConditions.value.length)
      zaps.conditions = [...conditions.value];
    if (rangeStart.value > 0 || rangeEnd.value < nZapsTotal.value)
      zaps.range = [rangeStart.value, rangeEnd.value];
    if (first.value) zaps.first = first.value;
    if (preColumn.value && preMax.value !== null && Number.isFinite(preMax.value))
      zaps.preinnervation = { column: preColumn.value, max: preMax.value };
    return { responses: [...responses.value], qois: [...qois.value], zaps };
  });
  const valid = computed(
    () => responses.value.length > 0 && qois.value.length > 0 && rangeEnd.value > rangeStart.value,
  );

  /** Defaults for a newly opened dataset: every response, E_mag (or the first QOI), all conditions and zaps. */
  function resetFor(d: OpenedDataset): void {
    responses.value = [...d.responseColumns];
    qois.value = d.summary.qois.includes('E_mag') ? ['E_mag'] : d.summary.qois.slice(0, 1);
    allConditions.value = d.summary.conditions;
    conditions.value = d.summary.conditions.map((c) => c.name);
    nZapsTotal.value = d.summary.nZaps;
    rangeStart.value = 0;
    rangeEnd.value = d.summary.nZaps;
    first.value = null;
    preColumn.value = null;
    preMax.value = null;
    nZapsSelected.value = null;
    quality.value = [];
  }

  function apply(s: SelectionOptions): void {
    responses.value = [...s.responses];
    qois.value = [...s.qois];
    if (s.zaps.conditions) conditions.value = [...s.zaps.conditions];
    if (s.zaps.range) [rangeStart.value, rangeEnd.value] = s.zaps.range;
    first.value = s.zaps.first ?? null;
    preColumn.value = s.zaps.preinnervation?.column ?? null;
    preMax.value = s.zaps.preinnervation?.max ?? null;
  }

  let seq = 0;
  /** Asks the backend how many zaps the selection keeps and its E quality; stale answers are dropped. */
  async function refresh(datasetId: string): Promise<void> {
    if (!valid.value) {
      nZapsSelected.value = null;
      quality.value = [];
      return;
    }
    const mine = ++seq;
    previewing.value = true;
    try {
      const r = await useApi().previewSelection({ datasetId, selection: options.value });
      if (mine !== seq) return;
      nZapsSelected.value = r.nZaps;
      quality.value = r.quality;
      previewError.value = null;
    } catch (e) {
      if (mine !== seq) return;
      nZapsSelected.value = 0;
      quality.value = [];
      previewError.value = e instanceof Error ? e.message : String(e);
    } finally {
      if (mine === seq) previewing.value = false;
    }
  }

  return {
    responses,
    qois,
    conditions,
    rangeStart,
    rangeEnd,
    first,
    preColumn,
    preMax,
    nZapsTotal,
    allConditions,
    nZapsSelected,
    quality,
    previewing,
    previewError,
    options,
    valid,
    resetFor,
    apply,
    refresh,
  };
});
