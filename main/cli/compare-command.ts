// `tms-mapper compare`: a score map against one or more references (pyNIBS' or ours), element by element.
import { AppError, type QoiComparison } from '../contract';
import { compareQoi, readScoreMaps, type ScoreMapsFile } from '../io/score-maps-file';

export interface CompareFlags {
  qoi?: string;
  tolerance: string;
  json?: boolean;
}

export interface CompareReport {
  map: string;
  references: string[];
  tolerance: number;
  qois: QoiComparison[];
}

function parseTolerance(text: string): number {
  const t = Number(text);
  if (!(Number.isFinite(t) && t >= 0))
    throw new AppError('BAD_ARGUMENT', { found: `--tolerance ${text}`, expected: 'a number ≥ 0, e.g. 1e-3' });
  return t;
}

/** The QOIs to compare: those asked for, else every one of the map's that each reference has too. */
function qoisToCompare(map: ScoreMapsFile, refs: ScoreMapsFile[], asked: string | undefined): string[] {
  if (asked) {
    const list = asked
      .split(',')
      .map((q) => q.trim())
      .filter(Boolean);
    if (list.length === 0)
      throw new AppError('BAD_ARGUMENT', {
        found: `--qoi ${asked}`,
        expected: 'QOI names, e.g. E_mag,E_norm',
      });
    // The references' maps are checked by compareQoi.
    for (const q of list)
      if (!map.maps.has(q))
        throw new AppError('DATASET_MISSING', {
          file: map.file,
          path: `/data/tris/c_${q}`,
          found: [...map.maps.keys()].map((k) => `c_${k}`).join(', '),
        });
    return list;
  }
  const common = [...map.maps.keys()].filter((q) => refs.every((r) => r.maps.has(q)));
  if (common.length === 0)
    throw new AppError(
      'DATASET_MISSING',
      { file: refs.find((r) => ![...map.maps.keys()].some((q) => r.maps.has(q)))?.file ?? refs[0].file },
      `no score map in common with ${map.file} (it has ${[...map.maps.keys()].map((k) => `c_${k}`).join(', ')})`,
    );
  return common;
}

/** Reads the files and compares every chosen QOI (see compareMaps). */
export async function compareFiles(
  mapPath: string,
  refPaths: string[],
  flags: CompareFlags,
): Promise<CompareReport> {
  const tolerance = parseTolerance(flags.tolerance);
  if (refPaths.length === 0)
    throw new AppError('BAD_ARGUMENT', { found: 'one path', expected: 'a map and at least one reference' });
  const map = await readScoreMaps(mapPath);
  const refs: ScoreMapsFile[] = [];
  for (const p of refPaths) refs.push(await readScoreMaps(p));
  const qois: QoiComparison[] = [];
  for (const qoi of qoisToCompare(map, refs, flags.qoi)) {
    qois.push(compareQoi(map.maps.get(qoi)!, map.file, refs, qoi, tolerance, map.centroids));
  }
  return { map: map.file, references: refs.map((r) => r.file), tolerance, qois };
}

const fmt = (v: number): string => (Number.isFinite(v) ? v.toFixed(6) : String(v));

/** Element indices for the text report: at most ten, then how many more (--json lists them all). */
function listed(elements: number[]): string {
  const head = elements.slice(0, 10).join(', ');
  return `element${elements.length > 1 ? 's' : ''} ${head}${elements.length > 10 ? ` and ${elements.length - 10} more` : ''}`;
}

/** The report as text: per QOI, the counts against each reference, against all of them, and the best elements. */
export function formatCompareReport(rep: CompareReport): string {
  const lines: string[] = [`map: ${rep.map}`];
  rep.references.forEach((r, k) => lines.push(`reference ${k + 1}: ${r}`));
  const tol = rep.tolerance;
  for (const q of rep.qois) {
    // "below" a reference means worse: a lower R², or a higher AIC/BIC.
    const [worseWord, betterWord] =
      q.direction === 'higher' ? ['below', 'above'] : ['worse (higher)', 'better (lower)'];
    lines.push(
      `${q.qoi} (${q.scoreType}, ${q.direction} is better): ${q.compared} of ${q.elements} elements compared` +
        (q.nonFiniteMap || q.nonFiniteReferences.some(Boolean)
          ? ` (not finite: ${q.nonFiniteMap} in the map, ${q.nonFiniteReferences.join(', ')} in the reference${q.nonFiniteReferences.length > 1 ? 's' : ''})`
          : ''),
    );
    q.references.forEach((s, k) => {
      const where = s.below > 0 ? ` (${listed(s.belowElements)})` : '';
      const shortfall =
        s.largestShortfallElement >= 0
          ? `largest shortfall ${s.largestShortfall.toExponential(2)} at element ${s.largestShortfallElement}`
          : 'no element worse';
      lines.push(
        `  against reference ${k + 1}: ${s.below} ${worseWord}${where} and ${s.above} ${betterWord} by more than ${tol}, ${s.within1e6} within 1e-6; ${shortfall}`,
      );
    });
    if (q.references.length > 1) {
      lines.push(
        `  worse than every reference by more than ${tol}: ${q.belowAll}` +
          (q.belowAll > 0
            ? ` (${listed(q.belowAllElements)}${q.belowAll > 1 ? `; furthest: element ${q.worstBelowAll}` : ''})`
            : '') +
          `; better than every one: ${q.aboveAll}; the references differ from each other by more than ${tol} on ${q.referencesApart}`,
      );
    }
    const b = q.best;
    const refsBest = b.references
      .map((r, k) => {
        const d = q.bestDistances[k];
        const where =
          r.element === b.map.element
            ? 'the same element'
            : d === null
              ? 'another element'
              : `${d.toFixed(1)} mm away`;
        return `reference ${k + 1} ${r.element} (${fmt(r.score)}, ${where})`;
      })
      .join('; ');
    lines.push(`  best element: map ${b.map.element} (${fmt(b.map.score)}); ${refsBest}`);
  }
  return lines.join('\n');
}

export async function compareCommand(
  mapPath: string,
  refPaths: string[],
  flags: CompareFlags,
  io: { stdout: NodeJS.WriteStream },
): Promise<void> {
  const rep = await compareFiles(mapPath, refPaths, flags);
  io.stdout.write(`${flags.json ? JSON.stringify(rep, null, 2) : formatCompareReport(rep)}\n`);
}
