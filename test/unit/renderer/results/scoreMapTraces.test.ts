import { describe, expect, it } from 'vitest';
import {
  GREY_FRACTION,
  autoRange,
  colourCells,
  hotspotAnnotations,
  hotspotTrace,
  hotspotsTrace,
  meanNormal,
  meshTrace,
  niceTicks,
  recolourUpdate,
  scaleBarTrace,
  scoreMapLayout,
  triangleNormal,
  type MapGeometry,
} from '../../../../renderer/src/results/scoreMapTraces';
import {
  BELOW_THRESHOLD_GREY,
  withGreyBand,
  colourStops,
} from '../../../../renderer/src/results/colourScales';

// A unit square in the z = 10 plane split into two triangles, normals +z.
const square: MapGeometry = {
  nodes: new Float64Array([0, 0, 10, 1, 0, 10, 1, 1, 10, 0, 1, 10]),
  triangles: new Uint32Array([0, 1, 2, 0, 2, 3]),
};

describe('colourCells', () => {
  it('keeps scores inside the range, clamps outside, and sends below-threshold and NaN to the grey sentinel', () => {
    const c = colourCells([0.2, 0.5, 0.9, 1.5, -0.3, NaN, 0.05], {
      scale: 'viridis',
      range: [0.1, 1],
      threshold: 0.15,
    });
    const cmin = 0.1 - (0.9 * GREY_FRACTION) / (1 - GREY_FRACTION);
    expect(c.cmin).toBeCloseTo(cmin, 12);
    expect(c.cmax).toBe(1);
    expect(Array.from(c.intensity)).toEqual([0.2, 0.5, 0.9, 1, cmin, cmin, cmin]);
    expect(c.greyCount).toBe(3);
  });

  it('gives a score above the threshold but below the range the lowest colour, not grey', () => {
    const c = colourCells([0.12], { scale: 'viridis', range: [0.3, 1], threshold: 0.1 });
    expect(c.intensity[0]).toBe(0.3);
    expect(c.greyCount).toBe(0);
  });

  it('maps the sentinel to pure grey and the range start to the first colour of the scale', () => {
    const c = colourCells([0.5], { scale: 'inferno', range: [0, 1], threshold: null });
    const pos = (v: number) => (v - c.cmin) / (c.cmax - c.cmin);
    expect(pos(c.cmin)).toBe(0);
    expect(pos(0)).toBeCloseTo(GREY_FRACTION, 12);
    expect(c.colorscale[0]).toEqual([0, BELOW_THRESHOLD_GREY]);
    const first = c.colorscale.find(([p]) => Math.abs(p - GREY_FRACTION) < 1e-12);
    expect(first?.[1]).toBe(colourStops('inferno')[0][1]);
    expect(c.colorscale.at(-1)).toEqual([1, colourStops('inferno').at(-1)![1]]);
    // positions never decrease (plotly rejects such scales)
    for (let s = 1; s < c.colorscale.length; s++)
      expect(c.colorscale[s][0]).toBeGreaterThanOrEqual(c.colorscale[s - 1][0]);
  });

  it('places the colour bar ticks inside the colour range only', () => {
    const c = colourCells([0.5], { scale: 'viridis', range: [0.05, 0.83], threshold: null });
    expect(c.tickvals[0]).toBeGreaterThanOrEqual(0.05);
    expect(c.tickvals.at(-1)).toBeLessThanOrEqual(0.83);
    expect(c.tickvals.length).toBeGreaterThanOrEqual(3);
  });
});

describe('withGreyBand', () => {
  it('returns the scale unchanged for a zero band', () => {
    expect(withGreyBand(colourStops('jet'), 0)).toEqual(colourStops('jet'));
  });
});

describe('autoRange and niceTicks', () => {
  it('starts at 0 when scores straddle 0 and ignores non-finite values', () => {
    expect(autoRange([-0.4, 0.2, NaN, 0.8, Infinity])).toEqual([0, 0.8]);
    expect(autoRange([0.3, 0.6])).toEqual([0.3, 0.6]);
    expect(autoRange([NaN])).toEqual([0, 1]);
    const flat = autoRange([0.4, 0.4]);
    expect(flat[0]).toBeCloseTo(-0.1, 12);
    expect(flat[1]).toBeCloseTo(0.9, 12);
  });

  it('produces round ticks', () => {
    expect(niceTicks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0.05, 0.83)).toEqual([0.2, 0.4, 0.6, 0.8]);
  });
});

describe('meshTrace', () => {
  it('splits the geometry into x/y/z and i/j/k columns with one intensity per triangle', () => {
    const c = colourCells([0.1, 0.9], { scale: 'viridis', range: [0, 1], threshold: null });
    const tr = meshTrace(square, c, { colourBarTitle: 'R²' }) as Record<string, unknown>;
    expect(Array.from(tr.x as ArrayLike<number>)).toEqual([0, 1, 1, 0]);
    expect(Array.from(tr.z as ArrayLike<number>)).toEqual([10, 10, 10, 10]);
    expect(Array.from(tr.i as ArrayLike<number>)).toEqual([0, 0]);
    expect(Array.from(tr.j as ArrayLike<number>)).toEqual([1, 2]);
    expect(Array.from(tr.k as ArrayLike<number>)).toEqual([2, 3]);
    expect(tr.intensitymode).toBe('cell');
    expect(Array.from(tr.intensity as ArrayLike<number>)).toEqual([0.1, 0.9]);
  });
});

