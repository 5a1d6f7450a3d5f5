// Browser mode's API costs, side by side in one run: wire codec vs plain JSON arrays, and HTTP round trips of the verbs
// the wizard and results views call most (appInfo, previewSelection, getMap, getGeometry, getElement) on the demo.
import { parseWire, stringifyWire, TOKEN_HEADER } from '../../main/contract';
import type { OpenedDataset, ResultSummary } from '../../main/contract';
import { startServer } from '../e2e/serve-helper';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timeIt(n: number, f: () => void): number {
  const ts: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    f();
    ts.push(performance.now() - t);
  }
  return median(ts);
}

async function timeAsync(n: number, f: () => Promise<unknown>): Promise<number> {
  const ts: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await f();
    ts.push(performance.now() - t);
  }
  return median(ts);
}

const scores = new Float64Array(100_000).map((_, i) => Math.sin(i));
const wire = stringifyWire({ scores });
const json = JSON.stringify({ scores: Array.from(scores) });
console.log('codec, 100 000 float64 (median of 9):');
console.log(
  `  wire    ${(wire.length / 1e6).toFixed(2)} MB  encode ${timeIt(9, () => stringifyWire({ scores })).toFixed(1)} ms  decode ${timeIt(9, () => parseWire(wire)).toFixed(1)} ms`,
);
console.log(
  `  JSON[]  ${(json.length / 1e6).toFixed(2)} MB  encode ${timeIt(9, () => JSON.stringify({ scores: Array.from(scores) })).toFixed(1)} ms  decode ${timeIt(9, () => Float64Array.from((JSON.parse(json) as { scores: number[] }).scores)).toFixed(1)} ms`,
);

const s = await startServer();
try {
  const call = async <T>(verb: string, body: unknown): Promise<T> => {
    const r = await fetch(`${s.origin}/api/${verb}`, {
      method: 'POST',
      headers: { [TOKEN_HEADER]: s.token },
      body: stringifyWire(body),
    });
    const env = parseWire(await r.text()) as { ok: boolean; value: T; message?: string };
    if (!env.ok) throw new Error(env.message);
    return env.value;
  };
  let t = performance.now();
  const d = await call<OpenedDataset>('openDemo', {});
  console.log(`\nHTTP on 127.0.0.1 (demo ${d.summary.nElements} elements × ${d.summary.nZaps} zaps):`);
  console.log(`  openDemo (cached files)       ${(performance.now() - t).toFixed(0)} ms`);
  console.log(
    `  appInfo round trip (median 50) ${(await timeAsync(50, () => call('appInfo', {}))).toFixed(2)} ms`,
  );
  const selection = { responses: [d.responseColumns[0]], qois: ['E_mag'], zaps: { first: 120 } };
  t = performance.now();
  await call('previewSelection', { datasetId: d.datasetId, selection });
  console.log(
    `  previewSelection, first       ${(performance.now() - t).toFixed(0)} ms (E quality on 1000 sampled elements)`,
  );
  console.log(
    `  previewSelection, cached      ${(await timeAsync(5, () => call('previewSelection', { datasetId: d.datasetId, selection }))).toFixed(1)} ms`,
  );

  const model = {
    fun: 'sigmoid4',
    score: 'R2',
    preset: 'element',
    nRefit: 0,
    discontinuityRefit: false,
    stepdown: false,
    badElementScreen: true,
    signedData: 'auto',
    convergence: false,
    workers: 1,
    seed: 1,
  };
  const { jobId } = await call<{ jobId: string }>('startJob', { datasetId: d.datasetId, selection, model });
  let summary: ResultSummary | null = null;
  t = performance.now();
  while (!summary) {
    await new Promise((r) => setTimeout(r, 250));
    summary = await call<ResultSummary>('resultSummary', { resultId: jobId }).catch(() => null);
    if (performance.now() - t > 300_000) throw new Error('job did not finish in 5 min');
  }
  console.log(`  job (1 muscle × E_mag, 120 zaps, 1 worker, no refits) ${summary.seconds.toFixed(1)} s`);
  const ref = { resultId: jobId, response: selection.responses[0], qoi: 'E_mag' };
  console.log(
    `  getMap (median 10)            ${(await timeAsync(10, () => call('getMap', ref))).toFixed(1)} ms`,
  );
  console.log(
    `  getGeometry (median 10)       ${(await timeAsync(10, () => call('getGeometry', { resultId: jobId }))).toFixed(1)} ms`,
  );
  console.log(
    `  getElement (median 10)        ${(await timeAsync(10, () => call('getElement', { ...ref, element: summary.maps[0].hotspot.element }))).toFixed(1)} ms`,
  );
} finally {
  await s.stop();
}
