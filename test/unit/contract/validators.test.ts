// Payload validation of every verb: good requests pass unchanged, bad ones fail with BAD_ARGUMENT naming the field.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../main/contract/errors';
import { VALIDATORS, validateRequest } from '../../../main/contract/validators';
import { VERBS } from '../../../main/contract/verbs';

const model = {
  fun: 'sigmoid4',
  score: 'R2',
  preset: 'element',
  nRefit: 50,
  discontinuityRefit: true,
  stepdown: false,
  badElementScreen: true,
  signedData: 'auto',
  convergence: false,
  workers: 2,
  seed: 1,
};
const selection = { responses: ['p2p_FDI'], qois: ['E_mag'], zaps: { range: [0, 100], conditions: ['a'] } };

function badArgument(f: () => unknown): AppError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('BAD_ARGUMENT');
    return e as AppError;
  }
  throw new Error('expected BAD_ARGUMENT');
}

describe('validators', () => {
  it('has one validator per verb', () => {
    expect(Object.keys(VALIDATORS).sort()).toEqual([...VERBS].sort());
  });

  it('accepts well-formed requests (verbs without arguments also bare)', () => {
    expect(validateRequest('appInfo', undefined)).toEqual({});
    expect(validateRequest('startJob', { datasetId: 'd1', selection, model })).toEqual({
      datasetId: 'd1',
      selection,
      model,
    });
    const bytes = new Uint8Array([1, 2]);
    expect(
      validateRequest('saveFigure', { path: '/x.png', format: 'png', data: bytes, overwrite: false }).data,
    ).toBe(bytes);
    expect(validateRequest('setSettings', { patch: { workers: 4 } })).toEqual({ patch: { workers: 4 } });
  });

  it.each([
    ['listRois', { file: 42 }, 'file'],
    ['listRois', {}, 'file'],
    ['openDataset', { inputs: { roiFile: 'a', efieldFile: 'b' } }, 'inputs.responsesFile'],
    ['startJob', { datasetId: 'd', selection, model: { ...model, fun: 'cubic' } }, 'model.fun'],
    ['startJob', { datasetId: 'd', selection, model: { ...model, workers: 0 } }, 'model.workers'],
    ['startJob', { datasetId: 'd', selection, model: { ...model, nRefit: 1.5 } }, 'model.nRefit'],
    ['startJob', { datasetId: 'd', selection: { ...selection, qois: ['E_x'] }, model }, 'selection.qois[0]'],
    [
      'startJob',
      {
        datasetId: 'd',
        selection: { ...selection, zaps: { preinnervation: { column: 'pre', max: 'x' } } },
        model,
      },
      'selection.zaps.preinnervation.max',
    ],
    ['getElement', { resultId: 'r', response: 'p2p_FDI', qoi: 'E_mag', element: -1 }, 'element'],
    ['saveFigure', { path: '/x.png', format: 'png', data: [1, 2], overwrite: false }, 'data'],
    ['pickPath', { purpose: 'anything', mode: 'open' }, 'purpose'],
    ['appInfo', { extra: 1 }, '.extra'],
    ['setSettings', { patch: { theme: 'neon' } }, 'patch.theme'],
  ] as const)('%s %j → BAD_ARGUMENT at %s', (verb, payload, where) => {
    const e = badArgument(() => validateRequest(verb, payload));
    expect(e.context.path).toContain(where);
    expect(e.context.expected).toBeTruthy();
  });

  it('refuses non-objects and NaN numbers', () => {
    badArgument(() => validateRequest('listRois', 'file.hdf5'));
    badArgument(() => validateRequest('topElements', { resultId: 'r', response: 'x', qoi: 'E_mag', n: NaN }));
  });
});
