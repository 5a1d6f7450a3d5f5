// Preload (sandboxed, CommonJS): exposes exactly the contract's verbs and event subscription as `window.tmsMapper`.
import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import type { ApiEvents, EventName, PreloadBridge } from '../contract';
import { EVENT_NAMES, IPC_EVENT_CHANNEL, VERBS, ipcChannel } from '../contract';

export function buildBridge(
  ipc: Pick<typeof ipcRenderer, 'invoke' | 'on' | 'removeListener'>,
): PreloadBridge {
  const bridge: Record<string, unknown> = {};
  for (const verb of VERBS) bridge[verb] = (req: unknown) => ipc.invoke(ipcChannel(verb), req ?? {});
  bridge.on = <E extends EventName>(event: E, listener: (payload: ApiEvents[E]) => void): (() => void) => {
    if (!(EVENT_NAMES as readonly string[]).includes(event))
      throw new Error(`unknown event ${String(event)}`);
    // The renderer never sees the IpcRendererEvent (it would expose `sender`, i.e. ipcRenderer itself).
    const handler = (_e: IpcRendererEvent, name: string, payload: unknown): void => {
      if (name === event) listener(payload as ApiEvents[E]);
    };
    ipc.on(IPC_EVENT_CHANNEL, handler);
    return () => void ipc.removeListener(IPC_EVENT_CHANNEL, handler);
  };
  return bridge as PreloadBridge;
}

contextBridge.exposeInMainWorld('tmsMapper', buildBridge(ipcRenderer));
