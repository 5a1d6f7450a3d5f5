// The IPC gateway and preload with `electron` mocked: one handler per verb, sender-frame check, envelopes, event filtering.
import { describe, expect, it, vi } from 'vitest';

const exposed: Record<string, unknown> = {};
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
  ipcRenderer: { invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn() },
}));

const { registerGateway, handleCall } = await import('../../../main/electron/ipc-gateway');
const { rendererOrigin, isTrustedUrl } = await import('../../../main/electron/trusted-sender');
const { buildBridge } = await import('../../../main/electron/preload');
const { VERBS, ipcChannel, IPC_EVENT_CHANNEL } = await import('../../../main/contract/verbs');

const origin = rendererOrigin(undefined);
const frame = (url: string) => ({ senderFrame: { url } }) as never;

describe('trusted sender', () => {
  it('accepts only our index page', () => {
    expect(isTrustedUrl(origin.indexUrl, origin)).toBe(true);
    expect(isTrustedUrl(`${origin.indexUrl}?x=1#step`, origin)).toBe(true);
    expect(isTrustedUrl('file:///tmp/evil.html', origin)).toBe(false);
    expect(isTrustedUrl('file:///opt/TMS%20Mapper/resources/app.asar/out/renderer/index.html', origin)).toBe(
      false,
    );
    expect(isTrustedUrl('https://example.com/', origin)).toBe(false);
    expect(isTrustedUrl(undefined, origin)).toBe(false);
    const dev = rendererOrigin('http://localhost:5173');
    expect(isTrustedUrl('http://localhost:5173/src/main.ts', dev)).toBe(true);
    expect(isTrustedUrl('http://localhost:5174/', dev)).toBe(false);
  });
});

describe('IPC gateway', () => {
  it('registers exactly one handler per verb and removes them again', () => {
    const handlers = new Map<string, unknown>();
    const ipcMain = {
      handle: (ch: string, f: unknown) => handlers.set(ch, f),
      removeHandler: (ch: string) => handlers.delete(ch),
    };
    const off = registerGateway(ipcMain, { dispatch: vi.fn() }, origin);
    expect([...handlers.keys()].sort()).toEqual(VERBS.map(ipcChannel).sort());
    off();
    expect(handlers.size).toBe(0);
  });

  it('refuses calls from other frames with UNAUTHORIZED, without reaching the service', async () => {
    const dispatch = vi.fn();
    const r = await handleCall('openDemo', frame('https://evil.example/'), {}, { dispatch }, origin);
    expect(r).toMatchObject({ ok: false, code: 'UNAUTHORIZED' });
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('passes trusted calls to the service (which validates) and returns its envelope', async () => {
    const dispatch = vi.fn().mockResolvedValue({ ok: true, value: { rois: [] } });
    const r = await handleCall('listRois', frame(origin.indexUrl), { file: '/a.hdf5' }, { dispatch }, origin);
    expect(dispatch).toHaveBeenCalledWith('listRois', { file: '/a.hdf5' });
    expect(r).toEqual({ ok: true, value: { rois: [] } });
  });
});

describe('preload bridge', () => {
  it('exposes exactly the verbs plus on(), and nothing of ipcRenderer', () => {
    expect(Object.keys(exposed.tmsMapper as object).sort()).toEqual([...VERBS, 'on'].sort());
  });

  it('invokes the verb channel and filters events by name', () => {
    const listeners: ((e: unknown, name: string, p: unknown) => void)[] = [];
    const ipc = {
      invoke: vi.fn().mockResolvedValue({ ok: true, value: 1 }),
      on: vi.fn((_ch: string, l: (e: unknown, name: string, p: unknown) => void) => listeners.push(l)),
      removeListener: vi.fn(),
    };
    const bridge = buildBridge(ipc as never);
    void bridge.getSettings({});
    expect(ipc.invoke).toHaveBeenCalledWith(ipcChannel('getSettings'), {});
    const got: unknown[] = [];
    const off = bridge.on('job:progress', (p) => got.push(p));
    expect(ipc.on).toHaveBeenCalledWith(IPC_EVENT_CHANNEL, expect.any(Function));
    listeners[0]({ sender: 'secret' }, 'job:finished', { jobId: 'a' });
    listeners[0]({ sender: 'secret' }, 'job:progress', { jobId: 'b' });
    expect(got).toEqual([{ jobId: 'b' }]);
    off();
    expect(ipc.removeListener).toHaveBeenCalled();
    expect(() => bridge.on('nope' as never, () => undefined)).toThrow(/unknown event/);
  });
});
