// @vitest-environment jsdom
// Browser mode's client: token taken from the URL once, sent as header; typed arrays decoded; errors become ApiErrors.
import { describe, expect, it } from 'vitest';
import { createHttpClient, takeToken } from '../../../../renderer/src/api/http-client';
import { ApiError } from '../../../../renderer/src/api/api-error';
import { parseWire, stringifyWire } from '../../../../main/contract';

describe('takeToken', () => {
  it('takes ?token= once, keeps it for reloads and removes it from the address bar', () => {
    window.history.replaceState(null, '', '/?token=abc&x=1#h');
    expect(takeToken(window.location, window.sessionStorage, window.history)).toBe('abc');
    expect(window.location.search).toBe('?x=1');
    expect(window.location.hash).toBe('#h');
    expect(takeToken(window.location, window.sessionStorage, window.history)).toBe('abc');
  });
});

describe('createHttpClient', () => {
  it('posts wire JSON with the token header and decodes typed arrays', async () => {
    const seen: { url: string; init: RequestInit }[] = [];
    const fetchFake = ((url: string, init: RequestInit) => {
      seen.push({ url, init });
      return Promise.resolve(
        new Response(
          stringifyWire({
            ok: true,
            value: { scores: Float64Array.from([0.5, NaN]), status: Uint8Array.from([0, 4]) },
          }),
        ),
      );
    }) as unknown as typeof fetch;
    const c = createHttpClient({ baseUrl: 'http://127.0.0.1:9', token: 'tok', fetch: fetchFake });
    const r = await c.getMap({ resultId: 'r', response: 'p2p_FDI', qoi: 'E_mag' });
    expect(r.scores).toBeInstanceOf(Float64Array);
    expect(r.scores[1]).toBeNaN();
    expect(Array.from(r.status)).toEqual([0, 4]);
    expect(seen[0].url).toBe('http://127.0.0.1:9/api/getMap');
    expect((seen[0].init.headers as Record<string, string>)['x-tms-token']).toBe('tok');
    expect(parseWire(seen[0].init.body as string)).toEqual({
      resultId: 'r',
      response: 'p2p_FDI',
      qoi: 'E_mag',
    });
  });

  it('turns error envelopes and a dead server into ApiErrors with codes', async () => {
    const c = createHttpClient({
      baseUrl: '',
      token: null,
      fetch: () =>
        Promise.resolve(
          new Response(
            stringifyWire({ ok: false, code: 'UNAUTHORIZED', message: 'UNAUTHORIZED: no token' }),
            { status: 401 },
          ),
        ),
    });
    await expect(c.appInfo({})).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    const dead = createHttpClient({
      baseUrl: '',
      token: null,
      fetch: () => Promise.reject(new TypeError('failed')),
    });
    const e = await dead.appInfo({}).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).message).toContain('does not answer');
  });
});
