// Result files of the permutation test and the bootstrap: /data/tris maps, raw replicate outcomes, summary.json fields.
import type { ElementMap } from '../contract';
import { toFloat64, type H5Dataset, type H5File, type H5Group } from './h5';
import type { QoiName } from '../contract';

/** Corrected p per element, next to c_<qoi> (pyNIBS-style name). */
export const pFweName = (qoi: QoiName): string => `p_fwe_${qoi}`;
/** Fraction of bootstrap resamples in which each element was the hotspot. */
export const hotspotFreqName = (qoi: QoiName): string => `hotspot_freq_${qoi}`;
/**
 * Raw replicate outcomes, kept so shards can be merged exactly and the app can draw the null distribution:
 * /resampling/<qoi>/perm_max (N), boot_element (B, −1 = none), boot_score (B), boot_distance_mm (B).
 */
export const RESAMPLING_GROUP = '/resampling';

function subgroup(parent: H5File | H5Group, name: string): H5Group {
  const g = parent.get(name);
  return g && !('shape' in g) ? (g as H5Group) : parent.create_group(name);
}

/** Writes one map's resampling datasets (nothing when the job had neither test). */
export function writeResampling(f: H5File, tris: H5Group, m: ElementMap): void {
  const { significance: s, bootstrap: b } = m;
  if (!s && !b) return;
  const raw = subgroup(subgroup(f, RESAMPLING_GROUP.slice(1)), m.qoi);
  if (s) {
    const d = tris.create_dataset({
      name: pFweName(m.qoi),
      data: Float64Array.from(s.elementP),
      dtype: '<d',
    });
    d.create_attribute('qoi', m.qoi);
    d.create_attribute('permutations', s.permutations);
    d.create_attribute('threshold_fwe_05', s.thresholdFwe05, null, '<d');
    const r = raw.create_dataset({ name: 'perm_max', data: Float64Array.from(s.maxima), dtype: '<d' });
    r.create_attribute('seed', s.seed, null, '<d');
    r.create_attribute('observed', s.observed, null, '<d');
    r.create_attribute('p_fwe', s.pFwe, null, '<d');
    r.create_attribute('threshold_fwe_05', s.thresholdFwe05, null, '<d');
    r.create_attribute('partial', s.partial ? 1 : 0, null, '<B');
  }
  if (b) {
    const d = tris.create_dataset({
      name: hotspotFreqName(m.qoi),
      data: Float64Array.from(b.frequency),
      dtype: '<d',
    });
    d.create_attribute('qoi', m.qoi);
    d.create_attribute('resamples', b.n);
    const e = raw.create_dataset({ name: 'boot_element', data: Int32Array.from(b.elements), dtype: '<i' });
    e.create_attribute('seed', b.seed, null, '<d');
    e.create_attribute('partial', b.partial ? 1 : 0, null, '<B');
    e.create_attribute('radius95_mm', b.radius95, null, '<d');
    e.create_attribute('median_distance_mm', b.medianDistance, null, '<d');
    e.create_attribute('stability', b.stability, null, '<d');
    raw.create_dataset({ name: 'boot_score', data: Float64Array.from(b.scores), dtype: '<d' });
    raw.create_dataset({ name: 'boot_distance_mm', data: Float64Array.from(b.distances), dtype: '<d' });
  }
}

/** The extra cell arrays of the data file's XDMF (in ParaView next to c_<qoi>). */
export function resamplingXdmfNames(maps: ElementMap[]): string[] {
  const out: string[] = [];
  for (const m of maps) {
    if (m.significance) out.push(pFweName(m.qoi));
    if (m.bootstrap) out.push(hotspotFreqName(m.qoi));
  }
  return out;
}

/** summary.json fields of one map: significance and bootstrap (JSON null for NaN/Infinity, as elsewhere). */
export function resamplingSummary(m: ElementMap): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const s = m.significance;
  if (s) {
    let significant = 0;
    for (const p of s.elementP) if (p <= 0.05) significant++;
    out.significance = {
      permutations: s.permutations,
      p_fwe: s.pFwe,
      threshold_fwe_05: s.thresholdFwe05,
      seed: s.seed,
      observed: s.observed,
      elements_significant_fwe_05: significant,
      partial: s.partial,
    };
  }
  const b = m.bootstrap;
  if (b) {
    out.bootstrap = {
      n: b.n,
      hotspot_radius95_mm: b.radius95,
      hotspot_median_distance_mm: b.medianDistance,
      hotspot_stability: b.stability,
      seed: b.seed,
      partial: b.partial,
    };
  }
  return out;
}

const numberAttr = (v: unknown): number =>
  typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : NaN;

/** Reads a map's resampling results back as written (main/io knows no statistics: every figure is stored). */
export function readResampling(f: H5File, m: ElementMap): void {
  const raw = f.get(`${RESAMPLING_GROUP}/${m.qoi}`);
  if (!raw || 'shape' in raw) return;
  const g = raw as H5Group;
  const ds = (path: string): H5Dataset | null => {
    const d = path.startsWith('/') ? f.get(path) : g.get(path);
    return d && 'shape' in d ? d : null;
  };
  const attr = (d: H5Dataset, name: string): number => numberAttr(d.attrs[name]?.value);
  const perm = ds('perm_max');
  const p = ds(`/data/tris/${pFweName(m.qoi)}`);
  if (perm && p) {
    m.significance = {
      permutations: perm.shape?.[0] ?? 0,
      seed: attr(perm, 'seed'),
      maxima: toFloat64(perm.value),
      observed: attr(perm, 'observed'),
      pFwe: attr(perm, 'p_fwe'),
      thresholdFwe05: attr(perm, 'threshold_fwe_05'),
      elementP: toFloat64(p.value),
      partial: attr(perm, 'partial') === 1,
    };
  }
  const el = ds('boot_element');
  const freq = ds(`/data/tris/${hotspotFreqName(m.qoi)}`);
  const sc = ds('boot_score');
  const dist = ds('boot_distance_mm');
  if (el && freq && sc && dist) {
    const elements = Int32Array.from(toFloat64(el.value));
    m.bootstrap = {
      n: elements.length,
      seed: attr(el, 'seed'),
      elements,
      scores: toFloat64(sc.value),
      frequency: toFloat64(freq.value),
      distances: toFloat64(dist.value),
      radius95: attr(el, 'radius95_mm'),
      medianDistance: attr(el, 'median_distance_mm'),
      stability: attr(el, 'stability'),
      partial: attr(el, 'partial') === 1,
    };
  }
}
