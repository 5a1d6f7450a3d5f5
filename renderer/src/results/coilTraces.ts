// The coil over the score map: a figure-8 outline, its handle and its z axis, placed by a 4×4 SimNIBS pose (mm).
import type { Scatter3dData } from 'plotly.js-dist-min';
import type { CoilView } from '../../../main/contract';
import { FIGURE_FONT } from './figureStyle';

/** A 70 mm figure-8 coil in SimNIBS' coil frame: wings along x, handle along −y, z into the head (mm). */
export const WING_RADIUS = 35;
export const WING_OFFSET = 37;
export const HANDLE: readonly [number, number] = [-12, -90];
export const AXIS_LENGTH = 15;
const SEGMENTS = 48;

/** Coil-frame points → world with the pose (row-major 4×4); null stays null (a gap in the line). */
export function placePoints(
  matrix: ArrayLike<number>,
  points: ([number, number, number] | null)[],
): { x: (number | null)[]; y: (number | null)[]; z: (number | null)[] } {
  const out = { x: [] as (number | null)[], y: [] as (number | null)[], z: [] as (number | null)[] };
  for (const p of points) {
    if (!p) {
      out.x.push(null);
      out.y.push(null);
      out.z.push(null);
      continue;
    }
    const w = [0, 1, 2].map(
      (r) => matrix[r * 4] * p[0] + matrix[r * 4 + 1] * p[1] + matrix[r * 4 + 2] * p[2] + matrix[r * 4 + 3],
    );
    out.x.push(w[0]);
    out.y.push(w[1]);
    out.z.push(w[2]);
  }
  return out;
}

/** The outline in the coil frame: both wings, the handle, and the z axis towards the head, separated by gaps. */
export function coilOutline(): ([number, number, number] | null)[] {
  const pts: ([number, number, number] | null)[] = [];
  for (const side of [-1, 1]) {
    for (let k = 0; k <= SEGMENTS; k++) {
      const a = (2 * Math.PI * k) / SEGMENTS;
      pts.push([side * WING_OFFSET + WING_RADIUS * Math.cos(a), WING_RADIUS * Math.sin(a), 0]);
    }
    pts.push(null);
  }
  pts.push([0, HANDLE[0], 0], [0, HANDLE[1], 0], null, [0, 0, 0], [0, 0, AXIS_LENGTH]);
  return pts;
}

export function coilLabel(coil: CoilView): string {
  return coil.from === 'recorded pose'
    ? `best recorded coil pose (zap ${coil.zap}): targets/instrument_markers_localite.xml`
    : 'coil orientation from the element normal (no recorded poses): handle backwards, 45° from the midline';
}

/** One scatter3d line trace drawing the coil where the navigator should hold it. */
export function coilTrace(coil: CoilView): Partial<Scatter3dData> {
  const label = coilLabel(coil);
  return {
    type: 'scatter3d',
    name: 'coil',
    mode: 'lines',
    ...placePoints(coil.matrix, coilOutline()),
    line: { color: coil.from === 'recorded pose' ? '#d62728' : '#555555', width: 5 },
    hovertemplate: `${label}<extra></extra>`,
    hoverlabel: { font: FIGURE_FONT },
    showlegend: false,
  };
}
