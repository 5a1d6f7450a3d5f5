// The files of <out>/targets/: Brainsight, Localite and SimNIBS hand-offs for every hotspot, plus a README on how each was made.
import type { MappingResult } from '../../contract';
import type { RoiGeometry } from '../types';
import type { TargetInputs } from './best-pose';
import { BRAINSIGHT_FILE, brainsightTargets } from './brainsight';
import { hotspotTargets, type HotspotTarget } from './hotspot-targets';
import {
  ENTRY_DISTANCE_MM,
  LOCALITE_MARKERS_FILE,
  LOCALITE_TARGETS_FILE,
  localiteEntryTargets,
  localiteInstrumentMarkers,
} from './localite';
import { simnibsScript, simnibsScriptFile } from './simnibs-script';

export const TARGETS_FOLDER = 'targets';
export const TARGETS_README = 'README.txt';

/** A file for the result folder: path relative to it, and its text. */
export interface TargetFile {
  rel: string;
  text: string;
}

/** A shard's maps cover part of the ROI: its "hotspot" is no target (`merge` writes targets/ for the whole ROI). */
export function isPartialMap(result: MappingResult): boolean {
  const { shard, elementRange } = result.spec;
  if (elementRange) return elementRange[0] > 0 || elementRange[1] < result.nElements;
  return !!shard && shard[1] > 1;
}

/**
 * Every file of targets/: none for a shard, or when no map has a hotspot. `inputs` absent = no coil poses known.
 */
export function targetFiles(
  result: MappingResult,
  roi: RoiGeometry,
  inputs: TargetInputs | undefined,
): TargetFile[] {
  if (isPartialMap(result)) return [];
  const targets = hotspotTargets(result, roi, inputs);
  if (targets.length === 0) return [];
  const createdBy = `TMS Mapper ${result.appVersion}`;
  const files: TargetFile[] = [
    { rel: BRAINSIGHT_FILE, text: brainsightTargets(targets, createdBy) },
    { rel: LOCALITE_TARGETS_FILE, text: localiteEntryTargets(targets, createdBy) },
  ];
  const markers = localiteInstrumentMarkers(targets, createdBy);
  if (markers) files.push({ rel: LOCALITE_MARKERS_FILE, text: markers });
  for (const t of targets) files.push({ rel: simnibsScriptFile(t), text: simnibsScript(t, createdBy) });
  files.push({
    rel: TARGETS_README,
    text: readme(
      targets,
      inputs,
      createdBy,
      files.map((f) => f.rel),
    ),
  });
  return files.map((f) => ({ rel: `${TARGETS_FOLDER}/${f.rel}`, text: f.text }));
}

const f3 = (v: readonly number[]): string => `(${v.map((x) => x.toFixed(2)).join(', ')})`;

function readme(
  targets: HotspotTarget[],
  inputs: TargetInputs | undefined,
  createdBy: string,
  files: string[],
): string {
  const poses = inputs?.poses;
  const lines = [
    `Navigation targets written by ${createdBy}.`,
    '',
    'Space and units: every position is in millimetres in the subject space of the head mesh the ROI comes from',
    "(SimNIBS: the RAS world of the subject's NIfTI T1; x right, y anterior, z superior). Load them on the",
    'navigator with that same T1.',
    '',
    `Files: ${files.join(', ')}.`,
    `- ${BRAINSIGHT_FILE}: Brainsight targets (File > Import > Targets, "NIfTI:Aligned"); position = hotspot`,
    "  centroid, orientation in Brainsight's coil axes (SimNIBS x and z negated).",
    `- ${LOCALITE_TARGETS_FILE}: Localite EntryTargetList (RAS): target = hotspot centroid, entry ${ENTRY_DISTANCE_MM} mm out`,
    '  along the outward normal of the hotspot element.',
    `- ${LOCALITE_MARKERS_FILE} (only when coil poses were recorded): Localite InstrumentMarkerList (RAS) with the`,
    '  recorded pose that best stimulated each hotspot: the zap with the largest E at the hotspot per unit intensity',
    "  (E / realised dI/dt), in Localite's coil axes (x = SimNIBS z, y = -SimNIBS y, z = SimNIBS x).",
    '- tmsoptimize_<response>_<qoi>.py: SimNIBS TMSoptimize for the hotspot; fill in HEAD_MESH and COIL, then run',
    '  it with simnibs_python.',
    '',
    poses
      ? `Coil poses: ${poses.file} ${poses.source} (${poses.nZaps} zaps, ${poses.skipped.length} unusable and skipped;`
      : 'Coil poses: none known. Orientation from the element normal: coil z (SimNIBS) into the head along the normal,',
    poses
      ? `orthonormalised to the nearest rotation; poses more than 1e-3 from orthonormal are rejected as sheared).`
      : 'handle (SimNIBS -y) backwards and 45 degrees away from the midline (the usual motor-hotspot orientation).',
    '',
    'Targets:',
  ];
  for (const t of targets) {
    lines.push(
      `- ${t.name}: response ${t.response}, ${t.qoi}, element ${t.element}, ${t.scoreType} ${t.score.toFixed(4)}, centroid ${f3(t.centroid)} mm`,
      `  outward normal ${f3(t.outward)} (turned away from ${t.outwardFrom === 'origin' ? 'the subject-space origin' : 'the inside, towards the recorded coil'}); orientation from the ${t.orientationFrom}` +
        (t.best
          ? `: zap ${t.best.zap}, E ${t.best.e.toFixed(3)}${t.best.intensity !== null ? ` at ${t.best.intensity} A/us` : ''}, coil centre ${f3([t.best.pose[3], t.best.pose[7], t.best.pose[11]])} mm${t.best.skippedZaps ? `; ${t.best.skippedZaps} zaps of the selection had no usable pose` : ''}`
          : ''),
    );
  }
  if (inputs?.warnings.length) lines.push('', 'Warnings:', ...inputs.warnings.map((w) => `- ${w}`));
  return `${lines.join('\n')}\n`;
}
