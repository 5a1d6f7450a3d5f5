// Browser mode's HTTP boundary: token on every request, paths confined to --root, wire codec, coded errors.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_REQUEST_HEADER, parseWire, stringifyWire, TOKEN_HEADER } from '../../main/contract';
import { startServer, type RunningServer } from '../e2e/serve-helper';

let s: RunningServer;

async function call(
  verb: string,
  body: unknown,
  token: string | null = s.token,
): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${s.origin}/api/${verb}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [APP_REQUEST_HEADER]: '1',
      ...(token ? { [TOKEN_HEADER]: token } : {}),
    },
    body: stringifyWire(body),
  });
  return { status: res.status, json: parseWire(await res.text()) };
}

beforeAll(async () => {
  s = await startServer();
  mkdirSync(join(s.root, 'data'));
  writeFileSync(
    join(s.root, 'data', 'responses.csv'),
    'zap,condition,intensity,p2p_FDI\n0,a,50,0.1\n1,a,60,0.5\n2,b,70,1.2\n',
  );
  writeFileSync(join(s.root, 'data', '.hidden.csv'), 'x\n1\n');
  symlinkSync('/etc', join(s.root, 'escape'));
});
afterAll(async () => {
  await s?.stop();
});

describe('browser-mode server', () => {
  it('binds to 127.0.0.1 and prints a URL with a long random token', () => {
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32}$/);
  });

  it('refuses API calls without the token or with a wrong one (401 UNAUTHORIZED)', async () => {
    const none = await call('appInfo', {}, null);
    expect(none.status).toBe(401);
    expect(none.json).toMatchObject({ ok: false, code: 'UNAUTHORIZED' });
    // The token with its last character changed (to 'y' where it already ends in 'x': 1 run in 64 did).
    const wrongToken = `${s.token.slice(0, -1)}${s.token.endsWith('x') ? 'y' : 'x'}`;
    expect(wrongToken).not.toBe(s.token);
    const wrong = await call('appInfo', {}, wrongToken);
    expect(wrong.status).toBe(401);
    const events = await fetch(`${s.origin}/api/events`);
    expect(events.status).toBe(401);
  });

  it('serves the page only with the token, then by cookie; assets need it too', async () => {
    expect((await fetch(`${s.origin}/`)).status).toBe(401);
    const first = await fetch(s.url);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-security-policy')).toContain("script-src 'self'");
    const cookie = first.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const html = await first.text();
    const asset = /src="\.?\/?(assets\/[^"]+\.js)"/.exec(html)![1];
    expect((await fetch(`${s.origin}/${asset}`)).status).toBe(401);
    const withCookie = await fetch(`${s.origin}/${asset}`, { headers: { cookie: cookie.split(';')[0] } });
    expect(withCookie.status).toBe(200);
    expect(withCookie.headers.get('content-type')).toContain('javascript');
    // Content-hashed build files are kept by the browser; the page, which names them, never is.
    expect(asset).toMatch(/-[A-Za-z0-9_-]{8}\.js$/);
    expect(withCookie.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
    expect(first.headers.get('cache-control')).toBe('no-store');
    const api = await fetch(`${s.origin}/api/appInfo`, {
      method: 'POST',
      headers: {
        cookie: cookie.split(';')[0],
        'content-type': 'application/json',
        [APP_REQUEST_HEADER]: '1',
      },
      body: '{}',
    });
    expect(api.status).toBe(200);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((res, rej) => {
      const r = request(
        {
          host: '127.0.0.1',
          port: s.port,
          path: '/api/appInfo',
          method: 'POST',
          headers: { host: 'evil.example:80', [TOKEN_HEADER]: s.token },
        },
        (resp) => res(resp.statusCode ?? 0),
      );
      r.on('error', rej);
      r.end('{}');
    });
    expect(status).toBe(403);
  });

  it('answers appInfo with the browse root and no native dialogs', async () => {
    const r = await call('appInfo', {});
    expect(r.json).toMatchObject({ ok: true, value: { transport: 'http', nativeDialogs: false } });
    expect((r.json as { value: { browseRoot: string } }).value.browseRoot).toContain('tms-root-');
  });

  it('browses inside the root (hidden files left out, folders first) and refuses paths outside it', async () => {
    const inside = await call('browse', { purpose: 'responses' });
    const v = (inside.json as { value: { entries: { name: string; kind: string }[]; parent: string | null } })
      .value;
    expect(v.parent).toBeNull();
    expect(v.entries.map((e) => e.name)).toEqual(['data']);
    const data = await call('browse', { purpose: 'responses', dir: join(s.root, 'data') });
    expect(
      (data.json as { value: { entries: { name: string }[] } }).value.entries.map((e) => e.name),
    ).toEqual(['responses.csv']);

    for (const dir of ['/etc', join(s.root, '..'), join(s.root, 'escape'), '../../etc']) {
      const r = await call('browse', { purpose: 'roi', dir });
      expect(r.json, dir).toMatchObject({ ok: false, code: 'PERMISSION_DENIED' });
      expect((r.json as { message: string }).message).toContain('outside the served folder');
    }
    const read = await call('previewResponses', { file: '/etc/passwd' });
    expect(read.json).toMatchObject({ ok: false, code: 'PERMISSION_DENIED' });
    const write = await call('saveFigure', {
      path: '/tmp/x.png',
      format: 'png',
      data: new Uint8Array([1, 2, 3]),
      overwrite: true,
    });
    expect(write.json).toMatchObject({ ok: false, code: 'PERMISSION_DENIED' });
  });

  it('previews a CSV under the root and guesses the condition and intensity columns', async () => {
    const r = await call('previewResponses', { file: join(s.root, 'data', 'responses.csv') });
    expect(r.json).toMatchObject({
      ok: true,
      value: {
        kind: 'csv',
        nRows: 3,
        columns: ['zap', 'condition', 'intensity', 'p2p_FDI'],
        suggestedConditionColumn: 'condition',
        suggestedIntensityColumn: 'intensity',
      },
    });
  });

  it('writes bytes sent as typed arrays and asks before overwriting (OUTPUT_EXISTS)', async () => {
    const path = join(s.root, 'fig.png');
    const bytes = new Uint8Array([137, 80, 78, 71, 0, 255]);
    expect(await call('saveFigure', { path, format: 'png', data: bytes, overwrite: false })).toMatchObject({
      json: { ok: true, value: { bytes: 6 } },
    });
    expect(await call('saveFigure', { path, format: 'png', data: bytes, overwrite: false })).toMatchObject({
      json: { ok: false, code: 'OUTPUT_EXISTS' },
    });
    expect(await call('saveFigure', { path, format: 'png', data: bytes, overwrite: true })).toMatchObject({
      json: { ok: true },
    });
  });

  it('rejects malformed payloads with BAD_ARGUMENT naming the field, and unknown verbs with 404', async () => {
    const bad = await call('listRois', { file: 42 });
    expect(bad.json).toMatchObject({ ok: false, code: 'BAD_ARGUMENT' });
    expect((bad.json as { message: string }).message).toContain('at file');
    const extra = await call('appInfo', { sneaky: true });
    expect((extra.json as { message: string }).message).toContain('sneaky');
    const unknown = await call('readAnyFile', { path: '/etc/passwd' });
    expect(unknown.status).toBe(404);
    const notJson = await fetch(`${s.origin}/api/appInfo`, {
      method: 'POST',
      headers: { [TOKEN_HEADER]: s.token, 'content-type': 'application/json', [APP_REQUEST_HEADER]: '1' },
      body: '{oops',
    });
    expect(notJson.status).toBe(400);
  });

  it('keeps settings in the config folder across calls', async () => {
    await call('setSettings', { patch: { workers: 3, theme: 'dark' } });
    const r = await call('getSettings', {});
    expect(r.json).toMatchObject({ ok: true, value: { workers: 3, theme: 'dark', recentFiles: [] } });
  });

  it('refuses state-changing requests that do not come from the app page (CSRF, issue 15)', async () => {
    const first = await fetch(s.url);
    const cookie = first.headers.get('set-cookie')!.split(';')[0];
    const post = (headers: Record<string, string>): Promise<Response> =>
      fetch(`${s.origin}/api/saveFigure`, {
        method: 'POST',
        headers: { cookie, ...headers },
        body: stringifyWire({
          path: join(s.root, 'pwned.svg'),
          format: 'svg',
          data: new Uint8Array([60]),
          overwrite: true,
        }),
      });
    // What a no-cors form/fetch of another 127.0.0.1 port can send: cookie and text/plain, no custom header.
    const simple = await post({ 'content-type': 'text/plain' });
    expect(simple.status).toBe(403);
    expect(parseWire(await simple.text())).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const app = { 'content-type': 'application/json', [APP_REQUEST_HEADER]: '1' };
    expect((await post({ ...app, origin: 'http://127.0.0.1:1' })).status).toBe(403);
    expect((await post({ ...app, 'sec-fetch-site': 'same-site' })).status).toBe(403);
    expect((await post({ 'content-type': 'text/plain', [APP_REQUEST_HEADER]: '1' })).status).toBe(403);
    const { existsSync } = await import('node:fs');
    expect(existsSync(join(s.root, 'pwned.svg'))).toBe(false);
    const own = await post({ ...app, origin: s.origin, 'sec-fetch-site': 'same-origin' });
    expect(own.status).toBe(200);
  });

  it('answers an oversized body with 413 TOO_LARGE, not a reset socket', async () => {
    const big = new Uint8Array(80 * 1024 * 1024);
    const res = await fetch(`${s.origin}/api/appInfo`, {
      method: 'POST',
      headers: { [TOKEN_HEADER]: s.token, 'content-type': 'application/json', [APP_REQUEST_HEADER]: '1' },
      body: big,
    });
    expect(res.status).toBe(413);
    expect(parseWire(await res.text())).toMatchObject({ ok: false, code: 'TOO_LARGE' });
  });

  it('previews only regular files: a FIFO or a folder is NOT_A_FILE, and static files still answer', async () => {
    const { execFileSync } = await import('node:child_process');
    execFileSync('mkfifo', [join(s.root, 'data', 'pipe.csv')]);
    const fifo = await call('previewResponses', { file: join(s.root, 'data', 'pipe.csv') });
    expect(fifo.json).toMatchObject({ ok: false, code: 'NOT_A_FILE' });
    const dir = await call('previewResponses', { file: join(s.root, 'data') });
    expect(dir.json).toMatchObject({ ok: false, code: 'NOT_A_FILE' });
    expect((await call('appInfo', {})).status).toBe(200);
  });

  it('rejects __proto__ and constructor keys in payloads', async () => {
    const proto = await fetch(`${s.origin}/api/setSettings`, {
      method: 'POST',
      headers: { [TOKEN_HEADER]: s.token, 'content-type': 'application/json', [APP_REQUEST_HEADER]: '1' },
      body: '{"patch":{"__proto__":{"polluted":true}}}',
    });
    expect(parseWire(await proto.text())).toMatchObject({ ok: false, code: 'BAD_ARGUMENT' });
    const ctor = await call('setSettings', { patch: { constructor: { prototype: { polluted: true } } } });
    expect(ctor.json).toMatchObject({ ok: false, code: 'BAD_ARGUMENT' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
