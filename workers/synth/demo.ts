// The deterministic demo/validation dataset: cortex patch, zaps, E-field QOIs and MEPs of several muscles with known hotspots.
import { figure8Coil, type Figure8Options } from './coil';
import {
  buildCortex,
  foldClass,
  nearestElement,
  type CortexOptions,
  type CortexPatch,
  type FoldClass,
} from './cortex';
import {
  computeEfields,
  EXPERIMENT_DEFAULTS,
  planExperiment,
  type EfieldQois,
  type ExperimentOptions,
  type Zap,
} from './experiment';
import {
  MEP_NOISE_DEFAULTS,
  recruitmentFor,
  simulateMeps,
  sigmoid4,
  type MepNoise,
  type SigmoidParams,
} from './responses';
import { createSynthRng } from './rng';

/** Bump when anything changes what a given recipe generates (caches compare it). */
export const DEMO_RECIPE_VERSION = 1;

export type SynthQoi = 'E_mag' | 'E_norm' | 'E_tan';

/** A muscle's ground truth: where its representation is, which QOI drives it, its recruitment curve. */
export interface MuscleSpec {
  name: string;
  /** Target location in the patch's tangent coordinates (mm) and the fold class to snap to. */
  u: number;
  v: number;
  kind: FoldClass;
  qoi: SynthQoi;
  /** Quantile of the element's field used as x0, and the 10–90 % rise width relative to x0. */
  x0Quantile: number;
  width: number;
  /** Plateau and baseline of the curve (mV). */
  amp: number;
  y0: number;
}

/** FDI and ADM on the same gyral crown 9 mm apart, APB on the anterior rim: hotspots 7–12 mm apart. */
export const DEFAULT_MUSCLES: MuscleSpec[] = [
  { name: 'FDI', u: 0, v: 0, kind: 'crown', qoi: 'E_mag', x0Quantile: 0.5, width: 0.5, amp: 3, y0: 0.01 },
  { name: 'ADM', u: 0, v: -9, kind: 'crown', qoi: 'E_mag', x0Quantile: 0.6, width: 0.5, amp: 1.5, y0: 0.01 },
  { name: 'APB', u: 3.5, v: 6, kind: 'rim', qoi: 'E_mag', x0Quantile: 0.55, width: 0.5, amp: 2, y0: 0.01 },
];

export interface DemoOptions {
  seed?: number;
  nZaps?: number;
  /** Cortex grid spacing (mm); the other patch parameters are in `cortex`. */
  gridSpacing?: number;
  cortex?: Omit<CortexOptions, 'spacing'>;
  coil?: Figure8Options;
  experiment?: Omit<ExperimentOptions, 'nZaps'>;
  muscles?: MuscleSpec[];
  noise?: Partial<MepNoise>;
}

/** The recipe with every default filled in: what the cache manifest stores and compares. */
export interface DemoRecipe {
  version: number;
  seed: number;
  nZaps: number;
  cortex: Required<CortexOptions>;
  coil: Required<Figure8Options>;
  experiment: Required<Omit<ExperimentOptions, 'nZaps'>>;
  muscles: MuscleSpec[];
  noise: MepNoise;
}

export interface MuscleTruth {
  muscle: string;
  /** Response column name in the CSV. */
  column: string;
  element: number;
  centroid: [number, number, number];
  normal: [number, number, number];
  fold: FoldClass;
  qoi: SynthQoi;
  fun: 'sigmoid4';
  params: SigmoidParams;
  noise: MepNoise;
}

export interface DemoTruth {
  recipe: DemoRecipe;
  nZaps: number;
  nElements: number;
  units: { coordinates: 'mm'; efield: 'V/m'; mep: 'mV'; intensity: 'A/us' };
  muscles: MuscleTruth[];
}

export interface DemoDataset {
  recipe: DemoRecipe;
  cortex: CortexPatch;
  zaps: Zap[];
  efield: EfieldQois;
  /** MEP (mV) per muscle name, one per zap. */
  responses: Record<string, Float64Array>;
  truth: DemoTruth;
  seconds: number;
}

