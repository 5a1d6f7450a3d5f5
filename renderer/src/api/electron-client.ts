// Transport 1: the Electron preload's bridge (`window.tmsMapper`), unwrapping its envelopes into values or ApiErrors.
import type { ApiClient, PreloadBridge, Verb } from '../../../main/contract';
import { VERBS } from '../../../main/contract';
import { ApiError } from './api-error';

export function createElectronClient(bridge: PreloadBridge): ApiClient {
  const client: Record<string, unknown> = {
    on: bridge.on.bind(bridge),
  };
  for (const verb of VERBS) {
    client[verb] = async (req: unknown) => {
      const call = bridge[verb] as (
        r: unknown,
      ) => Promise<{ ok: true; value: unknown } | { ok: false; code: never; message: string }>;
      const env = await call(req ?? {});
      if (!env.ok) throw new ApiError(env);
      return env.value;
    };
  }
  return client as ApiClient;
}

export function hasElectronBridge(w: unknown): w is { tmsMapper: PreloadBridge } {
  const b = (w as { tmsMapper?: Partial<Record<Verb, unknown>> }).tmsMapper;
  return !!b && typeof b.appInfo === 'function';
}
