// Paths of the committed reader fixtures and the values make_fixtures.py wrote for them.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect } from 'vitest';
import { AppError } from '../../../main/contract';
import type { ErrorCode } from '../../../main/contract';

export const FIXTURES = resolve(import.meta.dirname, '../../fixtures/io');
export const fx = (name: string): string => resolve(FIXTURES, name);

export interface Expected {
  roi: {
    rois: { id: string; nNodes: number; nTriangles: number }[];
    nodes: number[];
    triangles: number[];
    centroids: number[];
    normals: number[];
    areas: number[];
    badIndex: { triangle: number; corner: number; value: number };
    roi1Centroid0: number[];
  };
  efield: {
    nZaps: number;
    nElements: number;
    E_mag: number[];
    E_norm: number[];
    E_tan: number[];
    nan: { zap: number; element: number };
    inf: { zap: number; element: number };
    warn: { constantElement: number; negativeZap: number; negativeElement: number };
    perCondition: { E_mag: number[]; E_norm: number[] };
  };
  responses: {
    nZaps: number;
    conditions: string[];
    current: number[];
    columns: Record<string, number[]>;
    emgColumnOrder: string[];
    csvColumns: string[];
    stats: Record<string, { min: number; median: number; max: number; nanCount: number }>;
    conditionCounts: Record<string, number>;
    notNumeric: { column: string; row: number; value: string };
    nanZap: number;
  };
}

// The script writes NaN as null (JSON has no NaN).
export const expected = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../../fixtures/expected.json'), 'utf8'),
  (_k, v: unknown) => (v === null ? NaN : v),
) as Expected;

/** Awaits `p` and checks it rejects with an AppError of `code` whose message mentions every `parts`. */
export async function expectAppError(
  p: Promise<unknown> | (() => unknown),
  code: ErrorCode,
  parts: string[] = [],
): Promise<AppError> {
  let err: unknown;
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(AppError);
  const e = err as AppError;
  expect(e.code).toBe(code);
  for (const part of parts) expect(e.message).toContain(part);
  return e;
}

/** Element-major value from a zap-major (zaps × elements) flat array. */
export const zapMajor = (flat: number[], nElements: number, zap: number, element: number): number =>
  flat[zap * nElements + element];

export function expectClose(actual: ArrayLike<number>, wanted: ArrayLike<number>, tol: number): void {
  expect(actual.length).toBe(wanted.length);
  let worst = 0;
  for (let i = 0; i < wanted.length; i++) {
    // NaN matches NaN (missing MEPs); a NaN on one side only fails
    if (Number.isNaN(wanted[i]) && Number.isNaN(actual[i])) continue;
    const d = Math.abs(actual[i] - wanted[i]) / Math.max(1, Math.abs(wanted[i]));
    worst = Math.max(worst, Number.isNaN(d) ? Infinity : d);
  }
  expect(worst).toBeLessThanOrEqual(tol);
}
