// Transport 2: browser mode over HTTP (POST /api/<verb>, wire JSON) and server-sent events, with the per-launch token.
import type { ApiClient, ApiEvents, Envelope, EventName } from '../../../main/contract';
import {
  APP_REQUEST_HEADER,
  EVENT_NAMES,
  TOKEN_HEADER,
  VERBS,
  parseWire,
  stringifyWire,
} from '../../../main/contract';
import { ApiError } from './api-error';

const TOKEN_KEY = 'tms-mapper-token';

/** Takes the token from the first page load's `?token=`, keeps it for reloads, and removes it from the address bar. */
export function takeToken(loc: Location, storage: Storage, history: History): string | null {
  const params = new URLSearchParams(loc.search);
  const fromUrl = params.get('token');
  if (fromUrl) {
    storage.setItem(TOKEN_KEY, fromUrl);
    params.delete('token');
    const rest = params.toString();
    history.replaceState(null, '', `${loc.pathname}${rest ? `?${rest}` : ''}${loc.hash}`);
    return fromUrl;
  }
  return storage.getItem(TOKEN_KEY);
}

export interface HttpClientOptions {
  baseUrl: string;
  token: string | null;
  fetch?: typeof fetch;
  EventSource?: typeof EventSource;
  /** The event stream opened (true) or dropped (false): a dropped stream means the server stopped. */
  onConnection?: (up: boolean) => void;
}

export function createHttpClient(o: HttpClientOptions): ApiClient {
  const doFetch = o.fetch ?? fetch.bind(globalThis);
  const listeners = new Map<EventName, Set<(p: unknown) => void>>();
  let source: EventSource | null = null;

  function connectEvents(): void {
    if (source) return;
    const ES = o.EventSource ?? globalThis.EventSource;
    // The HttpOnly cookie set on the first load authenticates the stream (EventSource cannot send headers).
    source = new ES(`${o.baseUrl}/api/events`, { withCredentials: true });
    // EventSource retries by itself; the user hears at once that the server is gone, and again when it is back.
    source.addEventListener('open', () => o.onConnection?.(true));
    source.addEventListener('error', () => o.onConnection?.(false));
    for (const name of EVENT_NAMES) {
      source.addEventListener(name, (ev) => {
        const payload = parseWire((ev as MessageEvent<string>).data);
        for (const l of listeners.get(name) ?? []) l(payload);
      });
    }
  }

  const client: Record<string, unknown> = {
    on<E extends EventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void {
      connectEvents();
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const l = listener as (p: unknown) => void;
      set.add(l);
      return () => set.delete(l);
    },
  };
  for (const verb of VERBS) {
    client[verb] = async (req: unknown) => {
      let res: Response;
      try {
        res = await doFetch(`${o.baseUrl}/api/${verb}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            [APP_REQUEST_HEADER]: '1',
            ...(o.token ? { [TOKEN_HEADER]: o.token } : {}),
          },
          body: stringifyWire(req ?? {}),
          credentials: 'same-origin',
        });
      } catch (e) {
        throw new ApiError({
          code: 'INTERNAL',
          message: `INTERNAL: the TMS Mapper server does not answer (${String(e)}); is it still running?`,
        });
      }
      let env: Envelope<unknown>;
      try {
        env = parseWire(await res.text()) as Envelope<unknown>;
      } catch {
        throw new ApiError({
          code: 'INTERNAL',
          message: `INTERNAL: HTTP ${res.status} without a readable answer`,
        });
      }
      if (!env.ok) throw new ApiError(env);
      return env.value;
    };
  }
  return client as ApiClient;
}
