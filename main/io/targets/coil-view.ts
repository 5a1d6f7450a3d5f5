// The coil the app draws over each score map: the same pose targets/ hands to the navigator, placed where the coil sits.
import type { CoilView, MappingResult } from '../../contract';
import type { RoiGeometry } from '../types';
import { mapKey, type TargetInputs } from './best-pose';
import { hotspotTargets } from './hotspot-targets';
import { ENTRY_DISTANCE_MM } from './localite';

export type { CoilView };

/** Per map (key response/qoi) the coil to draw; maps without a hotspot have none. */
export function coilViews(
  result: MappingResult,
  roi: RoiGeometry,
  inputs: TargetInputs | undefined,
): Map<string, CoilView> {
  const out = new Map<string, CoilView>();
  for (const t of hotspotTargets(result, roi, inputs)) {
    const m = Array.from(t.best ? t.best.pose : t.orientation);
    if (!t.best) for (let k = 0; k < 3; k++) m[k * 4 + 3] = t.centroid[k] + ENTRY_DISTANCE_MM * t.outward[k];
    out.set(mapKey(t.response, t.qoi), {
      matrix: m,
      from: t.best ? 'recorded pose' : 'element normal',
      zap: t.best ? t.best.zap : null,
    });
  }
  return out;
}

/** `maps` with each map's coil attached (the service's MapInfo lists). */
export function withCoils<M extends { response: string; qoi: string; coil?: CoilView | null }>(
  maps: M[],
  coils: Map<string, CoilView> | undefined,
): M[] {
  return maps.map((m) => ({ ...m, coil: coils?.get(mapKey(m.response, m.qoi)) ?? null }));
}
