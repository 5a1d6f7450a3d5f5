// Opens ROI + E-field + responses together, checks they agree, and turns a zap selection into zap indices.
import { AppError } from '../contract';
import type { JobInputs, ZapSelection } from '../contract';
import { isPerConditionFolder, openEfield } from './efield';
import { checkHdf5File } from './h5';
import { readResponses, requireResponses } from './responses';
import { readRoi } from './roi';
import { trace } from '../trace';
import type { EfieldSource, ResponseTable, RoiGeometry } from './types';

/** Everything a mapping job reads, opened and checked; close() releases the E-field file(s). */
export interface Dataset {
  inputs: JobInputs;
  roi: RoiGeometry;
  efield: EfieldSource;
  responses: ResponseTable;
  close(): void;
}

/**
 * Opens the three inputs and checks them against each other: ELEMENT_COUNT_MISMATCH (E vs ROI),
 * ZAP_COUNT_MISMATCH (E vs responses), EMPTY_SELECTION (no zaps or no elements). The responses are read
 * first and `checkResponses` (e.g. the job's columns and zap selection) runs on them before any HDF5 file
 * is opened: a bad CSV fails in milliseconds, without starting HDF5. Then the HDF5 files get the checks that need
 * no HDF5 (a missing or truncated file fails here too), and they open once `beforeHdf5` has resolved.
 */
export async function openDataset(
  inputs: JobInputs,
  checkResponses?: (responses: ResponseTable) => void,
  beforeHdf5?: () => Promise<void>,
): Promise<Dataset> {
  const responses = await readResponses(inputs.responsesFile, {
    conditionColumn: inputs.conditionColumn,
    intensityColumn: inputs.intensityColumn,
  });
  trace('responses read');
  checkResponses?.(responses);
  // The checks the HDF5 files get first anyway (present, readable, HDF5, not truncated), for both now: a missing or
  // truncated file fails before the caller starts anything costly in `beforeHdf5` (the CLI: its workers), which
  // runs before HDF5 starts and holds the thread for a few hundred ms.
  checkHdf5File(inputs.roiFile);
  if (!isPerConditionFolder(inputs.efieldFile)) checkHdf5File(inputs.efieldFile);
  await beforeHdf5?.();
  const roi = await readRoi(inputs.roiFile, inputs.roiId);
  trace('roi read');
  // With the ROI, openEfield checks the element count and can derive E_norm/E_tan from /E.
  const efield = await openEfield(inputs.efieldFile, {
    roi,
    conditions: responses.conditions,
    intensity: responses.intensity,
    scaleByIntensity: inputs.scaleByIntensity,
    roiId: inputs.roiId,
  });
  try {
    checkConsistency(roi, efield, responses);
  } catch (e) {
    efield.close();
    throw e;
  }
  return { inputs, roi, efield, responses, close: () => efield.close() };
}

function checkConsistency(roi: RoiGeometry, efield: EfieldSource, responses: ResponseTable): void {
  if (efield.nElements !== roi.nTriangles) {
    throw new AppError('ELEMENT_COUNT_MISMATCH', {
      file: efield.file,
      found: `${efield.nElements} elements in the E-field`,
      expected: `${roi.nTriangles} triangles as in ${roi.file}${roi.roiId ? ` (ROI ${roi.roiId})` : ''}`,
    });
  }
  if (efield.nZaps !== responses.nZaps) {
    throw new AppError('ZAP_COUNT_MISMATCH', {
      file: efield.file,
      found: `${efield.nZaps} zaps in the E-field`,
      expected: `${responses.nZaps} zaps as in ${responses.file}`,
    });
  }
  if (efield.nZaps === 0)
    throw new AppError('EMPTY_SELECTION', {
      file: efield.file,
      found: '0 zaps',
      expected: 'at least one zap',
    });
  if (efield.nElements === 0)
    throw new AppError('EMPTY_SELECTION', {
      file: roi.file,
      found: '0 elements',
      expected: 'at least one triangle',
    });
}

/**
 * Zap indices (acquisition order) that enter the fit: drops zaps with NaN/Inf in any chosen response,
 * then keeps the given conditions and index range, then the first N. EMPTY_SELECTION when nothing is left.
 */
export function selectZaps(
  table: ResponseTable,
  selection: ZapSelection | undefined,
  responseNames: string[],
): Uint32Array {
  const cols = requireResponses(table, responseNames);
  const sel = selection ?? {};
  if (sel.conditions?.length && !table.conditions) {
    throw new AppError('COLUMN_NOT_FOUND', {
      file: table.file,
      found: 'no condition per zap',
      expected: `a condition column to select ${sel.conditions.join(', ')}`,
    });
  }
  if (sel.conditions?.length && table.conditions) {
    const known = new Set(table.conditions);
    const unknown = sel.conditions.filter((c) => !known.has(c));
    if (unknown.length) {
      throw new AppError('EMPTY_SELECTION', {
        file: table.file,
        found: `conditions ${[...known].join(', ')}`,
        expected: `conditions ${unknown.join(', ')}`,
      });
    }
  }
  const [r0, r1] = sel.range ?? [0, table.nZaps];
  if (!(Number.isInteger(r0) && Number.isInteger(r1) && r0 >= 0 && r0 <= r1)) {
    throw new AppError('BAD_ARGUMENT', {
      file: table.file,
      found: `zap range [${r0}, ${r1})`,
      expected: `0 ≤ start ≤ end`,
    });
  }
  if (sel.first !== undefined && !(Number.isInteger(sel.first) && sel.first > 0)) {
    throw new AppError('BAD_ARGUMENT', {
      file: table.file,
      found: `first ${sel.first}`,
      expected: 'a positive whole number',
    });
  }
  const pre = sel.preinnervation ? preinnervationColumn(table, sel.preinnervation) : null;
  const wanted = sel.conditions?.length ? new Set(sel.conditions) : null;
  const out: number[] = [];
  for (let z = Math.max(0, r0); z < Math.min(r1, table.nZaps); z++) {
    if (!cols.every((c) => Number.isFinite(c[z]))) continue;
    if (wanted && !wanted.has(table.conditions![z])) continue;
    // an unknown (NaN) background level is kept: nothing says the zap is contaminated
    if (pre && pre[z] > sel.preinnervation!.max) continue;
    out.push(z);
    if (sel.first !== undefined && out.length >= sel.first) break;
  }
  if (out.length === 0) {
    throw new AppError('EMPTY_SELECTION', {
      file: table.file,
      found: `0 of ${table.nZaps} zaps left`,
      expected: `zaps with finite ${responseNames.join(', ')}${wanted ? ` in ${[...wanted].join(', ')}` : ''}${sel.range ? ` in [${r0}, ${r1})` : ''}${sel.preinnervation ? ` with ${sel.preinnervation.column} ≤ ${sel.preinnervation.max}` : ''}`,
    });
  }
  return Uint32Array.from(out);
}

function preinnervationColumn(table: ResponseTable, p: { column: string; max: number }): Float64Array {
  const col = table.columns[p.column];
  if (!col) {
    throw new AppError('COLUMN_NOT_FOUND', {
      file: table.file,
      found: `numeric columns ${Object.keys(table.columns).join(', ')}`,
      expected: `a pre-innervation column ${p.column}`,
    });
  }
  if (!Number.isFinite(p.max)) {
    throw new AppError('BAD_ARGUMENT', {
      file: table.file,
      found: `pre-innervation limit ${p.max}`,
      expected: 'a finite number',
    });
  }
  return col;
}
