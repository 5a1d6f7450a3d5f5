// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import {
  useResultsStore,
  errorCode,
  type ResultsClient,
} from '../../../../renderer/src/stores/useResultsStore';
import { useAppStore } from '../../../../renderer/src/stores/useAppStore';
import { useResultsExport } from '../../../../renderer/src/composables/useResultsExport';
import { shallowRef, watch } from 'vue';
import type { ElementData, MapInfo, ResultSummary } from '../../../../main/contract';

// An in-memory backend of 4 elements and two maps, answering the results verbs the store uses.
function makeClient() {
  const log: string[] = [];
  const hotspot = (element: number, score: number) => ({
    element,
    score,
    centroid: [element, 0, 0] as [number, number, number],
  });
  const map = (response: string, hs: number, score: number): MapInfo => ({
    response,
    qoi: 'E_mag',
    fun: 'sigmoid4',
    score: 'R2',
    better: 'higher',
    paramNames: ['x0', 'r', 'amp', 'y0'],
    hotspot: hotspot(hs, score),
    scoreMin: 0,
    scoreMax: score,
    failed: 0,
    seconds: 1,
  });
  const summary: ResultSummary = {
    resultId: 'r1',
    nZaps: 3,
    nElements: 4,
    // Only FDI's job carried a permutation test / bootstrap.
    maps: [{ ...map('p2p_FDI', 2, 0.9), hasConfidence: true }, map('p2p_ADM', 0, 0.7)],
    workers: 1,
    seconds: 1,
    hasConvergence: false,
  };
  const scores: Record<string, number[]> = { p2p_FDI: [0.1, 0.5, 0.9, NaN], p2p_ADM: [0.7, 0.2, 0.1, 0.3] };
  const element = (response: string, el: number): ElementData => ({
    element: el,
    response,
    qoi: 'E_mag',
    e: new Float64Array([10, 20, 30]),
    y: new Float64Array([0.1, 1, 2]),
    fun: 'sigmoid4',
    paramNames: ['x0', 'r', 'amp', 'y0'],
    params: new Float64Array([20, 0.3, 2, 0.05]),
    score: scores[response][el],
    better: 'higher',
    status: 0,
    curveX: new Float64Array([10, 30]),
    curveY: new Float64Array([0.1, 2]),
    centroid: [el, 0, 0],
  });
  const client: ResultsClient = {
    resultSummary: () => Promise.resolve(summary),
    getMap: (r) => {
      log.push(`getMap ${r.response}`);
      return Promise.resolve({
        scores: new Float64Array(scores[r.response]),
        status: new Uint8Array([0, 0, 0, 6]),
        params: Float64Array.from({ length: 16 }, (_, i) => i),
        better: 'higher',
      });
    },
    getGeometry: () =>
      Promise.resolve({
        nNodes: 3,
        nTriangles: 4,
        nodes: new Float32Array(9),
        triangles: new Uint32Array(12),
        centroids: new Float32Array([0, 0, 0, 1, 0, 0, 2, 0, 0, 3, 0, 0]),
      }),
    getElement: (r) => {
      log.push(`getElement ${r.response} ${r.element}`);
      if (r.element > 3)
        return Promise.reject(
          Object.assign(new Error('INDEX_OUT_OF_RANGE: element'), { code: 'INDEX_OUT_OF_RANGE' }),
        );
      return Promise.resolve(element(r.response, r.element));
    },
    topElements: () => Promise.resolve({ elements: [] }),
    getConvergence: () => Promise.resolve({ points: [] }),
    getConfidence: (r) => {
      log.push(`getConfidence ${r.response}`);
      return Promise.resolve({
        hotspot: hotspot(2, 0.9),
        better: 'higher',
        significance: {
          permutations: 3,
          seed: 1,
          maxima: new Float64Array([0.4, 0.95, 0.5]),
          observed: 0.9,
          pFwe: 0.5,
          thresholdFwe05: NaN,
          elementP: new Float64Array([1, 1, 0.5, NaN]),
        },
        bootstrap: null,
      });
    },
    getQuality: () => Promise.resolve({ quality: [{ qoi: 'E_mag', mutualCoherence: 0.99, svRatio: 0.01 }] }),
    exportResults: (r) =>
      r.overwrite
        ? Promise.resolve({ files: [`${r.outDir}/r2_roi_data.hdf5`], bytes: 10 })
        : Promise.reject(Object.assign(new Error('OUTPUT_EXISTS: …'), { code: 'OUTPUT_EXISTS' })),
    saveFigure: (r) => Promise.resolve({ files: [r.path], bytes: r.data.byteLength }),
    exportHotspots: (r) => Promise.resolve({ files: [r.path], bytes: 1 }),
  };
  return { client, log, summary };
}

