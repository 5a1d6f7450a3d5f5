// A scripted ApiClient for renderer unit tests: answers chosen verbs, records calls, and lets a test fire events.
import type { ApiClient, ApiEvents, EventName, Req, Res, Verb } from '../../../main/contract';

export interface FakeClient {
  client: ApiClient;
  calls: { verb: Verb; req: unknown }[];
  emit<E extends EventName>(event: E, payload: ApiEvents[E]): void;
}

export function fakeClient(answers: { [V in Verb]?: (req: Req<V>) => Res<V> | Promise<Res<V>> }): FakeClient {
  const calls: { verb: Verb; req: unknown }[] = [];
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const client = new Proxy(
    {},
    {
      get(_t, key: string) {
        if (key === 'on') {
          return (event: string, l: (p: unknown) => void) => {
            if (!listeners.has(event)) listeners.set(event, new Set());
            listeners.get(event)!.add(l);
            return () => listeners.get(event)!.delete(l);
          };
        }
        return (req: unknown): Promise<unknown> => {
          calls.push({ verb: key as Verb, req });
          const a = (answers as Record<string, ((r: unknown) => unknown) | undefined>)[key];
          if (!a) return Promise.reject(new Error(`fake client: no answer for ${key}`));
          try {
            return Promise.resolve(a(req));
          } catch (e) {
            return Promise.reject(e instanceof Error ? e : new Error(String(e)));
          }
        };
      },
    },
  ) as unknown as ApiClient;
  return {
    client,
    calls,
    emit: (event, payload) => {
      for (const l of listeners.get(event) ?? []) l(payload);
    },
  };
}
