// The reference pipelines as option sets: the defaults are regress_data's, and a results folder can name its pipeline.
import { describe, expect, it } from 'vitest';
import { FIT_DEFAULTS } from '../../../workers/fit/defaults';
import { PIPELINES, pipelineOf } from '../../../workers/fit/pipelines';

describe('pipelines', () => {
  it('the defaults are pynibs.regress_data: Element start values, no screen, no signed-data selection', () => {
    expect(FIT_DEFAULTS.pipeline).toBe('regress_data');
    expect(PIPELINES.regress_data).toEqual({ preset: 'element', badElementScreen: false });
    expect(FIT_DEFAULTS.signedData).toBe('off');
  });

  it('names the pipeline of a set of options', () => {
    expect(pipelineOf({ preset: 'element', badElementScreen: false })).toBe('regress_data');
    expect(pipelineOf({ preset: 'legacy', badElementScreen: true })).toBe('nl_hdf5');
    expect(pipelineOf({ preset: 'legacy', badElementScreen: true, stepdown: true })).toBe(
      'stepdown_approach',
    );
    expect(pipelineOf({ preset: 'element', badElementScreen: true })).toBe('custom');
    expect(pipelineOf({ preset: 'element', badElementScreen: false, fun: 'ridge' })).toBe('ridge_from_hdf5');
    expect(pipelineOf({ preset: 'element', badElementScreen: false, stepdown: true })).toBe('custom');
  });
});
