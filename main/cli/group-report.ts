// The group outputs of a batch: group.csv (one line per subject × response × QOI) and group.svg (all hotspots, scores per subject), written without a browser.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeAtomically } from '../io/atomic-write';
import { SUMMARY_FILE } from '../io/results-layout';

export const GROUP_CSV = 'group.csv';
export const GROUP_SVG = 'group.svg';

/** What a subject's folder holds after the batch: its summary's entries, or why there are none. */
export interface SubjectOutcome {
  subject: string;
  /** ok: mapped now; resumed: complete from an earlier run; failed: the error; missing: not run yet (e.g. another array task). */
  status: 'ok' | 'resumed' | 'failed' | 'missing';
  error?: string;
}

interface Entry {
  response: string;
  qoi: string;
  hotspot: { element: number; score: number | null; centroid: [number, number, number] };
  failed: number;
  [extra: string]: unknown;
}

/** Columns every line has; any other number a summary entry carries (e.g. p_fwe, radius) is appended by name. */
const BASE = ['subject', 'status', 'response', 'qoi', 'element', 'score', 'x', 'y', 'z', 'failed'];
const KNOWN_KEYS = new Set([
  'response',
  'qoi',
  'hotspot',
  'failed',
  'elements',
  'seconds',
  'truthElement',
  'truthDistance',
]);

/** A subject's results are complete when the CLI finished its summary.json (written last, after every result file). */
export function readSubjectSummary(dir: string): Entry[] | null {
  const file = join(dir, SUMMARY_FILE);
  if (!existsSync(file)) return null;
  try {
    const s = JSON.parse(readFileSync(file, 'utf8')) as { results?: Entry[]; elementRange?: unknown };
    return Array.isArray(s.results) && s.elementRange !== undefined ? s.results : null;
  } catch {
    return null;
  }
}

const csvCell = (v: string | number | null | undefined): string => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export interface GroupLine {
  subject: string;
  status: SubjectOutcome['status'];
  entry?: Entry;
  error?: string;
}

export function groupLines(outDir: string, outcomes: SubjectOutcome[]): GroupLine[] {
  const lines: GroupLine[] = [];
  for (const o of outcomes) {
    const entries = o.status === 'failed' ? null : readSubjectSummary(join(outDir, o.subject));
    if (!entries) {
      lines.push({
        subject: o.subject,
        status: o.status === 'failed' ? 'failed' : 'missing',
        error: o.error,
      });
      continue;
    }
    for (const entry of entries) lines.push({ subject: o.subject, status: o.status, entry });
  }
  return lines;
}

export function groupCsv(lines: GroupLine[]): string {
  const extras = [
    ...new Set(
      lines.flatMap((l) =>
        l.entry
          ? Object.entries(l.entry)
              .filter(
                ([k, v]) => !KNOWN_KEYS.has(k) && !BASE.includes(k) && (typeof v === 'number' || v === null),
              )
              .map(([k]) => k)
          : [],
      ),
    ),
  ].sort();
  const head = [...BASE, ...extras, 'error'];
  const rows = lines.map((l) => {
    const e = l.entry;
    const base = e
      ? [
          l.subject,
          l.status,
          e.response,
          e.qoi,
          e.hotspot.element,
          e.hotspot.score,
          ...e.hotspot.centroid,
          e.failed,
        ]
      : [l.subject, l.status, '', '', '', '', '', '', '', ''];
    return [...base, ...extras.map((k) => (e ? (e[k] as number | null) : '')), l.error ?? '']
      .map(csvCell)
      .join(',');
  });
  return `${[head.join(','), ...rows].join('\n')}\n`;
}

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2'];
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const fmt = (v: number): string => (Math.round(v * 100) / 100).toString();

