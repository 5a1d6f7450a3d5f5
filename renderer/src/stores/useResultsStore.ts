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

/** Two plot geometries with the same nodes and triangles (two runs on one ROI). */
function sameGeometry(a: PlotGeometry, b: PlotGeometry): boolean {
  if (a.nNodes !== b.nNodes || a.nTriangles !== b.nTriangles) return false;
  if (a.nodes.length !== b.nodes.length || a.triangles.length !== b.triangles.length) return false;
  for (let i = 0; i < a.nodes.length; i++) if (a.nodes[i] !== b.nodes[i]) return false;
  for (let i = 0; i < a.triangles.length; i++) if (a.triangles[i] !== b.triangles[i]) return false;
  return true;
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
  /** The Compare tab's reference files and tolerance: kept while the user looks at other tabs, runs and maps. */
  const referenceFiles = ref<{ first: string; second: string; tolerance: number }>({
    first: '',
    second: '',
    tolerance: 1e-3,
  });

  const topCount = ref(20);
  const loading = ref(false);
  let openCount = 0;
  // Map switches and picks in flight: only the latest of each is shown.
  let selectCount = 0;
  let pickCount = 0;
  /** The element the user picked last (a pick in flight included, a failed one not): a map switch shows it. */
  let wanted: number | null = null;

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

  /**
   * Shows a finished result: geometry, quality, and the first map (or the one asked for). The new result is loaded
   * before it replaces the shown one, so the views stay mounted, and a geometry equal to the shown one is kept: the
   * score map then only recolours instead of building its 3-D scene again (~0.8 s under software WebGL).
   */
  async function open(
    c: ResultsClient,
    result: ResultSummary | string,
    first?: { response: string; qoi: QoiName },
  ): Promise<void> {
    // A later open wins: a slower earlier one must not replace it when its loads finish.
    const token = ++openCount;
    const loaded = await guarded(async () => {
      const s = typeof result === 'string' ? await c.resultSummary({ resultId: result }) : result;
      const [g, q] = await Promise.all([
        c.getGeometry({ resultId: s.resultId }),
        c.getQuality({ resultId: s.resultId }),
      ]);
      const start = first ?? (s.maps[0] ? { response: s.maps[0].response, qoi: s.maps[0].qoi } : null);
      const view = start ? await loadMapView(c, s, start.response, start.qoi, null, true) : null;
      return { s, g, q, view };
    });
    if (token !== openCount) return;
    // From here to the end nothing awaits: the views see the old result or the new one whole, in one update.
    selectCount++;
    wanted = null;
    client.value = markRaw(c);
    cache.clear();
    convergenceCache.clear();
    confidenceCache.clear();
    confidence.value = null;
    element.value = null;
    hotspotElement.value = null;
    selectedElement.value = null;
    colourRange.value = null;
    threshold.value = null;
    if (!loaded) {
      summary.value = null;
      selected.value = null;
      arrays.value = null;
      return;
    }
    const { s, g, q, view } = loaded;
    summary.value = s;
    geometry.value = geometry.value && sameGeometry(geometry.value, g) ? geometry.value : markRaw(g);
    quality.value = q.quality;
    if (view) showMapView(view);
    else {
      selected.value = null;
      arrays.value = null;
    }
  }

  /** Everything a shown map needs (its arrays unless cached, the hotspot's and the picked element's IO data). */
  interface MapView {
    response: string;
    qoi: QoiName;
    /** Null when the map's arrays were cached already. */
    fetched: FetchedMap | null;
    elementId: number | null;
    hotspot: ElementData | null;
    element: ElementData | null;
    /** Why the IO data could not be loaded (the map is shown without it). */
    elementError: unknown;
  }

  /**
   * Fetches a map's view before any of it is shown. A map whose arrays cannot be fetched throws (nothing changes);
   * IO data that cannot be loaded leaves the map shown without a curve. A result reopened without its input files
   * has no IO data: nothing is asked for (the curve panel says why), so no error is reported either.
   */
  async function loadMapView(
    c: ResultsClient,
    s: ResultSummary,
    response: string,
    qoi: QoiName,
    want: number | null,
    fresh = false,
  ): Promise<MapView> {
    const key = mapKey(response, qoi);
    const fetched = fresh || !cache.has(key) ? await fetchMap(c, s, response, qoi) : null;
    const info = s.maps.find((m) => m.response === response && m.qoi === qoi);
    const view: MapView = {
      response,
      qoi,
      fetched,
      elementId: want,
      hotspot: null,
      element: null,
      elementError: null,
    };
    if (!info || s.hasInputs === false) return view;
    const hs = info.hotspot.element;
    const el = want ?? hs;
    const get = (e: number): Promise<ElementData> =>
      c.getElement({ resultId: s.resultId, response, qoi, element: e });
    // Both at once (one round trip); the hotspot's curve still shows when the picked element fails.
    const [h, e] = await Promise.allSettled([get(hs), el === hs ? null : get(el)]);
    if (h.status === 'fulfilled') view.hotspot = markRaw(h.value);
    else view.elementError = h.reason;
    if (el === hs) view.element = view.hotspot;
    else if (e.status === 'fulfilled') view.element = e.value ? markRaw(e.value) : null;
    else view.elementError = e.reason;
    view.elementId = el;
    return view;
  }

  /** Shows a loaded view: every assignment at once, so the map, the table and the IO curve change in one update. */
  function showMapView(v: MapView): void {
    if (v.fetched) storeMap(v.response, v.qoi, v.fetched);
    const key = mapKey(v.response, v.qoi);
    selected.value = { response: v.response, qoi: v.qoi };
    arrays.value = cache.get(key)!;
    convergence.value = convergenceCache.get(key) ?? [];
    confidence.value = confidenceCache.get(key) ?? null;
    colourRange.value = null;
    hotspotElement.value = v.hotspot;
    element.value = v.element;
    selectedElement.value = v.elementId;
    if (v.elementError) useAppStore().reportError(v.elementError);
  }

  interface FetchedMap {
    arrays: MapArrays;
    convergence: ConvergencePoint[];
    confidence: MapConfidence | null;
  }

  /** One map's arrays, convergence and resampling results from the backend. */
  async function fetchMap(
    c: ResultsClient,
    s: ResultSummary,
    response: string,
    qoi: QoiName,
  ): Promise<FetchedMap> {
    const ref = { resultId: s.resultId, response, qoi };
    // Only maps that carry resampling results are asked for them (older results and plain runs do not).
    const info = s.maps.find((x) => x.response === response && x.qoi === qoi);
    const [m, conv, conf] = await Promise.all([
      c.getMap(ref),
      c.getConvergence(ref),
      info?.hasConfidence ? c.getConfidence(ref) : Promise.resolve(null),
    ]);
    return { arrays: markRaw({ ...m }), convergence: conv.points, confidence: conf ? markRaw(conf) : null };
  }

  function storeMap(response: string, qoi: QoiName, m: FetchedMap): void {
    const key = mapKey(response, qoi);
    cache.set(key, m.arrays);
    convergenceCache.set(key, m.convergence);
    confidenceCache.set(key, m.confidence);
  }

  /**
   * Switches the shown map; arrays are fetched once per map and kept. The colour range follows the new map. The
   * map, the hotspot's and the picked element's IO data are loaded first and shown together (the IO curve draws
   * once, never beside another map); a later switch or open wins over a slower earlier one.
   */
  async function selectMap(response: string, qoi: QoiName): Promise<void> {
    const s = summary.value;
    if (!s) return;
    const token = ++selectCount;
    const view = await guarded(() => loadMapView(api(), s, response, qoi, selectedElement.value));
    if (!view || token !== selectCount || summary.value !== s) return;
    showMapView(view);
    // An element clicked while the switch loaded was loaded for the old map, or not at all: load it for this one.
    if (wanted !== null && wanted !== view.elementId && s.hasInputs !== false) await pick(wanted);
  }

  async function loadElement(el: number): Promise<void> {
    const s = summary.value;
    const sel = selected.value;
    if (!s || !sel) return;
    const token = ++pickCount;
    wanted = el;
    if (s.hasInputs === false) {
      // No IO data to load (the curve panel says why): the pick only marks the element's table row.
      selectedElement.value = el;
      return;
    }
    const hs = hotspotElement.value;
    let data: ElementData;
    try {
      data =
        hs && hs.element === el && hs.response === sel.response && hs.qoi === sel.qoi
          ? hs
          : markRaw(
              await api().getElement({
                resultId: s.resultId,
                response: sel.response,
                qoi: sel.qoi,
                element: el,
              }),
            );
    } catch (e) {
      // A pick that fails is no longer wanted: the next map switch keeps the last good one.
      if (wanted === el) wanted = selectedElement.value;
      throw e;
    }
    // Only what was loaded becomes the pick (a failed pick keeps the previous one), only for the map it was
    // loaded for, and only if no later pick came first (two quick clicks: the second one stays).
    if (token !== pickCount || summary.value !== s || selected.value !== sel) return;
    selectedElement.value = el;
    element.value = data;
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
    referenceFiles,
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
