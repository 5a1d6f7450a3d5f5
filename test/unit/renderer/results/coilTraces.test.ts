// The coil over the score map: the outline placed by the pose, wings across, handle behind, axis into the head.
import { describe, expect, it } from 'vitest';
import {
  coilLabel,
  coilOutline,
  coilTrace,
  placePoints,
  WING_OFFSET,
} from '../../../../renderer/src/results/coilTraces';

// coil x = world y, coil y = world −x, coil z = world −z; centre (10, 20, 100)
const matrix = [0, -1, 0, 10, 1, 0, 0, 20, 0, 0, -1, 100, 0, 0, 0, 1];

describe('coilTraces', () => {
  it('places coil-frame points with the pose and keeps gaps', () => {
    const p = placePoints(matrix, [[WING_OFFSET, 0, 0], null, [0, -50, 0], [0, 0, 15]]);
    expect(p.x).toEqual([10, null, 60, 10]);
    expect(p.y).toEqual([20 + WING_OFFSET, null, 20, 20]);
    expect(p.z).toEqual([100, null, 100, 85]);
  });

  it('draws both wings in the coil plane, the handle along −y and the axis along +z', () => {
    const pts = coilOutline().filter((q): q is [number, number, number] => q !== null);
    const wings = pts.slice(0, -4);
    expect(wings.every((q) => q[2] === 0)).toBe(true);
    expect(Math.min(...wings.map((q) => q[0]))).toBeLessThan(-WING_OFFSET);
    expect(Math.max(...wings.map((q) => q[0]))).toBeGreaterThan(WING_OFFSET);
    const [h0, h1, a0, a1] = pts.slice(-4);
    expect(h1[1]).toBeLessThan(h0[1]);
    expect(a1[2]).toBeGreaterThan(a0[2]);
  });

  it('one line trace, red for a recorded pose, labelled with its zap', () => {
    const t = coilTrace({ matrix, from: 'recorded pose', zap: 12 });
    expect(t.type).toBe('scatter3d');
    expect(t.mode).toBe('lines');
    expect((t.x as (number | null)[]).length).toBe(coilOutline().length);
    expect(t.hovertemplate).toContain('zap 12');
    expect(coilLabel({ matrix, from: 'element normal', zap: null })).toMatch(/no recorded poses/);
  });
});