export function resolveDemoRecipe(opts: DemoOptions = {}): DemoRecipe {
  const cortex = buildCortexOptions(opts);
  return {
    version: DEMO_RECIPE_VERSION,
    seed: opts.seed ?? 1,
    nZaps: opts.nZaps ?? 300,
    cortex,
    coil: figure8Coil(opts.coil).options,
    experiment: { ...EXPERIMENT_DEFAULTS, ...opts.experiment },
    muscles: (opts.muscles ?? DEFAULT_MUSCLES).map((m) => ({ ...m })),
    noise: { ...MEP_NOISE_DEFAULTS, ...opts.noise },
  };
}

function buildCortexOptions(opts: DemoOptions): Required<CortexOptions> {
  return buildCortex({ ...opts.cortex, spacing: opts.gridSpacing ?? 1.5, size: opts.cortex?.size ?? 70 })
    .options;
}

/** The E column (zap order) of one element of one QOI. */
export function elementColumn(
  efield: EfieldQois,
  qoi: SynthQoi,
  element: number,
  nElements: number,
): Float64Array {
  const m = efield[qoi];
  const n = m.length / nElements;
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) out[k] = m[k * nElements + element];
  return out;
}

/**
 * Generates the dataset, deterministically from the recipe. Random streams are split per purpose
 * (experiment, then one per muscle) so that changing a muscle does not move the coil positions.
 */
export function generateDemo(
  opts: DemoOptions = {},
  onProgress?: (done: number, total: number) => void,
): DemoDataset {
  const started = performance.now();
  const recipe = resolveDemoRecipe(opts);
  const cortex = buildCortex(recipe.cortex);
  const targets = recipe.muscles.map((m) => nearestElement(cortex, m.u, m.v, m.kind));
  const first = targets[0] ?? nearestElement(cortex, 0, 0);
  const aim: [number, number, number] = [
    cortex.centroids[3 * first],
    cortex.centroids[3 * first + 1],
    cortex.centroids[3 * first + 2],
  ];
  const zaps = planExperiment(
    aim,
    { ...recipe.experiment, nZaps: recipe.nZaps },
    createSynthRng(recipe.seed),
  );
  const efield = computeEfields(cortex, zaps, recipe.coil, recipe.experiment.coilGap, onProgress);
  const responses: Record<string, Float64Array> = {};
  const muscles: MuscleTruth[] = recipe.muscles.map((m, i) => {
    const element = targets[i];
    const x = elementColumn(efield, m.qoi, element, cortex.nTriangles);
    const params = recruitmentFor(x, m.x0Quantile, m.width, m.amp, m.y0);
    responses[m.name] = simulateMeps(
      x,
      params,
      recipe.noise,
      createSynthRng(recipe.seed * 1000 + 17 * (i + 1)),
    );
    const c = (a: Float64Array): [number, number, number] => [
      a[3 * element],
      a[3 * element + 1],
      a[3 * element + 2],
    ];
    return {
      muscle: m.name,
      column: `p2p_${m.name}`,
      element,
      centroid: c(cortex.centroids),
      normal: c(cortex.normals),
      fold: foldClass(cortex.fold[element]),
      qoi: m.qoi,
      fun: 'sigmoid4',
      params,
      noise: recipe.noise,
    };
  });
  const truth: DemoTruth = {
    recipe,
    nZaps: zaps.length,
    nElements: cortex.nTriangles,
    units: { coordinates: 'mm', efield: 'V/m', mep: 'mV', intensity: 'A/us' },
    muscles,
  };
  return { recipe, cortex, zaps, efield, responses, truth, seconds: (performance.now() - started) / 1000 };
}

/** The noiseless recruitment curve of a muscle at field x (mV). */
export function noiselessMep(truth: MuscleTruth, x: number): number {
  return sigmoid4(x, truth.params);
}