/** Two panels: every subject's hotspot seen from above (x–y, mm), and the hotspot score of each subject. */
export function groupSvg(lines: GroupLine[]): string {
  const mapped = lines.filter((l): l is GroupLine & { entry: Entry } => !!l.entry);
  const series = [...new Set(mapped.map((l) => `${l.entry.response} · ${l.entry.qoi}`))];
  const color = (l: { entry: Entry }): string =>
    PALETTE[series.indexOf(`${l.entry.response} · ${l.entry.qoi}`) % PALETTE.length];
  const subjects = [...new Set(lines.map((l) => l.subject))];
  const W = 960;
  const H = 440;
  const P = { l: 60, r: 20, t: 40, b: 70 };
  const pw = (W - 3 * P.l) / 2;
  const ph = H - P.t - P.b;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
  ];
  // Panel 1: hotspots, x–y.
  const xs = mapped.map((l) => l.entry.hotspot.centroid[0]);
  const ys = mapped.map((l) => l.entry.hotspot.centroid[1]);
  const span = (v: number[]): [number, number] => {
    if (v.length === 0) return [-1, 1];
    const lo = Math.min(...v);
    const hi = Math.max(...v);
    const pad = Math.max((hi - lo) * 0.1, 1);
    return [lo - pad, hi + pad];
  };
  const [x0, x1] = span(xs);
  const [y0, y1] = span(ys);
  const px = (x: number): number => P.l + ((x - x0) / (x1 - x0)) * pw;
  const py = (y: number): number => P.t + ph - ((y - y0) / (y1 - y0)) * ph;
  out.push(
    `<text x="${P.l}" y="${P.t - 18}" font-size="13" font-weight="bold">Hotspots of ${subjects.length} subjects (top view)</text>`,
    `<rect x="${P.l}" y="${P.t}" width="${fmt(pw)}" height="${ph}" fill="none" stroke="#888"/>`,
    `<text x="${fmt(P.l + pw / 2)}" y="${H - P.b + 28}" text-anchor="middle">x (mm) ${fmt(x0)} … ${fmt(x1)}</text>`,
    `<text x="${P.l - 40}" y="${fmt(P.t + ph / 2)}" transform="rotate(-90 ${P.l - 40} ${fmt(P.t + ph / 2)})" text-anchor="middle">y (mm) ${fmt(y0)} … ${fmt(y1)}</text>`,
  );
  for (const l of mapped) {
    const [x, y] = l.entry.hotspot.centroid;
    out.push(
      `<circle cx="${fmt(px(x))}" cy="${fmt(py(y))}" r="4" fill="${color(l)}" fill-opacity="0.8"><title>${esc(`${l.subject} ${l.entry.response} ${l.entry.qoi}: element ${l.entry.hotspot.element}`)}</title></circle>`,
      `<text x="${fmt(px(x) + 6)}" y="${fmt(py(y) + 4)}" font-size="9" fill="#444">${esc(l.subject)}</text>`,
    );
  }
  // Panel 2: scores per subject.
  const ox = 2 * P.l + pw;
  const sx = (i: number): number => ox + ((i + 0.5) / Math.max(subjects.length, 1)) * pw;
  const scores = mapped
    .map((l) => l.entry.hotspot.score)
    .filter((s): s is number => s !== null && Number.isFinite(s));
  const smax = Math.max(1, ...scores);
  const smin = Math.min(0, ...scores);
  const sy = (s: number): number => P.t + ph - ((s - smin) / (smax - smin)) * ph;
  out.push(
    `<text x="${fmt(ox)}" y="${P.t - 18}" font-size="13" font-weight="bold">Hotspot score per subject</text>`,
    `<rect x="${fmt(ox)}" y="${P.t}" width="${fmt(pw)}" height="${ph}" fill="none" stroke="#888"/>`,
    `<text x="${fmt(ox - 8)}" y="${fmt(sy(smax) + 4)}" text-anchor="end">${fmt(smax)}</text>`,
    `<text x="${fmt(ox - 8)}" y="${fmt(sy(smin) + 4)}" text-anchor="end">${fmt(smin)}</text>`,
  );
  subjects.forEach((s, i) => {
    const failed = lines.some((l) => l.subject === s && (l.status === 'failed' || l.status === 'missing'));
    out.push(
      `<text x="${fmt(sx(i))}" y="${P.t + ph + 14}" font-size="9" text-anchor="end" transform="rotate(-45 ${fmt(sx(i))} ${P.t + ph + 14})" fill="${failed ? '#c00' : '#222'}">${esc(s)}${failed ? ' ✗' : ''}</text>`,
    );
  });
  for (const l of mapped) {
    const sc = l.entry.hotspot.score;
    if (sc === null || !Number.isFinite(sc)) continue;
    out.push(
      `<circle cx="${fmt(sx(subjects.indexOf(l.subject)))}" cy="${fmt(sy(sc))}" r="4" fill="${color(l)}"><title>${esc(`${l.subject} ${l.entry.response} ${l.entry.qoi}: ${sc}`)}</title></circle>`,
    );
  }
  // Legend.
  series.forEach((s, i) => {
    const y = H - 14;
    const x = P.l + i * 170;
    out.push(
      `<circle cx="${x}" cy="${y - 4}" r="4" fill="${PALETTE[i % PALETTE.length]}"/>`,
      `<text x="${x + 8}" y="${y}">${esc(s)}</text>`,
    );
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

/** Writes group.csv and group.svg into the batch folder (atomically: a reader never sees half a table). */
export async function writeGroupReport(outDir: string, outcomes: SubjectOutcome[]): Promise<GroupLine[]> {
  const lines = groupLines(outDir, outcomes);
  await writeAtomically(join(outDir, GROUP_CSV), (tmp) => writeFileSync(tmp, groupCsv(lines)));
  await writeAtomically(join(outDir, GROUP_SVG), (tmp) => writeFileSync(tmp, groupSvg(lines)));
  return lines;
}
