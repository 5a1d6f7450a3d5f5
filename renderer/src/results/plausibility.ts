// Flags that should make a scientist look twice at an element: ROI edge, x0 outside the data, step-like slope, few zaps, signed minority.

export type FlagId = 'edge' | 'x0-outside' | 'step' | 'few-zaps' | 'sign-minority' | 'not-converged';

export interface Flag {
  id: FlagId;
  /** Short text for a table cell. */
  short: string;
  /** One sentence saying what was found and why it matters. */
  detail: string;
}

/** r (slope of the sigmoid, 1/(V/m)) from which a fit is a step rather than a curve: "r in the hundreds". */
export const STEP_SLOPE = 100;
/** Fewer fitted zaps than this make a four-parameter fit shaky. */
export const FEW_ZAPS = 30;
/** Share of zaps with the other sign of E from which signed-data fitting leaves out a noticeable part of the data. */
export const SIGN_MINORITY = 0.1;

/** Triangles with an edge no other triangle shares: the rim of the ROI. */
export function edgeTriangles(triangles: ArrayLike<number>): Set<number> {
  const count = new Map<string, number>();
  const key = (a: number, b: number) => (a < b ? `${a},${b}` : `${b},${a}`);
  const nTri = triangles.length / 3;
  for (let t = 0; t < nTri; t++)
    for (let v = 0; v < 3; v++) {
      const k = key(triangles[3 * t + v], triangles[3 * t + ((v + 1) % 3)]);
      count.set(k, (count.get(k) ?? 0) + 1);
    }
  const out = new Set<number>();
  for (let t = 0; t < nTri; t++)
    for (let v = 0; v < 3; v++)
      if (count.get(key(triangles[3 * t + v], triangles[3 * t + ((v + 1) % 3)])) === 1) out.add(t);
  return out;
}

/** Flags knowable from the map alone (every row of the top-elements table). */
export function mapFlags(o: {
  element: number;
  edges: Set<number>;
  params: Record<string, number>;
  status: string;
}): Flag[] {
  const flags: Flag[] = [];
  if (o.edges.has(o.element))
    flags.push({
      id: 'edge',
      short: 'ROI edge',
      detail: 'On the rim of the ROI: the true maximum may lie outside it; consider a larger ROI.',
    });
  const r = o.params.r;
  if (Number.isFinite(r) && Math.abs(r) >= STEP_SLOPE)
    flags.push({
      id: 'step',
      short: 'step-like',
      detail: `Slope r = ${r.toPrecision(3)}: the fit is a step, not a gradual input–output curve.`,
    });
  if (o.status !== 'converged')
    flags.push({ id: 'not-converged', short: o.status, detail: `The fit ended as "${o.status}".` });
  return flags;
}

/**
 * Flags that need the element's own E and responses (hotspot and the clicked element). `signed`: the element query's
 * record of a signed-data fit (how many zaps were fitted); absent when every zap was fitted.
 */
export function dataFlags(o: { e: ArrayLike<number>; x0?: number; signed?: { nFit: number } }): Flag[] {
  let lo = Infinity;
  let hi = -Infinity;
  let pos = 0;
  let neg = 0;
  for (let i = 0; i < o.e.length; i++) {
    const v = o.e[i];
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
    if (v > 0) pos++;
    else if (v < 0) neg++;
  }
  const flags: Flag[] = [];
  const x0 = o.x0;
  if (x0 !== undefined && Number.isFinite(x0) && Number.isFinite(lo) && (x0 < lo || x0 > hi))
    flags.push({
      id: 'x0-outside',
      short: 'x0 outside E',
      detail: `x0 = ${x0.toPrecision(3)} V/m lies outside the E of the data (${lo.toPrecision(3)}–${hi.toPrecision(3)} V/m): the turning point is extrapolated.`,
    });
  // The selection may keep either sign (the one whose rising line qualifies), so the count comes from the run.
  const fitted = o.signed ? o.signed.nFit : pos + neg;
  const left = o.signed ? o.e.length - o.signed.nFit : 0;
  if (fitted < FEW_ZAPS)
    flags.push({
      id: 'few-zaps',
      short: `${fitted} zaps`,
      detail: `Only ${fitted} zaps were fitted: four parameters from so few points are uncertain.`,
    });
  if (o.signed && left > 0 && left / o.e.length >= SIGN_MINORITY)
    flags.push({
      id: 'sign-minority',
      short: 'sign minority',
      detail: `${left} of ${o.e.length} zaps have the other sign of E and are left out of the signed fit.`,
    });
  return flags;
}
