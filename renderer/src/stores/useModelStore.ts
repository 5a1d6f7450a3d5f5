// The Model step: regression function, score and refit options, with the reference's defaults and one-line explanations.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { DEFAULT_MODEL, type ModelOptions } from '../../../main/contract';

/** The contract's one set of defaults (the reference's, pyNIBS regress_data) with this machine's worker count. */
export function defaultModel(workers = DEFAULT_MODEL.workers): ModelOptions {
  return { ...DEFAULT_MODEL, workers };
}

/** One line per option, shown under its control. */
export const MODEL_HELP: Record<keyof ModelOptions, string> = {
  fun: 'Input–output curve fitted per element: MEP = f(E). sigmoid4 is the reference\u2019s default.',
  score:
    'Goodness of fit shown on the map. R2 is the reference\u2019s default; AIC/BIC are better when lower.',
  preset: 'Start values and bounds: per element from its data (default) or the older fixed values.',
  nRefit: 'Rounds of random restarts for elements whose score stays at zero (0 = off).',
  discontinuityRefit:
    'Refits elements whose score jumps against their neighbours, starting from the neighbours\u2019 fits.',
  stepdown: 'Fits a sample first and then only the surroundings of the best elements: faster on large ROIs.',
  badElementScreen:
    'Skips elements where a straight line already shows no increase of MEP with E (older nl_hdf5 pipeline; off in regress_data).',
  signedData:
    'Fits only the zaps of the sign of E whose line rises significantly, scored on all zaps (auto: only for E_norm). Off in regress_data.',
  convergence: 'Also maps growing subsets of the zaps to show how stable the map is (takes longer).',
  workers: 'Worker processes fitting in parallel.',
  seed: 'Random seed: the same seed gives the same map.',
  stepStart:
    'Beyond the reference, off by default: sigmoid fits also start at the best step threshold where a step explains the data better; finds lower minima for elements without a clear relation, so their scores no longer match pyNIBS. Off: only the reference\u2019s start.',
  fastSolver:
    'Beyond the reference, off by default: the engine\u2019s own solver, about twice as fast; elements without a clear relation can end in another local minimum than pyNIBS\u2019 (their scores then differ). Off: lmfit\u2019s optimizer path, as regress_data.',
  permutations:
    'Beyond the reference: maps this many shuffles of the responses for the hotspot\u2019s family-wise p and the 0.05 score threshold (0 = off; each is a full map).',
  bootstrap:
    'Beyond the reference: maps this many resamples of the zaps to show where the hotspot could land (95 % radius; 0 = off; each is a full map).',
};

export const useModelStore = defineStore('model', () => {
  const options = ref<ModelOptions>(defaultModel());

  function reset(workers: number): void {
    options.value = defaultModel(workers);
  }

  /**
   * Sessions saved before the resampling counts existed lack them: they read as off (0), not as empty fields; the
   * step start and the fast solver, absent in sessions saved before they existed, were on then and stay on (new
   * sessions always save them).
   */
  function apply(m: ModelOptions): void {
    options.value = { permutations: 0, bootstrap: 0, stepStart: true, fastSolver: true, ...m };
  }

  return { options, reset, apply };
});
