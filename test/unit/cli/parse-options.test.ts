import { describe, expect, it } from 'vitest';
import { AppError, DEFAULT_MODEL } from '../../../main/contract';
import {
  parseRoiArg,
  parsePreinnervation,
  parseShard,
  parseZaps,
  specFromFlags,
  type MapFlags,
} from '../../../main/cli/parse-options';
import { shardRange } from '../../../main/job/shards';

const base: MapFlags = {
  qoi: 'E_mag,E_norm',
  fun: 'sigmoid4',
  score: 'R2',
  preset: 'element',
  refit: '50',
  discontinuityRefit: true,
  badElementScreen: true,
  signedData: 'auto',
  seed: '1',
  out: 'x',
};
const inputs = { roiFile: 'm.hdf5', efieldFile: 'e.hdf5', responsesFile: 'r.csv' };

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return e instanceof AppError ? `${e.code} ${e.context.path}` : 'not an AppError';
  }
  return undefined;
}

describe('map flags', () => {
  it('builds the spec with the reference defaults', () => {
    const s = specFromFlags(
      { ...base, workers: '3', zaps: '100:250', conditions: 'a, b', shard: '1/4' },
      inputs,
      ['FDI'],
    );
    expect(s).toMatchObject({
      qois: ['E_mag', 'E_norm'],
      nRefit: 50,
      workers: 3,
      seed: 1,
      discontinuityRefit: true,
      stepdown: false,
      signedData: undefined,
      shard: [1, 4],
    });
    expect(s.zaps).toEqual({ conditions: ['a', 'b'], range: [100, 250] });
  });

  it('defaults to pynibs.regress_data: no screen, no signed-data selection; nl_hdf5 brings its own preset and screen', () => {
    // What commander hands over when no model flag is typed (signed-data's default is the contract's).
    const bare: MapFlags = {
      signedData: DEFAULT_MODEL.signedData,
      qoi: 'E_norm',
      fun: 'sigmoid4',
      score: 'R2',
      refit: '50',
      discontinuityRefit: true,
      seed: '1',
      out: 'x',
    };
    expect(specFromFlags(bare, inputs, ['FDI'])).toMatchObject({
      preset: 'element',
      badElementScreen: false,
      signedData: false,
    });
    // The step start (beyond the reference) is off unless --step-start, and the spec says which.
    expect(specFromFlags(bare, inputs, ['FDI']).stepStart).toBe(false);
    expect(specFromFlags({ ...bare, stepStart: true }, inputs, ['FDI']).stepStart).toBe(true);
    expect(specFromFlags({ ...bare, stepStart: false }, inputs, ['FDI']).stepStart).toBe(false);
    // The same for the fast solver: lmfit's optimizer path unless --fast-solver.
    expect(specFromFlags(bare, inputs, ['FDI']).fastSolver).toBe(false);
    expect(specFromFlags({ ...bare, fastSolver: true }, inputs, ['FDI']).fastSolver).toBe(true);
    expect(specFromFlags({ ...bare, fastSolver: false }, inputs, ['FDI']).fastSolver).toBe(false);
    expect(specFromFlags({ ...bare, pipeline: 'nl_hdf5' }, inputs, ['FDI'])).toMatchObject({
      preset: 'legacy',
      badElementScreen: true,
    });
    // Explicit flags win over the pipeline's set.
    const own = specFromFlags(
      { ...bare, pipeline: 'nl_hdf5', preset: 'element', badElementScreen: false },
      inputs,
      ['FDI'],
    );
    expect(own).toMatchObject({ preset: 'element', badElementScreen: false });
    expect(codeOf(() => specFromFlags({ ...bare, pipeline: 'fit_elms' }, inputs, ['FDI']))).toBe(
      'BAD_ARGUMENT --pipeline',
    );
  });

  it('parses ROI ids, zap selections and shards', () => {
    expect(parseRoiArg('/d/mesh.hdf5:midlayer_m1')).toEqual({ file: '/d/mesh.hdf5', roiId: 'midlayer_m1' });
    expect(parseRoiArg('C:\\d\\mesh.hdf5')).toEqual({ file: 'C:\\d\\mesh.hdf5', roiId: null });
    expect(parseZaps('200')).toEqual({ first: 200 });
    expect(parseZaps(':50')).toEqual({ range: [0, 50] });
    expect(parseShard('0/3')).toEqual([0, 3]);
    expect(parsePreinnervation('preinnervation_FDI:50')).toEqual({ column: 'preinnervation_FDI', max: 50 });
    expect(parsePreinnervation('EMG: pre (uV):12.5')).toEqual({ column: 'EMG: pre (uV)', max: 12.5 });
    expect(
      specFromFlags({ ...base, preinnervation: 'pre:40', zaps: '100' }, inputs, ['p2p_FDI']).zaps,
    ).toEqual({
      first: 100,
      preinnervation: { column: 'pre', max: 40 },
    });
    expect(shardRange([0, 3], 10)).toEqual([0, 3]);
    expect(shardRange([2, 3], 10)).toEqual([6, 10]);
  });

  it.each([
    ['--qoi', { qoi: 'E_foo' }],
    ['--refit', { refit: '-1' }],
    ['--workers', { workers: 'two' }],
    ['--zaps', { zaps: '5:2' }],
    ['--preinnervation', { preinnervation: 'pre' }],
    ['--preinnervation', { preinnervation: 'pre:abc' }],
    ['--preinnervation', { preinnervation: ':40' }],
    ['--shard', { shard: '4/4' }],
    ['--seed', { seed: '1.5' }],
    ['--refit', { refit: '10001' }],
    ['--workers', { workers: '0' }],
  ])('rejects a bad %s with BAD_ARGUMENT naming the flag', (flag, over) => {
    expect(codeOf(() => specFromFlags({ ...base, ...over }, inputs, ['FDI']))).toBe(`BAD_ARGUMENT ${flag}`);
  });
});
