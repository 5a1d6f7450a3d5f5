// The IPC gateway: one handler per contract verb, each checking the sender frame before the service validates and runs it.
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { AppError, VERBS, ipcChannel } from '../contract';
import type { Envelope, Verb } from '../contract';
import type { RendererOrigin } from './trusted-sender';
import { isTrustedUrl } from './trusted-sender';

export interface Dispatcher {
  dispatch(verb: string, payload: unknown): Promise<Envelope<unknown>>;
}

/** Between the sender check and the service: the path confirmation of the desktop app. */
export interface GatewayGuard {
  /** An error to answer with instead of dispatching (e.g. the user refused a path), or null. */
  before(verb: Verb, payload: unknown): Promise<AppError | null>;
  /** Sees every successful result (e.g. the demo's own files). */
  after(verb: Verb, value: unknown): void;
}

/** Registers every verb on ipcMain; returns a function that removes them again. */
export function registerGateway(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  service: Dispatcher,
  origin: RendererOrigin,
  guard?: GatewayGuard,
): () => void {
  for (const verb of VERBS) {
    ipcMain.handle(ipcChannel(verb), (event: IpcMainInvokeEvent, payload: unknown) =>
      handleCall(verb, event, payload, service, origin, guard),
    );
  }
  return () => {
    for (const verb of VERBS) ipcMain.removeHandler(ipcChannel(verb));
  };
}

export async function handleCall(
  verb: Verb,
  event: Pick<IpcMainInvokeEvent, 'senderFrame'>,
  payload: unknown,
  service: Dispatcher,
  origin: RendererOrigin,
  guard?: GatewayGuard,
): Promise<Envelope<unknown>> {
  const url = event.senderFrame?.url;
  if (!isTrustedUrl(url, origin)) {
    return new AppError('UNAUTHORIZED', {
      path: verb,
      found: `a call from ${url ?? 'an unknown frame'}`,
      expected: 'the app window',
    }).toPayload();
  }
  if (guard) {
    const refused = await guard.before(verb, payload);
    if (refused) return refused.toPayload();
  }
  const res = await service.dispatch(verb, payload);
  if (guard && res.ok) guard.after(verb, res.value);
  return res;
}
