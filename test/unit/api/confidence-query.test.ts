// getConfidence through the service on a written result folder: the permutation test and hotspot bootstrap of a map
// come back as stored; maps without them say so (hasConfidence absent, both parts null). Plus the Model step's counts
// reaching the job spec.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiService } from '../../../main/api/service';
import { RootPathPolicy } from '../../../main/api/path-policy';
import { writeResults } from '../../../main/io/results-writer';
import {
  DEFAULT_MODEL,
  toJobSpec,
  validateModelOptions,
  type MapConfidence,
  type ResultSummary,
} from '../../../main/contract';
import { gridRoi, mappingResult } from '../io/results-fixture';

describe('getConfidence', () => {
  it('returns a map’s permutation maxima, p, threshold, element p, hotspot frequency and radius', async () => {
    const root = mkdtempSync(join(tmpdir(), 'conf-root-'));
    const roi = gridRoi();
    const result = mappingResult(roi);
    const m = result.maps[0];
    const n = result.nElements;
    const elementP = Float64Array.from({ length: n }, (_, i) => (i === m.hotspot.element ? 0.25 : 1));
    m.significance = {
      permutations: 3,
      seed: 5,
      maxima: new Float64Array([0.2, 0.95, 0.4]),
      observed: m.hotspot.score,
      pFwe: 0.5,
      thresholdFwe05: NaN,
      elementP,
      partial: false,
    };
    const frequency = new Float64Array(n);
    frequency[m.hotspot.element] = 0.75;
    frequency[(m.hotspot.element + 1) % n] = 0.25;
    m.bootstrap = {
      n: 4,
      seed: 5,
      elements: Int32Array.from([
        m.hotspot.element,
        m.hotspot.element,
        m.hotspot.element,
        (m.hotspot.element + 1) % n,
      ]),
      scores: new Float64Array([0.9, 0.8, 0.85, 0.7]),
      frequency,
      distances: new Float64Array([0, 0, 0, 4]),
      radius95: 4,
      medianDistance: 0,
      stability: 0.75,
      partial: false,
    };
    await writeResults(join(root, 'run'), result, roi);
    const s = new ApiService({
      transport: 'http',
      policy: new RootPathPolicy(root),
      configDir: mkdtempSync(join(tmpdir(), 'conf-cfg-')),
      appVersion: '9.9.9',
      emit: () => undefined,
    });
    const opened = await s.dispatch('openResults', { dir: join(root, 'run') });
    if (!opened.ok) throw new Error(JSON.stringify(opened));
    const summary = opened.value as ResultSummary;
    expect(summary.maps.map((x) => x.hasConfidence ?? false)).toEqual([true, false, false, false]);

    const got = await s.dispatch('getConfidence', {
      resultId: summary.resultId,
      response: m.response,
      qoi: m.qoi,
    });
    if (!got.ok) throw new Error(JSON.stringify(got));
    const c = got.value as MapConfidence;
    expect(c.hotspot.element).toBe(m.hotspot.element);
    expect(c.better).toBe('higher');
    expect(c.significance?.permutations).toBe(3);
    expect(Array.from(c.significance!.maxima)).toEqual([0.2, 0.95, 0.4]);
    expect(c.significance?.pFwe).toBe(0.5);
    expect(c.significance?.observed).toBeCloseTo(m.hotspot.score, 12);
    expect(c.significance?.thresholdFwe05).toBeNaN();
    expect(c.significance?.elementP[m.hotspot.element]).toBe(0.25);
    expect(c.bootstrap?.radius95).toBe(4);
    expect(c.bootstrap?.stability).toBe(0.75);
    expect(c.bootstrap?.frequency[m.hotspot.element]).toBe(0.75);

    const other = result.maps[1];
    const none = await s.dispatch('getConfidence', {
      resultId: summary.resultId,
      response: other.response,
      qoi: other.qoi,
    });
    expect(none.ok && (none.value as MapConfidence)).toMatchObject({ significance: null, bootstrap: null });
    const bad = await s.dispatch('getConfidence', {
      resultId: summary.resultId,
      response: 'nope',
      qoi: 'E_mag',
    });
    expect(bad.ok ? null : bad.code).toBe('NOT_FOUND');
  });
});

describe('Model step resampling counts', () => {
  const inputs = { roiFile: 'r', efieldFile: 'e', responsesFile: 'x' };
  const sel = { responses: ['p2p_FDI'], qois: ['E_mag' as const], zaps: {} };

  it('reach the job spec when on, are left out at 0, and the CLI’s extras win', () => {
    const on = toJobSpec(inputs, sel, { ...DEFAULT_MODEL, permutations: 99, bootstrap: 20 });
    expect([on.permutations, on.bootstrap]).toEqual([99, 20]);
    const off = toJobSpec(inputs, sel, { ...DEFAULT_MODEL });
    expect('permutations' in off || 'bootstrap' in off).toBe(false);
    const cli = toJobSpec(inputs, sel, { ...DEFAULT_MODEL, permutations: 99 }, { permutations: 7 });
    expect(cli.permutations).toBe(7);
  });

  it('are checked against the option ranges (0 allowed = off; negative, fractional, too many refused)', () => {
    expect(validateModelOptions({ ...DEFAULT_MODEL, permutations: 0 }).permutations).toBe(0);
    const { permutations: _p, bootstrap: _b, ...older } = DEFAULT_MODEL;
    expect(validateModelOptions(older)).not.toHaveProperty('permutations');
    for (const v of [-1, 2.5, 2_000_000])
      expect(() => validateModelOptions({ ...DEFAULT_MODEL, permutations: v })).toThrow(/permutations/);
    expect(() => validateModelOptions({ ...DEFAULT_MODEL, bootstrap: 100_001 })).toThrow(/bootstrap/);
  });
});
