// Brainsight target list (tab-separated text, format version 12 as SimNIBS writes it), NIfTI:Aligned, mm.
import type { HotspotTarget } from './hotspot-targets';
import { simnibsToBrainsight } from './pose-math';

export const BRAINSIGHT_FILE = 'targets_brainsight.txt';

export const BRAINSIGHT_COLUMNS = [
  'Target Name',
  'Loc. X',
  'Loc. Y',
  'Loc. Z',
  'm0n0',
  'm0n1',
  'm0n2',
  'm1n0',
  'm1n1',
  'm1n2',
  'm2n0',
  'm2n1',
  'm2n2',
] as const;

/**
 * One line per target: position = hotspot centroid; m<i>n<j> = component j of coil axis i in Brainsight's coil
 * axes (SimNIBS' x and z negated). Brainsight's importer reads the header lines below; the axes are written with
 * 12 decimals so they stay orthonormal to 1e-9 (Brainsight itself writes 3, SimNIBS 4).
 */
export function brainsightTargets(targets: HotspotTarget[], createdBy: string): string {
  const lines = [
    '# Version: 12',
    '# Coordinate system: NIfTI:Aligned',
    `# Created by: ${createdBy.replace(/[\r\n\t]+/g, ' ')}`,
    '# Units: millimetres, degrees, milliseconds, and microvolts',
    '# Encoding: UTF-8',
    '# Notes: Each column is delimited by a tab. Each value within a column is delimited by a semicolon.',
    `# ${BRAINSIGHT_COLUMNS.join('\t')}`,
  ];
  for (const t of targets) {
    const m = simnibsToBrainsight(t.orientation);
    const axes: string[] = [];
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) axes.push(m[j * 4 + i].toFixed(12));
    lines.push([t.name, ...t.centroid.map((v) => v.toFixed(4)), ...axes].join('\t'));
  }
  return `${lines.join('\n')}\n`;
}
