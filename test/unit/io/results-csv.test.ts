import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { convergenceCsv, csvNumber, hotspotsCsv } from '../../../main/io/results-csv';
import { gridRoi, mappingResult } from './results-fixture';

describe('result CSVs', () => {
  it('spells numbers round-trip exact, NaN/inf as pandas reads them', () => {
    expect([0.1 + 0.2, NaN, Infinity, -Infinity, 3].map(csvNumber)).toEqual([
      '0.30000000000000004',
      'NaN',
      'inf',
      '-inf',
      '3',
    ]);
  });

  it('quotes response names that hold commas or quotes', () => {
    const r = mappingResult(gridRoi());
    const maps = [{ ...r.maps[0], response: 'FDI, "left"' }];
    const parsed = Papa.parse<string[]>(hotspotsCsv(maps), { skipEmptyLines: true });
    expect(parsed.data[0]).toEqual(['response', 'qoi', 'element', 'score', 'x', 'y', 'z']);
    expect(parsed.data[1][0]).toBe('FDI, "left"');
    expect(Number(parsed.data[1][3])).toBe(maps[0].hotspot.score);
  });

  it('writes one convergence row per QOI × zap count', () => {
    const r = mappingResult(gridRoi());
    const text = convergenceCsv(r.convergence, 'sigmoid4', 'R2');
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[1].startsWith('R2,E_mag,sigmoid4,2,NaN,NaN,0,')).toBe(true);
  });
});
