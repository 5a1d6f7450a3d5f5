// The fit engine's public surface, used by the mapping job (workers/element-job.ts) and the IO-curve views.
export { MODELS, paramNames, evaluateModel, type ModelDef } from './models';
export { ElementFitter } from './element';
export { createRng } from './rng';
export {
  linearSlope,
  isBadElement,
  selectSignedData,
  onFittedSide,
  lineFit,
  type LineFit,
  type SignedSelection,
} from './screens';
export { computeScore, isBetterScore, spearman } from './scores';
export { FIT_DEFAULTS } from './defaults';
export { Solver, type LmProblem, type LmOutcome } from './lm';
export { setupParams, createParamSetup, type ParamSetup } from './init';
export * from './types';
