// The cross-process vocabulary in one import: verbs and events, errors, option sets, result types, score directions and
// comparisons, codec.
export * from './dataset';
export * from './errors';
export * from './options';
export * from './results';
export * from './scores';
export * from './compare-maps';
export * from './verbs';
export * from './codec';
export * from './validators';
export type { Check } from './schema';
// The fit engine's names and status codes travel unchanged; workers/fit/types.ts defines them (it imports nothing).
export type { BoundsPreset, ElementStatusCode, FunName, ScoreType } from '../../workers/fit/types';
export { ELEMENT_STATUS_NAMES, ElementStatus, FUN_NAMES, SCORE_TYPES } from '../../workers/fit/types';
