// The one API client of the renderer: Electron's bridge when present, otherwise browser mode's HTTP client.
import type { ApiClient } from '../../../main/contract';
import { createElectronClient, hasElectronBridge } from './electron-client';
import { createHttpClient, takeToken } from './http-client';

let current: ApiClient | null = null;
const lostListeners = new Set<(lost: boolean) => void>();

/** Called with true as soon as browser mode's server stops answering its event stream, false when it is back. */
export function onServerLost(listener: (lost: boolean) => void): () => void {
  lostListeners.add(listener);
  return () => lostListeners.delete(listener);
}

export function connectClient(): ApiClient {
  if (hasElectronBridge(window)) current = createElectronClient(window.tmsMapper);
  else
    current = createHttpClient({
      baseUrl: window.location.origin,
      token: takeToken(window.location, window.sessionStorage, window.history),
      onConnection: (up) => lostListeners.forEach((l) => l(!up)),
    });
  return current;
}

/** Tests and the app's start-up set the client; every store reads it through useApi(). */
export function setClient(c: ApiClient): void {
  current = c;
}

export function useApi(): ApiClient {
  if (!current) throw new Error('API client used before connectClient()');
  return current;
}
