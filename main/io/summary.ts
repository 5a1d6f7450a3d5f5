// Summarises an opened dataset for the wizard and the CLI: counts, QOIs, response stats, conditions, extent, warnings.
import type { ColumnStats, DatasetSummary, QoiName } from '../contract';
import type { EfieldSource, ResponseTable, RoiGeometry } from './types';
import { responseDisplayName } from './responses';

export interface SummaryOptions {
  /** Elements per E block read (default: ~8 M values per block, i.e. 32 MB of float32). */
  blockElements?: number;
  /** Scan the whole E-field for constant elements and negative E_mag (default true). */
  scanE?: boolean;
  /** Called after each block with the fraction done (0…1). */
  onProgress?: (fraction: number) => void;
}

type Warning = DatasetSummary['warnings'][number];

/** Min / median / max over finite values, and how many are NaN/Inf. */
export function columnStats(name: string, v: Float64Array): ColumnStats {
  const finite = Float64Array.from(v.filter((x) => Number.isFinite(x))).sort();
  const n = finite.length;
  const median = n === 0 ? NaN : n % 2 ? finite[(n - 1) / 2] : (finite[n / 2 - 1] + finite[n / 2]) / 2;
  return {
    name,
    label: responseDisplayName(name),
    min: n ? finite[0] : NaN,
    median,
    max: n ? finite[n - 1] : NaN,
    nanCount: v.length - n,
  };
}

/** Builds the summary; E is read block-wise (never the whole matrix at once). */
export async function summarizeDataset(
  ds: { roi: RoiGeometry; efield: EfieldSource; responses: ResponseTable },
  opts: SummaryOptions = {},
): Promise<DatasetSummary> {
  const { roi, efield, responses } = ds;
  const warnings: Warning[] = [];
  const stats = Object.entries(responses.columns).map(([name, v]) => columnStats(name, v));
  for (const s of stats) {
    if (s.nanCount > 0) {
      const col = responses.columns[s.name];
      const first = col.findIndex((x) => !Number.isFinite(x));
      warnings.push({
        code: 'NAN_RESPONSES',
        message: `${s.name}: ${s.nanCount} of ${responses.nZaps} zaps have no finite value (first: zap ${first}); they are excluded when ${s.name} is fitted`,
      });
    }
  }
  if (opts.scanE !== false) warnings.push(...(await scanEfield(efield, opts)));
  return {
    nZaps: efield.nZaps,
    nElements: efield.nElements,
    qois: [...efield.qois],
    responses: stats,
    conditions: conditionCounts(responses.conditions),
    intensity: intensityRange(responses.intensity),
    roiExtent: extent(roi.nodes),
    warnings,
  };
}

function conditionCounts(conds: string[] | null): DatasetSummary['conditions'] {
  if (!conds) return [];
  const counts = new Map<string, number>();
  for (const c of conds) counts.set(c, (counts.get(c) ?? 0) + 1);
  return [...counts].map(([name, zaps]) => ({ name, zaps }));
}

function intensityRange(v: Float64Array | null): DatasetSummary['intensity'] {
  if (!v) return null;
  let min = Infinity;
  let max = -Infinity;
  for (const x of v) {
    if (!Number.isFinite(x)) continue;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  return min <= max ? { min, max } : null;
}

function extent(nodes: Float64Array): DatasetSummary['roiExtent'] {
  const min: [number, number, number] = [Infinity, Infinity, Infinity];
  const max: [number, number, number] = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < nodes.length; i++) {
    const k = i % 3;
    if (nodes[i] < min[k]) min[k] = nodes[i];
    if (nodes[i] > max[k]) max[k] = nodes[i];
  }
  return { min, max };
}

/** Constant elements (per QOI) and negative E_mag, found block by block. */
async function scanEfield(efield: EfieldSource, opts: SummaryOptions): Promise<Warning[]> {
  const { nZaps, nElements } = efield;
  const block = Math.max(1, opts.blockElements ?? Math.floor(8_000_000 / Math.max(1, nZaps)));
  const warnings: Warning[] = [];
  const total = efield.qois.length * Math.ceil(nElements / block);
  let done = 0;
  for (const qoi of efield.qois) {
    let constant = 0;
    let firstConstant = -1;
    let negative = 0;
    let firstNegative: [number, number] | null = null;
    for (let start = 0; start < nElements; start += block) {
      const end = Math.min(nElements, start + block);
      const cols = await efield.readColumns(qoi, start, end);
      const isMag = qoi === 'E_mag';
      for (let j = 0; j < end - start; j++) {
        let lo = Infinity;
        let hi = -Infinity;
        const off = j * nZaps;
        for (let k = 0; k < nZaps; k++) {
          const v = cols[off + k];
          lo = v < lo ? v : lo;
          hi = v > hi ? v : hi;
        }
        if (isMag && lo < 0) {
          for (let k = 0; k < nZaps; k++) {
            if (cols[off + k] < 0) {
              negative++;
              firstNegative ??= [k, start + j];
            }
          }
        }
        // float32 storage: "constant" means equal up to float32 rounding
        if (nZaps > 1 && hi - lo <= 1e-7 * Math.max(Math.abs(hi), Math.abs(lo))) {
          constant++;
          if (firstConstant < 0) firstConstant = start + j;
        }
      }
      opts.onProgress?.(++done / total);
    }
    if (constant > 0) warnings.push(constantWarning(qoi, constant, firstConstant, nElements));
    if (negative > 0 && firstNegative) {
      warnings.push({
        code: 'NEGATIVE_E_MAG',
        message: `E_mag has ${negative} negative values (first: zap ${firstNegative[0]}, element ${firstNegative[1]}); a magnitude cannot be negative — check the file`,
      });
    }
  }
  return warnings;
}

function constantWarning(qoi: QoiName, n: number, first: number, nElements: number): Warning {
  return {
    code: 'CONSTANT_E',
    message: `${qoi}: ${n} of ${nElements} elements have the same E for every zap (first: element ${first}); they carry no information for the fit`,
  };
}
