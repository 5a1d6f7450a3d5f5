import { describe, expect, it } from 'vitest';
import { AppError, toErrorPayload } from '../../../main/contract/errors';

describe('AppError', () => {
  it('names the code, file, place, found and expected in its message', () => {
    const e = new AppError('BAD_SHAPE', {
      file: 'e.hdf5',
      path: '/E_mag',
      found: '[3]',
      expected: '[zaps, elements]',
    });
    expect(e.message).toBe(
      'BAD_SHAPE: A dataset has an unexpected shape; file e.hdf5; at /E_mag; found [3]; expected [zaps, elements]',
    );
    expect(e.toPayload()).toEqual({ ok: false, code: 'BAD_SHAPE', message: e.message });
  });

  it('turns foreign errors into INTERNAL payloads', () => {
    expect(toErrorPayload(new TypeError('boom'))).toEqual({
      ok: false,
      code: 'INTERNAL',
      message: 'INTERNAL: boom',
    });
  });
});