/** A promise the test opens by hand: answers chained on `opened` arrive only after `release()`. */
function heldOpen(): { opened: Promise<void>; release: () => void } {
  let release!: () => void;
  const opened = new Promise<void>((r) => (release = r));
  return { opened, release };
}

describe('useResultsStore', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('opens a result on its first map and shows the hotspot curve', async () => {
    const { client } = makeClient();
    const s = useResultsStore();
    await s.open(client, 'r1');
    expect(s.selected).toEqual({ response: 'p2p_FDI', qoi: 'E_mag' });
    expect(Array.from(s.arrays!.scores).slice(0, 3)).toEqual([0.1, 0.5, 0.9]);
    expect(s.effectiveRange).toEqual([0.1, 0.9]);
    expect(s.element?.element).toBe(2);
    expect(s.hotspotElement?.element).toBe(2);
    expect(s.quality).toHaveLength(1);
    expect(s.unit).toBe('mV');
    expect(s.topRows.map((r) => r.element)).toEqual([2, 1, 0]);
    expect(s.topRows[0].params).toEqual({ x0: 8, r: 9, amp: 10, y0: 11 });
  });

  it('opens another run over the shown one: no empty map in between, the same ROI geometry kept', async () => {
    const { client } = makeClient();
    const s = useResultsStore();
    await s.open(client, 'r1');
    const g = s.geometry;
    await s.pick(1);
    // Every state the map views see while the next result loads and replaces this one.
    const seen: string[] = [];
    const stop = watch(
      () => [s.summary?.resultId, s.arrays, s.geometry] as const,
      ([id, a, geo]) => seen.push(`${id} ${a ? 'map' : 'none'} ${geo === g ? 'same' : 'new'} geometry`),
      { flush: 'sync' },
    );
    const second = {
      ...client,
      resultSummary: () => client.resultSummary({ resultId: 'r1' }).then((x) => ({ ...x, resultId: 'r2' })),
    };
    await s.open(second, 'r2');
    stop();
    expect(seen.every((x) => x.endsWith('map same geometry'))).toBe(true);
    expect(seen.at(-1)).toBe('r2 map same geometry');
    expect(s.element?.element).toBe(2); // the new result starts at its hotspot
    // Another ROI's geometry replaces the shown one.
    const other = {
      ...client,
      getGeometry: () =>
        client.getGeometry({ resultId: 'r3' }).then((x) => ({ ...x, nodes: new Float32Array(9).fill(1) })),
    };
    await s.open(other, 'r3');
    expect(s.geometry).not.toBe(g);
  });

  it('a slower earlier open does not replace a later one', async () => {
    const { client } = makeClient();
    const s = useResultsStore();
    const gate = heldOpen();
    const slow = {
      ...client,
      resultSummary: () =>
        gate.opened
          .then(() => client.resultSummary({ resultId: 'r1' }))
          .then((x) => ({ ...x, resultId: 'slow' })),
    };
    const fast = {
      ...client,
      resultSummary: () => client.resultSummary({ resultId: 'r1' }).then((x) => ({ ...x, resultId: 'fast' })),
    };
    const first = s.open(slow, 'slow');
    await s.open(fast, 'fast');
    gate.release();
    await first;
    expect(s.summary?.resultId).toBe('fast');
  });

  it('keeps the picked element when switching muscle and fetches each map once', async () => {
    const { client, log } = makeClient();
    const s = useResultsStore();
    await s.open(client, 'r1');
    await s.pick(1);
    expect(s.element?.element).toBe(1);
    await s.selectMap('p2p_ADM', 'E_mag');
    expect(s.element?.response).toBe('p2p_ADM');
    expect(s.element?.element).toBe(1);
    expect(s.hotspotElement?.element).toBe(0);
    await s.selectMap('p2p_FDI', 'E_mag');
    expect(log.filter((l) => l.startsWith('getMap'))).toEqual(['getMap p2p_FDI', 'getMap p2p_ADM']);
    expect(s.topTableCsv().split('\n')[0]).toBe(
      'rank,element,response,qoi,R2,x_mm,y_mm,z_mm,status,x0,r,amp,y0',
    );
  });

  it('switches muscle in one update: the IO curve never shows another map than the one beside it', async () => {
    const { client } = makeClient();
    const s = useResultsStore();
    await s.open(client, 'r1');
    await s.pick(1);
    // What the views see, once per update (Vue batches the changes of one tick, as it does for a redraw).
    const seen: string[] = [];
    const stop = watch(
      () => [s.selected?.response, s.arrays, s.element, s.hotspotElement] as const,
      ([sel, , el, hs]) => seen.push(`${sel} ${el?.response}:${el?.element} ${hs?.response}:${hs?.element}`),
    );
    await s.selectMap('p2p_ADM', 'E_mag');
    await Promise.resolve();
    stop();
    expect(seen).toEqual(['p2p_ADM p2p_ADM:1 p2p_ADM:0']);
  });

  it('a later muscle switch wins over a slower earlier one', async () => {
    const { client } = makeClient();
    const s = useResultsStore();
    await s.open(client, 'r1');
    const gate = heldOpen();
    const slowAdm: ResultsClient = {
      ...client,
      getMap: (r) => (r.response === 'p2p_ADM' ? gate.opened.then(() => client.getMap(r)) : client.getMap(r)),
    };
    s.client = slowAdm;
    const first = s.selectMap('p2p_ADM', 'E_mag');
    await s.selectMap('p2p_FDI', 'E_mag');
    gate.release();
    await first;
    expect(s.selected?.response).toBe('p2p_FDI');
    expect(s.element?.response).toBe('p2p_FDI');
  });

  it('two quick picks: the later one stays, whichever answer comes last', async () => {
    const { client } = makeClient();
    const s = useResultsStore();
    await s.open(client, 'r1');
    const gate = heldOpen();
    s.client = {
      ...client,
      getElement: (r) =>
        r.element === 0 ? gate.opened.then(() => client.getElement(r)) : client.getElement(r),
    };
    const first = s.pick(0);
    await s.pick(1);
    gate.release();
    await first;
    expect(s.element?.element).toBe(1);
    expect(s.selectedElement).toBe(1);
  });

  it('an element clicked while a muscle switch loads is shown for the new muscle', async () => {
    const { client } = makeClient();
    const s = useResultsStore();
    await s.open(client, 'r1');
    // 1: the click's IO data arrives before the new map does.
    const mapGate = heldOpen();
    s.client = {
      ...client,
      getMap: (r) =>
        r.response === 'p2p_ADM' ? mapGate.opened.then(() => client.getMap(r)) : client.getMap(r),
    };
    const switching = s.selectMap('p2p_ADM', 'E_mag');
    await s.pick(3);
    mapGate.release();
    await switching;
    expect([s.element?.response, s.element?.element]).toEqual(['p2p_ADM', 3]);
    // 2: the click's IO data (for the old muscle) arrives after the new map: it is dropped and loaded anew.
    const elGate = heldOpen();
    s.client = {
      ...client,
      getElement: (r) =>
        r.response === 'p2p_ADM' && r.element === 1
          ? elGate.opened.then(() => client.getElement(r))
          : client.getElement(r),
    };
    const clicking = s.pick(1);
    await s.selectMap('p2p_FDI', 'E_mag');
    elGate.release();
    await clicking;
    expect([s.element?.response, s.element?.element]).toEqual(['p2p_FDI', 1]);
  });

  it('a map whose IO data fails still shows, with the error reported; a failed pick keeps the previous pick', async () => {
    const { client } = makeClient();
    const s = useResultsStore();
    await s.open(client, 'r1');
    await s.pick(1);
    await s.pick(99);
    expect(useAppStore().errors.at(-1)?.code).toBe('INDEX_OUT_OF_RANGE');
    expect(s.element?.element).toBe(1);
    // The next switch asks for element 1 (the last good pick), not 99 again.
    const errors = useAppStore().errors.length;
    await s.selectMap('p2p_ADM', 'E_mag');
    expect(useAppStore().errors).toHaveLength(errors);
    expect(s.element?.element).toBe(1);
    // IO data that cannot be read (e.g. a moved E-field): the map switches, the curve panel empties.
    s.client = {
      ...client,
      getElement: () =>
        Promise.reject(Object.assign(new Error('FILE_NOT_FOUND: e.hdf5'), { code: 'FILE_NOT_FOUND' })),
    };
    await s.selectMap('p2p_FDI', 'E_mag');
    expect(s.selected?.response).toBe('p2p_FDI');
    expect(Array.from(s.arrays!.scores).slice(0, 3)).toEqual([0.1, 0.5, 0.9]);
    expect(s.element).toBeNull();
    expect(useAppStore().errors.at(-1)?.code).toBe('FILE_NOT_FOUND');
  });

  it('a result reopened without its inputs shows its maps and asks for no IO data (no error to report)', async () => {
    const { client, log, summary } = makeClient();
    const s = useResultsStore();
    const noInputs = { ...client, resultSummary: () => Promise.resolve({ ...summary, hasInputs: false }) };
    await s.open(noInputs, 'r1');
    await s.selectMap('p2p_ADM', 'E_mag');
    expect(s.selected?.response).toBe('p2p_ADM');
    expect(s.arrays).not.toBeNull();
    expect(s.element).toBeNull();
    await s.pick(3);
    expect(s.selectedElement).toBe(3);
    expect(s.element).toBeNull();
    expect(log.filter((l) => l.startsWith('getElement'))).toEqual([]);
    expect(useAppStore().errors).toEqual([]);
  });

  it('asks for the confidence only of maps that carry it, once each', async () => {
    const { client, log } = makeClient();
    const s = useResultsStore();
    await s.open(client, 'r1');
    expect(s.confidence?.significance?.pFwe).toBe(0.5);
    await s.selectMap('p2p_ADM', 'E_mag');
    expect(s.confidence).toBeNull();
    await s.selectMap('p2p_FDI', 'E_mag');
    expect(s.confidence?.significance?.observed).toBe(0.9);
    expect(log.filter((l) => l.startsWith('getConfidence'))).toEqual(['getConfidence p2p_FDI']);
  });

  it('routes a failed query to the app error handler, not a crash', async () => {
    const { client } = makeClient();
    const s = useResultsStore();
    await s.open(client, 'r1');
    await s.pick(99);
    const shown = useAppStore().errors.at(-1);
    expect(shown?.code).toBe('INDEX_OUT_OF_RANGE');
    expect(shown?.message).toContain('INDEX_OUT_OF_RANGE');
  });

  it('passes OUTPUT_EXISTS through so the dialog can ask before overwriting', async () => {
    const { client } = makeClient();
    const s = useResultsStore();
    await s.open(client, 'r1');
    const err = await s.exportResults('/tmp/out', false).catch((e: unknown) => e);
    expect(errorCode(err)).toBe('OUTPUT_EXISTS');
    await expect(s.exportResults('/tmp/out', true)).resolves.toEqual({
      files: ['/tmp/out/r2_roi_data.hdf5'],
      bytes: 10,
    });
  });

  it('draws a figure once when the user confirms overwriting its file, and again for a new save', async () => {
    const { client } = makeClient();
    const written: string[] = [];
    client.saveFigure = (r) => {
      if (!r.overwrite)
        return Promise.reject(Object.assign(new Error('OUTPUT_EXISTS: …'), { code: 'OUTPUT_EXISTS' }));
      written.push(new TextDecoder().decode(r.data));
      return Promise.resolve({ files: [r.path], bytes: r.data.byteLength });
    };
    const s = useResultsStore();
    await s.open(client, 'r1');
    let drawn = 0;
    // Each drawing differs (the map may be rotated between clicks): the file must hold the first one.
    const scoreMap = shallowRef({ toImage: () => Promise.resolve(`data:image/svg+xml,drawing${++drawn}`) });
    const ex = useResultsExport({ scoreMap, ioCurve: shallowRef(null), convergence: shallowRef([]) });
    const opts = { format: 'svg' as const, width: 800, height: 600, scale: 1 };
    const refused = await ex.saveFigure('score-map', '/o/map.svg', opts, false).catch((e: unknown) => e);
    expect(errorCode(refused)).toBe('OUTPUT_EXISTS');
    await ex.saveFigure('score-map', '/o/map.svg', opts, true);
    expect(drawn).toBe(1);
    expect(written).toEqual(['drawing1']);
    // A confirmation is used once; another path or size, or a direct overwrite, draws anew.
    await ex.saveFigure('score-map', '/o/map.svg', opts, true);
    await ex.saveFigure('score-map', '/o/other.svg', opts, false).catch(() => null);
    await ex.saveFigure('score-map', '/o/other.svg', { ...opts, width: 400 }, true);
    expect(drawn).toBe(4);
    expect(written).toEqual(['drawing1', 'drawing2', 'drawing4']);
  });
});
