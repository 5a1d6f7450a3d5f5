// The Data step: the three input files (with ROI and CSV column choices) and the opened dataset with its summary.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { JobInputs, OpenedDataset, ResponsesPreview, RoiInfo } from '../../../main/contract';
import { formatErrorMessage } from '../../../main/contract';
import { useApi } from '../api/client';
import { ApiError } from '../api/api-error';

export const useDatasetStore = defineStore('dataset', () => {
  const roiFile = ref('');
  const roiId = ref<string | null>(null);
  const rois = shallowRef<RoiInfo[]>([]);
  const efieldFile = ref('');
  const responsesFile = ref('');
  const preview = shallowRef<ResponsesPreview | null>(null);
  const conditionColumn = ref<string | null>(null);
  const intensityColumn = ref<string | null>(null);
  const scaleByIntensity = ref(false);
  const opened = shallowRef<OpenedDataset | null>(null);
  const busy = ref(false);

  const inputs = computed<JobInputs>(() => ({
    roiFile: roiFile.value,
    roiId: roiId.value,
    efieldFile: efieldFile.value,
    responsesFile: responsesFile.value,
    ...(conditionColumn.value ? { conditionColumn: conditionColumn.value } : {}),
    ...(intensityColumn.value ? { intensityColumn: intensityColumn.value } : {}),
    ...(scaleByIntensity.value ? { scaleByIntensity: true } : {}),
  }));
  const canOpen = computed(
    () =>
      !!roiFile.value &&
      !!efieldFile.value &&
      !!responsesFile.value &&
      (rois.value.length <= 1 || roiId.value !== null),
  );

  async function setRoiFile(path: string): Promise<void> {
    roiFile.value = path;
    roiId.value = null;
    rois.value = [];
    if (!path) return;
    const { rois: list } = await useApi().listRois({ file: path });
    if (list.length === 0) {
      roiFile.value = '';
      throw new ApiError({
        code: 'NO_ROI',
        message: formatErrorMessage('NO_ROI', {
          file: path,
          found: 'no /roi_surface/<id> and no /mesh/elm/triangle_number_list',
          expected: 'a mesh file with ROIs or a *_geo.hdf5',
        }),
      });
    }
    rois.value = list;
    // One ROI (or a result-geometry file, id ''): nothing to choose.
    if (list.length === 1) roiId.value = list[0].id === '' ? null : list[0].id;
  }

  async function setResponsesFile(path: string): Promise<void> {
    responsesFile.value = path;
    preview.value = null;
    conditionColumn.value = null;
    intensityColumn.value = null;
    if (!path) return;
    const p = await useApi().previewResponses({ file: path });
    preview.value = p;
    if (p.kind === 'csv') {
      conditionColumn.value = p.suggestedConditionColumn;
      intensityColumn.value = p.suggestedIntensityColumn;
    }
  }

  async function run<T>(f: () => Promise<T>): Promise<T> {
    busy.value = true;
    try {
      return await f();
    } finally {
      busy.value = false;
    }
  }

  async function closeCurrent(): Promise<void> {
    const old = opened.value;
    opened.value = null;
    if (old) await useApi().closeDataset({ datasetId: old.datasetId });
  }

  async function open(): Promise<OpenedDataset> {
    return run(async () => {
      await closeCurrent();
      opened.value = await useApi().openDataset({ inputs: inputs.value });
      return opened.value;
    });
  }

  async function openDemo(): Promise<OpenedDataset> {
    return run(async () => {
      await closeCurrent();
      const d = await useApi().openDemo({});
      opened.value = d;
      roiFile.value = d.inputs.roiFile;
      roiId.value = d.inputs.roiId ?? null;
      rois.value = [];
      efieldFile.value = d.inputs.efieldFile;
      responsesFile.value = d.inputs.responsesFile;
      preview.value = null;
      conditionColumn.value = d.inputs.conditionColumn ?? null;
      intensityColumn.value = d.inputs.intensityColumn ?? null;
      return d;
    });
  }

  /** Fills the form from saved inputs (last session / settings) without opening. */
  async function restoreInputs(i: JobInputs): Promise<void> {
    await setRoiFile(i.roiFile);
    if (i.roiId !== undefined) roiId.value = i.roiId;
    efieldFile.value = i.efieldFile;
    await setResponsesFile(i.responsesFile);
    conditionColumn.value = i.conditionColumn ?? null;
    intensityColumn.value = i.intensityColumn ?? null;
    scaleByIntensity.value = !!i.scaleByIntensity;
  }

  return {
    roiFile,
    roiId,
    rois,
    efieldFile,
    responsesFile,
    preview,
    conditionColumn,
    intensityColumn,
    scaleByIntensity,
    opened,
    busy,
    inputs,
    canOpen,
    setRoiFile,
    setResponsesFile,
    open,
    openDemo,
    restoreInputs,
    closeCurrent,
  };
});
