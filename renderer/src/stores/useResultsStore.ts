// The results views' state: which map is shown, its arrays, colour settings, the picked element and the exports.
// Failed queries go to the app's one error handler (useAppStore().reportError), not to a private message.
import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef } from 'vue';
import type {
  ApiClient,
  ConvergencePoint,
  EQuality,
  ElementData,
  ExportReport,
  MapConfidence,
  MapInfo,
  PlotGeometry,
  QoiName,
  ResultSummary,
} from '../../../main/contract';
import { ELEMENT_STATUS_NAMES } from '../../../main/contract';
import type { ColourScaleName } from '../results/colourScales';
import { scoreDirection, type Better } from '../results/scoreDirection';
import { edgeTriangles } from '../results/plausibility';
import { useAppStore } from './useAppStore';
import { autoRange } from '../results/scoreMapTraces';
import { topElements, topElementsCsv, type TopElementRow } from '../results/topElements';
import { responseUnit } from '../results/figureStyle';

/** The results verbs the store calls (a subset of the contract's client). */
export type ResultsClient = Pick<
  ApiClient,
  | 'resultSummary'
  | 'getMap'
  | 'getGeometry'
  | 'getElement'
  | 'topElements'
  | 'getConvergence'
  | 'getConfidence'
  | 'getQuality'
  | 'exportResults'
  | 'saveFigure'
  | 'exportHotspots'
>;

export interface MapArrays {
  scores: Float64Array;
  status: Uint8Array;
  /** Element-major fitted parameters, when the backend sends them. */
  params?: Float64Array;
}

export const STATUS_NAMES = ELEMENT_STATUS_NAMES as Record<number, string>;

function mapKey(response: string, qoi: string): string {
  return `${response}\u0000${qoi}`;
}

