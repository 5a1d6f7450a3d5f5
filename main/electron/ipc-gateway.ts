// The IPC gateway: one handler per contract verb, each checking the sender frame before the service validates and runs it.
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { AppError, VERBS, ipcChannel } from '../contract';
import type { Envelope, Verb } from '../contract';
import type { RendererOrigin } from './trusted-sender';
import { isTrustedUrl } from './trusted-sender';

export interface Dispatcher {
  dispatch(verb: string, payload: unknown): Promise<Envelope<unknown>>;
}

/** Registers every verb on ipcMain; returns a function that removes them again. */
export function registerGateway(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  service: Dispatcher,
  origin: RendererOrigin,
): () => void {
  for (const verb of VERBS) {
    ipcMain.handle(ipcChannel(verb), (event: IpcMainInvokeEvent, payload: unknown) =>
      handleCall(verb, event, payload, service, origin),
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
): Promise<Envelope<unknown>> {
  const url = event.senderFrame?.url;
  if (!isTrustedUrl(url, origin)) {
    return new AppError('UNAUTHORIZED', {
      path: verb,
      found: `a call from ${url ?? 'an unknown frame'}`,
      expected: 'the app window',
    }).toPayload();
  }
  return service.dispatch(verb, payload);
}
