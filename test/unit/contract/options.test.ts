import { describe, expect, it } from 'vitest';
import { AppError } from '../../../main/contract/errors';
import {
  DEFAULT_MODEL,
  OPTION_RANGES,
  refitRecord,
  toJobSpec,
  type JobSpec,
} from '../../../main/contract/options';
import { checkJobSpec, validateModelOptions } from '../../../main/contract/validators';

const inputs = { roiFile: 'm.hdf5', efieldFile: 'e.hdf5', responsesFile: 'r.csv' };
const selection = { responses: ['p2p_FDI'], qois: ['E_mag' as const], zaps: { first: 100 } };

function pathOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return e instanceof AppError ? `${e.code} ${e.context.path}` : 'not an AppError';
  }
  return undefined;
}

describe('model options', () => {
  it('has one set of defaults that passes its own check (the reference: sigmoid4, R², 50 refits)', () => {
    expect(validateModelOptions({ ...DEFAULT_MODEL })).toEqual(DEFAULT_MODEL);
    expect(DEFAULT_MODEL).toMatchObject({ fun: 'sigmoid4', score: 'R2', nRefit: 50, seed: 1 });
  });

  it('checks numbers against the one range table, naming the option', () => {
    const max = OPTION_RANGES.nRefit.max;
    expect(validateModelOptions({ ...DEFAULT_MODEL, nRefit: max }).nRefit).toBe(max);
    expect(pathOf(() => validateModelOptions({ ...DEFAULT_MODEL, nRefit: max + 1 }))).toBe(
      'BAD_ARGUMENT nRefit',
    );
    expect(pathOf(() => validateModelOptions({ ...DEFAULT_MODEL, workers: 0 }))).toBe('BAD_ARGUMENT workers');
  });
});

describe('toJobSpec', () => {
  it('maps the edited options onto the job spec (signed data auto → undefined, on/off → boolean)', () => {
    const spec = toJobSpec(inputs, selection, { ...DEFAULT_MODEL, workers: 3, signedData: 'on' });
    expect(spec).toMatchObject({
      inputs,
      responses: ['p2p_FDI'],
      qois: ['E_mag'],
      zaps: { first: 100 },
      fun: 'sigmoid4',
      nRefit: 50,
      signedData: true,
      workers: 3,
    });
    expect(toJobSpec(inputs, selection, { ...DEFAULT_MODEL, signedData: 'auto' }).signedData).toBeUndefined();
    // The default is pynibs.regress_data's: no signed-data selection, no bad-element screen, no step start (also
    // for a client that does not name it); the spec always says which.
    expect(toJobSpec(inputs, selection, DEFAULT_MODEL)).toMatchObject({
      signedData: false,
      badElementScreen: false,
      stepStart: false,
    });
    const { stepStart: _unnamed, ...unnamed } = DEFAULT_MODEL;
    expect(toJobSpec(inputs, selection, unnamed).stepStart).toBe(false);
    expect(toJobSpec(inputs, selection, { ...DEFAULT_MODEL, stepStart: true }).stepStart).toBe(true);
    // The reference's optimizer path unless the client asks for the engine's own.
    const { fastSolver: _unnamedSolver, ...noSolver } = DEFAULT_MODEL;
    expect(toJobSpec(inputs, selection, noSolver).fastSolver).toBe(false);
    expect(toJobSpec(inputs, selection, { ...DEFAULT_MODEL, fastSolver: true }).fastSolver).toBe(true);
    expect(toJobSpec(inputs, selection, DEFAULT_MODEL, { chunkSize: 64, shard: [1, 4] })).toMatchObject({
      chunkSize: 64,
      shard: [1, 4],
    });
  });

  it('stores the spec with the same key order as before (the spec is written to results as JSON)', () => {
    const spec = toJobSpec(inputs, selection, DEFAULT_MODEL, { quality: true });
    expect(Object.keys(JSON.parse(JSON.stringify(spec)) as JobSpec)).toEqual([
      'inputs',
      'responses',
      'qois',
      'zaps',
      'fun',
      'score',
      'preset',
      'nRefit',
      'discontinuityRefit',
      'stepdown',
      'badElementScreen',
      'signedData',
      // Added with the option (beyond the reference); specs stored before it lack the key and read as on.
      'stepStart',
      // Likewise (the engine's own solver, beyond the reference): absent reads as on.
      'fastSolver',
      'convergence',
      'quality',
      'workers',
      'seed',
    ]);
  });

  it('passes checkJobSpec, which names the field of a bad spec', () => {
    const spec = toJobSpec(inputs, selection, DEFAULT_MODEL);
    expect(() => checkJobSpec(spec)).not.toThrow();
    expect(pathOf(() => checkJobSpec({ ...spec, nRefit: OPTION_RANGES.nRefit.max + 1 }))).toBe(
      'BAD_ARGUMENT nRefit',
    );
    expect(pathOf(() => checkJobSpec({ ...spec, qois: ['E_mag', 'E_mag'] }))).toBe('BAD_ARGUMENT qois');
  });
});

describe('refits of a closed-form fit', () => {
  it('toJobSpec records none for ridge maps, and refitRecord says they were not applicable', () => {
    const inputs = { roiFile: 'r', roiId: null, efieldFile: 'e', responsesFile: 'p' };
    const sel = { responses: ['p2p_FDI'], qois: ['E_mag' as const], zaps: {} };
    const ridge = toJobSpec(inputs, sel, { ...DEFAULT_MODEL, fun: 'ridge' });
    expect([ridge.nRefit, ridge.discontinuityRefit]).toEqual([0, false]);
    expect(refitRecord(ridge)).toBe('not applicable (closed-form fit)');
    const sig = toJobSpec(inputs, sel, { ...DEFAULT_MODEL });
    expect([sig.nRefit, sig.discontinuityRefit]).toEqual([50, true]);
    expect(refitRecord(sig)).toEqual({ zeroRounds: 50, discontinuity: true });
  });
});
