// Localite TMS Navigator XML: an EntryTargetList (hotspot + entry along the normal) and an InstrumentMarkerList (best recorded pose).
import type { HotspotTarget } from './hotspot-targets';
import { simnibsToLocalite } from './pose-math';

export const LOCALITE_TARGETS_FILE = 'targets_localite.xml';
export const LOCALITE_MARKERS_FILE = 'instrument_markers_localite.xml';
/** How far out along the normal the entry point lies (mm): Localite draws the trajectory entry → target. */
export const ENTRY_DISTANCE_MM = 20;
/** World space of the files: the head mesh's subject space is the NIfTI T1's RAS world (SimNIBS' default). */
export const LOCALITE_SPACE = 'RAS';

export function escapeXml(s: string): string {
  return s.replace(
    /[<>&"']/g,
    (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot', "'": 'apos' }[c]};`,
  );
}

const num = (v: number): string => v.toFixed(12);

function colVec(v: readonly number[]): string {
  return `<ColVec3D data0="${num(v[0])}" data1="${num(v[1])}" data2="${num(v[2])}"/>`;
}

/** Entry/target pairs, one per hotspot (index = position in the list), as Localite's EntryTarget files. */
export function localiteEntryTargets(targets: HotspotTarget[], createdBy: string): string {
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<EntryTargetList coordinateSpace="${LOCALITE_SPACE}">`,
    `    <!--${comment(createdBy)}. Units: mm. Space: ${LOCALITE_SPACE} world of the NIfTI T1 the head mesh was made from (SimNIBS subject space). Target = hotspot centroid; entry = target + ${ENTRY_DISTANCE_MM} mm along the outward normal of the hotspot element.-->`,
  ];
  targets.forEach((t, i) => {
    const entry = t.centroid.map((c, k) => c + ENTRY_DISTANCE_MM * t.outward[k]);
    const desc = escapeXml(`${t.name} (element ${t.element}, ${t.scoreType} ${t.score.toFixed(4)})`);
    out.push(
      `    <Entry alwaysVisible="false" index="${i}" selected="false">`,
      `        <Marker color="#00ff00" description="${desc}" drawAura="false" radius="4.0" set="true">`,
      `            ${colVec(entry)}`,
      '        </Marker>',
      '    </Entry>',
      `    <Target alwaysVisible="false" index="${i}" selected="false">`,
      `        <Marker color="#00ffff" description="${desc}" drawAura="true" radius="4.0" set="true">`,
      `            ${colVec(t.centroid)}`,
      '        </Marker>',
      '    </Target>',
    );
  });
  out.push('</EntryTargetList>');
  return `${out.join('\n')}\n`;
}

/**
 * The recorded pose that best stimulated each hotspot, in Localite's coil axes (M_sim · F, SimNIBS nnav.py),
 * as an InstrumentMarkerList; null when no target has one. dataRC = row R, column C.
 */
export function localiteInstrumentMarkers(targets: HotspotTarget[], createdBy: string): string | null {
  const withPose = targets.filter((t) => t.best);
  if (withPose.length === 0) return null;
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<InstrumentMarkerList coordinateSpace="${LOCALITE_SPACE}">`,
    `    <!--${comment(createdBy)}. Units: mm. Space: ${LOCALITE_SPACE} world of the NIfTI T1 (SimNIBS subject space). Localite coil axes: x = SimNIBS z, y = -SimNIBS y, z = SimNIBS x; column 3 = coil centre. Each marker is the recorded pose of the zap with the largest E at the hotspot per unit intensity.-->`,
  ];
  withPose.forEach((t, i) => {
    const m = simnibsToLocalite(t.best!.pose, LOCALITE_SPACE);
    const b = t.best!;
    const desc = escapeXml(
      `${t.name} best recorded pose: zap ${b.zap}, E ${b.e.toFixed(3)}${b.intensity !== null ? ` at ${b.intensity} A/us` : ''}`,
    );
    const rows = [0, 1, 2, 3].map((r) =>
      [0, 1, 2, 3]
        .map((c) => `data${r}${c}="${r === 3 ? (c === 3 ? '1' : '0') : num(m[r * 4 + c])}"`)
        .join(' '),
    );
    out.push(
      `    <InstrumentMarker alwaysVisible="false" index="${i}" selected="false">`,
      `        <Marker additionalInformation="" color="#ff0000" description="${desc}" set="true">`,
      `            <Matrix4D ${rows.join('\n                ')}/>`,
      '        </Marker>',
      '    </InstrumentMarker>',
    );
  });
  out.push('</InstrumentMarkerList>');
  return `${out.join('\n')}\n`;
}

/** XML comments may not contain "--". */
function comment(s: string): string {
  return s.replace(/-{2,}/g, '-').replace(/-$/, '');
}
