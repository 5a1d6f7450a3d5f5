// The reference's two mapping pipelines as named option sets, and which one a given set of options is.
import { FIT_DEFAULTS } from './defaults';
import type { BoundsPreset, FunName } from './types';

/** What distinguishes the pipelines: start values/bounds and the bad-element screen. */
export interface PipelineOptions {
  preset: BoundsPreset;
  badElementScreen: boolean;
}

/**
 * `regress_data` (the default; what the pyNIBS protocol calls): Element.setup_model starts and bounds, no screen.
 * `nl_hdf5`: the older nl_hdf5/stepdown path: get_model_init_values starts and bounds, and get_bad_elms screens
 * out elements whose linear slope is negative.
 */
export const PIPELINES = {
  regress_data: { preset: FIT_DEFAULTS.preset, badElementScreen: FIT_DEFAULTS.badElementScreen },
  nl_hdf5: { preset: 'legacy', badElementScreen: true },
} as const satisfies Record<string, PipelineOptions>;
export type PipelineName = keyof typeof PIPELINES;
export const PIPELINE_NAMES = Object.keys(PIPELINES) as PipelineName[];

/**
 * The pipeline a run followed, for the results folder: its name when the options equal one of the sets
 * (`stepdown_approach` for nl_hdf5 options with the stepdown variant, as the reference names it), else `custom`;
 * ridge maps are the seed's separate function `ridge_from_hdf5` (no starts, no screen).
 */
export function pipelineOf(
  o: PipelineOptions & { stepdown?: boolean; fun?: FunName },
): PipelineName | 'stepdown_approach' | 'ridge_from_hdf5' | 'custom' {
  if (o.fun === 'ridge') return 'ridge_from_hdf5';
  for (const name of PIPELINE_NAMES) {
    const p = PIPELINES[name];
    if (p.preset !== o.preset || p.badElementScreen !== o.badElementScreen) continue;
    if (!o.stepdown) return name;
    return name === 'nl_hdf5' ? 'stepdown_approach' : 'custom';
  }
  return 'custom';
}