/** The error code of a failed call (the clients throw errors carrying the contract's code). */
export function errorCode(e: unknown): string | null {
  const code = e && typeof e === 'object' && 'code' in e ? e.code : null;
  return typeof code === 'string' ? code : null;
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export const useResultsStore = defineStore('results', () => {
  const client = shallowRef<ResultsClient | null>(null);
  const summary = shallowRef<ResultSummary | null>(null);
  const geometry = shallowRef<PlotGeometry | null>(null);
  const selected = ref<{ response: string; qoi: QoiName } | null>(null);
  const arrays = shallowRef<MapArrays | null>(null);
  const cache = new Map<string, MapArrays>();
  const convergenceCache = new Map<string, ConvergencePoint[]>();
  const convergence = shallowRef<ConvergencePoint[]>([]);
  /** Permutation test / hotspot bootstrap of the shown map; null when its job ran without them. */
  const confidenceCache = new Map<string, MapConfidence | null>();
  const confidence = shallowRef<MapConfidence | null>(null);
  const quality = shallowRef<EQuality[]>([]);

  const colourScale = ref<ColourScaleName>('viridis');
  /** null = automatic (finite min..max of the shown map). */
  const colourRange = ref<[number, number] | null>(null);
  const threshold = ref<number | null>(null);

  const selectedElement = ref<number | null>(null);
  const element = shallowRef<ElementData | null>(null);
  const hotspotElement = shallowRef<ElementData | null>(null);
  const compareWithHotspot = ref(true);

  const topCount = ref(20);
  const loading = ref(false);

  const currentMap = computed<MapInfo | null>(() => {
    const s = summary.value;
    const sel = selected.value;
    if (!s || !sel) return null;
    return s.maps.find((m) => m.response === sel.response && m.qoi === sel.qoi) ?? null;
  });

  const responses = computed(() => [...new Set((summary.value?.maps ?? []).map((m) => m.response))]);
  const qoisOf = (response: string): QoiName[] =>
    (summary.value?.maps ?? []).filter((m) => m.response === response).map((m) => m.qoi);

  /** Which way the shown map's score is better (AIC/BIC: lower): ranking, threshold and colours follow it. */
  const better = computed<Better>(
    () => currentMap.value?.better ?? scoreDirection(currentMap.value?.score ?? 'R2'),
  );

  const effectiveRange = computed<[number, number]>(() => {
    if (colourRange.value) return colourRange.value;
    return arrays.value ? autoRange(arrays.value.scores, better.value) : [0, 1];
  });

  /** Triangles on the rim of the ROI (plausibility flag of the top-elements table). */
  const edges = computed(() =>
    geometry.value ? edgeTriangles(geometry.value.triangles) : new Set<number>(),
  );

  const unit = computed(() => (selected.value ? responseUnit(selected.value.response) : null));

  const topRows = computed<TopElementRow[]>(() => {
    const a = arrays.value;
    const g = geometry.value;
    const m = currentMap.value;
    if (!a || !g || !m) return [];
    return topElements(
      {
        scores: a.scores,
        params: a.params ?? new Float64Array(a.scores.length * m.paramNames.length).fill(NaN),
        paramNames: m.paramNames,
        status: a.status,
        statusNames: STATUS_NAMES,
        centroids: g.centroids,
        better: better.value,
      },
      topCount.value,
    );
  });

  function api(): ResultsClient {
    if (!client.value) throw new Error('The results store has no API client');
    return client.value;
  }

  /** Runs a query with the loading flag; a failure is shown by the app's error handler and the view stays usable. */
  async function guarded<T>(job: () => Promise<T>): Promise<T | undefined> {
    loading.value = true;
    try {
      return await job();
    } catch (e) {
      useAppStore().reportError(e);
      return undefined;
    } finally {
      loading.value = false;
    }
  }

  /** One map's arrays (cached), for the compare views. */
  async function mapArrays(response: string, qoi: QoiName): Promise<MapArrays | undefined> {
    const s = summary.value;
    if (!s) return undefined;
    const key = mapKey(response, qoi);
    const hit = cache.get(key);
    if (hit) return hit;
    return guarded(async () => {
      const a = markRaw({ ...(await api().getMap({ resultId: s.resultId, response, qoi })) });
      cache.set(key, a);
      return a;
    });
  }

  /** Shows a finished result: geometry, quality, and the first map (or the one asked for). */
  async function open(
    c: ResultsClient,
    result: ResultSummary | string,
    first?: { response: string; qoi: QoiName },
  ): Promise<void> {
    client.value = markRaw(c);
    cache.clear();
    convergenceCache.clear();
    confidenceCache.clear();
    confidence.value = null;
    summary.value = null;
    selected.value = null;
    arrays.value = null;
    element.value = null;
    hotspotElement.value = null;
    selectedElement.value = null;
    colourRange.value = null;
    threshold.value = null;
    await guarded(async () => {
      const s = typeof result === 'string' ? await c.resultSummary({ resultId: result }) : result;
      summary.value = s;
      const [g, q] = await Promise.all([
        c.getGeometry({ resultId: s.resultId }),
        c.getQuality({ resultId: s.resultId }),
      ]);
      geometry.value = markRaw(g);
      quality.value = q.quality;
    });
    const s = summary.value as ResultSummary | null;
    const start = first ?? (s?.maps[0] ? { response: s.maps[0].response, qoi: s.maps[0].qoi } : null);
    if (start) await selectMap(start.response, start.qoi);
  }

  /** Switches the shown map; arrays are fetched once per map and kept. The colour range follows the new map. */
  async function selectMap(response: string, qoi: QoiName): Promise<void> {
    const s = summary.value;
    if (!s) return;
    await guarded(async () => {
      const key = mapKey(response, qoi);
      let a = cache.get(key);
      if (!a) {
        const ref = { resultId: s.resultId, response, qoi };
        // Only maps that carry resampling results are asked for them (older results and plain runs do not).
        const info = s.maps.find((x) => x.response === response && x.qoi === qoi);
        const [m, conv, conf] = await Promise.all([
          api().getMap(ref),
          api().getConvergence(ref),
          info?.hasConfidence ? api().getConfidence(ref) : Promise.resolve(null),
        ]);
        a = markRaw({ ...m });
        cache.set(key, a);
        convergenceCache.set(key, conv.points);
        confidenceCache.set(key, conf ? markRaw(conf) : null);
      }
      selected.value = { response, qoi };
      arrays.value = a;
      convergence.value = convergenceCache.get(key) ?? [];
      confidence.value = confidenceCache.get(key) ?? null;
      colourRange.value = null;
      hotspotElement.value = null;
      const m = currentMap.value;
      if (m) {
        hotspotElement.value = markRaw(
          await api().getElement({ resultId: s.resultId, response, qoi, element: m.hotspot.element }),
        );
        await loadElement(selectedElement.value ?? m.hotspot.element);
      }
    });
  }

  async function loadElement(el: number): Promise<void> {
    const s = summary.value;
    const sel = selected.value;
    if (!s || !sel) return;
    selectedElement.value = el;
    const hs = hotspotElement.value;
    if (hs && hs.element === el && hs.response === sel.response && hs.qoi === sel.qoi) {
      element.value = hs;
      return;
    }
    element.value = markRaw(
      await api().getElement({ resultId: s.resultId, response: sel.response, qoi: sel.qoi, element: el }),
    );
  }

  /** Loads one element's IO data (click on the map, a table row, or the hotspot). */
  async function pick(el: number): Promise<void> {
    await guarded(() => loadElement(el));
  }

  async function pickHotspot(): Promise<void> {
    const m = currentMap.value;
    if (m) await pick(m.hotspot.element);
  }

  function resultId(): string {
    const s = summary.value;
    if (!s) throw new Error('No result is open');
    return s.resultId;
  }

  /** Writes the HDF5 + XDMF results; throws (code OUTPUT_EXISTS) when the folder holds results and overwrite is false. */
  function exportResults(outDir: string, overwrite: boolean): Promise<ExportReport> {
    return api().exportResults({ resultId: resultId(), outDir, overwrite });
  }

  function saveFigure(
    path: string,
    format: 'png' | 'svg',
    data: Uint8Array,
    overwrite: boolean,
  ): Promise<ExportReport> {
    return api().saveFigure({ path, format, data, overwrite });
  }

  /** The top-elements table of the shown map, written as CSV. */
  function saveTopTable(path: string, overwrite: boolean): Promise<ExportReport> {
    return api().saveFigure({
      path,
      format: 'csv',
      data: new TextEncoder().encode(topTableCsv()),
      overwrite,
    });
  }

  /** The best element of every map, written by the backend. */
  function exportHotspots(path: string, overwrite: boolean): Promise<ExportReport> {
    return api().exportHotspots({ resultId: resultId(), path, overwrite });
  }

  /** The top-elements table of the shown map as CSV text. */
  function topTableCsv(): string {
    const m = currentMap.value;
    if (!m) return '';
    return topElementsCsv(topRows.value, {
      response: m.response,
      qoi: m.qoi,
      scoreName: m.score,
      paramNames: m.paramNames,
    });
  }

  return {
    client,
    summary,
    geometry,
    selected,
    arrays,
    convergence,
    confidence,
    quality,
    colourScale,
    colourRange,
    threshold,
    selectedElement,
    element,
    hotspotElement,
    compareWithHotspot,
    topCount,
    loading,
    currentMap,
    better,
    edges,
    responses,
    qoisOf,
    effectiveRange,
    unit,
    topRows,
    open,
    mapArrays,
    selectMap,
    pick,
    pickHotspot,
    exportResults,
    saveFigure,
    saveTopTable,
    exportHotspots,
    topTableCsv,
  };
});