describe('recolourUpdate', () => {
  it('carries the colouring and hover text but none of the geometry columns', () => {
    const c = colourCells([0.1, 0.9], { scale: 'hot', range: [0, 1], threshold: 0.5 });
    const u = recolourUpdate(c, 'R²', ['a', 'b']);
    expect(Object.keys(u).sort()).toEqual(['cmax', 'cmin', 'colorbar', 'colorscale', 'intensity', 'text']);
    for (const key of ['x', 'y', 'z', 'i', 'j', 'k']) expect(u).not.toHaveProperty(key);
    expect((u.intensity as Float64Array[])[0]).toBe(c.intensity);
  });
});

describe('geometry helpers', () => {
  it('computes triangle and mean normals and lifts the hotspot marker off the surface', () => {
    expect(triangleNormal(square, 1)).toEqual([0, 0, 1]);
    expect(meanNormal(square)).toEqual([0, 0, 1]);
    const h = hotspotTrace(square, { element: 0, label: 'FDI' });
    expect(h.x![0]).toBeCloseTo(2 / 3, 12);
    expect(h.y![0]).toBeCloseTo(1 / 3, 12);
    expect(h.z![0]).toBeCloseTo(11.5, 12);
    expect(h.text).toEqual(['FDI']);
  });

  it('looks at the surface from the side its normals point to, with equal axis scaling', () => {
    const l = scoreMapLayout(square, { showAxes: false }) as {
      scene: { aspectmode: string; camera: { eye: { z: number } } };
    };
    expect(l.scene.aspectmode).toBe('data');
    expect(l.scene.camera.eye.z).toBeGreaterThan(1);
  });
});

describe('scaleBarTrace', () => {
  // A flat 40 (x) × 30 (y) mm patch at z = 60 seen from above (+z): x is the in-view axis most side-on of the two
  // (ties go to the first), so the bar runs along x just below the patch's low y edge, at the camera's side (top).
  const patch: MapGeometry = {
    nodes: new Float64Array([-20, -15, 60, 20, -15, 60, 20, 15, 60, -20, 15, 60]),
    triangles: new Uint32Array([0, 1, 2, 0, 2, 3]),
  };

  it('is a round length in mm, at most a quarter of the ROI, labelled under its middle', () => {
    const t = scaleBarTrace(patch, [0, 0, 1]);
    const x = t.x as number[];
    expect(x[2] - x[0]).toBe(10); // 40 mm / 4 = 10 mm: the largest round length that fits
    expect(x[1]).toBe((x[0] + x[2]) / 2);
    expect(t.text).toEqual(['', '10 mm', '']);
    expect(t.mode).toBe('lines+text');
  });

  it('lies outside the ROI, at its low edge, never over the surface', () => {
    const t = scaleBarTrace(patch, [0, 0, 1]);
    const [x, y, z] = [t.x as number[], t.y as number[], t.z as number[]];
    expect(x[0]).toBe(-20); // starts at the ROI's corner along the bar
    for (const v of y) {
      expect(v).toBeLessThan(-15); // below the low y edge
      expect(v).toBeGreaterThan(-15 - 5); // close to it (pad 6 % of 40 mm + 1 mm = 3.4 mm)
    }
    expect(z).toEqual([60, 60, 60]);
  });

  it('runs along the axis seen side-on and sits on the camera side in depth for a tilted ROI', () => {
    const n: [number, number, number] = [-0.5, 0, Math.sqrt(0.75)];
    const t = scaleBarTrace(patch, n, '#e4e4e7');
    const [x, y, z] = [t.x as number[], t.y as number[], t.z as number[]];
    // y is side-on (n_y = 0): the bar runs along y from its low end, 30 mm / 4 → 5 mm; offset below x; z toward +n.
    expect(y[2] - y[0]).toBe(5);
    expect(y[0]).toBe(-15);
    expect(x.every((v) => v < -20)).toBe(true);
    expect(z).toEqual([60, 60, 60]);
    expect(t.text).toEqual(['', '5 mm', '']);
    expect((t.line as { color: string }).color).toBe('#e4e4e7');
  });
});

describe('hotspotAnnotations', () => {
  it('boxes every label except those of markers with annotate: false, which keep their hover text', () => {
    const markers = [
      { element: 0, label: 'furthest below (element 0)' },
      { element: 1, label: 'below (element 1)', annotate: false },
    ];
    const notes = hotspotAnnotations(square, markers);
    expect(notes.map((n) => n.text)).toEqual(['furthest below (element 0)']);
    expect(hotspotsTrace(square, markers).text).toEqual(['furthest below (element 0)', 'below (element 1)']);
  });
});
