// Shared by the job integration tests: the cached demo dataset, a small JobSpec on it, the built worker.
import { resolve } from 'node:path';
import { ensureDemoDataset, type DemoFiles } from '../../main/io/demo-dataset';
import type { JobSpec, MappingResult } from '../../main/contract';
import { openDataset } from '../../main/io/dataset';
import { runMapping, type MappingHooks } from '../../main/job/run-mapping';

export const WORKER_ENTRY = resolve(import.meta.dirname, '../../out/main/worker.js');

let demo: Promise<DemoFiles> | undefined;
export function demoFiles(): Promise<DemoFiles> {
  demo ??= ensureDemoDataset(process.env.TMS_MAPPER_DEMO_DIR || undefined);
  return demo;
}

/** The demo with one muscle on a slice of the ROI: seconds per run, every refit path still taken. */
export async function smallSpec(over: Partial<JobSpec> = {}): Promise<JobSpec> {
  const d = await demoFiles();
  return {
    inputs: { roiFile: d.meshFile, roiId: d.roiId, efieldFile: d.efieldFile, responsesFile: d.responsesFile },
    responses: [d.truth.muscles[0].column],
    qois: ['E_mag'],
    fun: 'sigmoid4',
    score: 'R2',
    preset: 'element',
    nRefit: 5,
    discontinuityRefit: true,
    stepdown: false,
    badElementScreen: true,
    convergence: false,
    workers: 2,
    seed: 7,
    elementRange: [2000, 2400],
    ...over,
  };
}

/** Opens the spec's input files, maps them and closes them (what the CLI does around runMapping). */
export async function mapOnFiles(spec: JobSpec, hooks?: MappingHooks): Promise<MappingResult> {
  const opening = openDataset(spec.inputs);
  try {
    return await runMapping(opening, spec, hooks);
  } finally {
    (await opening.catch(() => undefined))?.close();
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
