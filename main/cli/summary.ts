// The CLI's summary.json and the hotspot table it prints.
import type { MappingResult } from '../contract';

export interface SummaryEntry {
  response: string;
  qoi: string;
  hotspot: { element: number; score: number | null; centroid: [number, number, number] };
  elements: number;
  failed: number;
  seconds: number;
  /** Demo only: distance (mm) from the hotspot to the ground-truth element's centroid. */
  truthDistance?: number;
  truthElement?: number;
}

export interface Summary {
  results: SummaryEntry[];
  zaps: number;
  workers: number;
  seconds: number;
  elementRange: [number, number];
  shard: [number, number] | null;
  quality: { qoi: string; mutualCoherence: number; svRatio: number | null }[];
  appVersion: string;
}

const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);

export function buildSummary(
  r: MappingResult,
  range: [number, number],
  truth?: Map<string, { element: number; centroid: [number, number, number] }>,
): Summary {
  return {
    results: r.maps.map((m) => {
      const e: SummaryEntry = {
        response: m.response,
        qoi: m.qoi,
        hotspot: { element: m.hotspot.element, score: finite(m.hotspot.score), centroid: m.hotspot.centroid },
        elements: range[1] - range[0],
        failed: m.failed,
        seconds: round(m.seconds, 3),
      };
      const t = truth?.get(m.response);
      if (t) {
        const c = m.hotspot.centroid;
        e.truthElement = t.element;
        e.truthDistance = round(
          Math.hypot(c[0] - t.centroid[0], c[1] - t.centroid[1], c[2] - t.centroid[2]),
          3,
        );
      }
      return e;
    }),
    zaps: r.nZaps,
    workers: r.workers,
    seconds: round(r.seconds, 3),
    elementRange: range,
    shard: r.spec.shard ?? null,
    quality: r.quality.map((q) => ({
      qoi: q.qoi,
      mutualCoherence: q.mutualCoherence,
      svRatio: finite(q.svRatio),
    })),
    appVersion: r.appVersion,
  };
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/** Fixed-width table of the hotspots (stdout), with the distance to the ground truth for the demo. */
export function hotspotTable(s: Summary): string {
  const withTruth = s.results.some((e) => e.truthDistance !== undefined);
  const head = [
    'response',
    'qoi',
    'element',
    'score',
    'x (mm)',
    'y (mm)',
    'z (mm)',
    'failed',
    ...(withTruth ? ['truth elm', 'to truth (mm)'] : []),
  ];
  const rows = s.results.map((e) => [
    e.response,
    e.qoi,
    String(e.hotspot.element),
    e.hotspot.score === null ? 'NaN' : e.hotspot.score.toFixed(4),
    ...e.hotspot.centroid.map((v) => v.toFixed(2)),
    String(e.failed),
    ...(withTruth
      ? [String(e.truthElement ?? ''), e.truthDistance === undefined ? '' : e.truthDistance.toFixed(2)]
      : []),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]): string =>
    r.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(head), ...rows.map(line)].join('\n');
}
