import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import {
  ioCurveLayout,
  ioCurveTraces,
  paramLines,
  type IoCurve,
} from '../../../../renderer/src/results/ioCurveTraces';
import { histogram, histogramFigure } from '../../../../renderer/src/results/histogramTraces';
import { convergenceFigure } from '../../../../renderer/src/results/convergenceTraces';
import { qualityFigure } from '../../../../renderer/src/results/qualityTraces';
import { topElements, topElementsCsv } from '../../../../renderer/src/results/topElements';
import {
  formatNumber,
  responseUnit,
  muscleName,
  scoreLabel,
} from '../../../../renderer/src/results/figureStyle';

const curve: IoCurve = {
  element: 7,
  response: 'p2p_FDI',
  qoi: 'E_mag',
  fun: 'sigmoid4',
  scoreName: 'R2',
  score: 0.8123,
  status: 'converged',
  paramNames: ['x0', 'r', 'amp', 'y0'],
  params: new Float64Array([61.25, 0.153, 3.2, 0.01]),
  e: new Float64Array([40, 60, 80]),
  y: new Float64Array([0.02, 1.5, 3.1]),
  curveE: new Float64Array([40, 80]),
  curveY: new Float64Array([0.05, 3.0]),
  responseUnit: 'mV',
};

describe('figure style', () => {
  it('reads the response unit from the column name and never invents one', () => {
    expect(responseUnit('p2p_FDI')).toBe('mV');
    expect(responseUnit('CsE_FDI_in_uV')).toBe('µV');
    expect(responseUnit('ADM_mV')).toBe('mV');
    expect(responseUnit('amplitude')).toBeNull();
    expect(muscleName('p2p_FDI')).toBe('FDI');
    expect(scoreLabel('R2')).toBe('R²');
  });

  it('formats numbers with 3 significant digits', () => {
    expect(formatNumber(61.25)).toBe('61.3');
    expect(formatNumber(0.000012)).toBe('1.20e-5');
    expect(formatNumber(NaN)).toBe('NaN');
  });
});

describe('IO curve figure', () => {
  it('plots the zaps and the fitted curve, labels axes with units, and lists the parameters with units', () => {
    const traces = ioCurveTraces(curve);
    expect(traces).toHaveLength(2);
    expect(traces[0].x).toEqual([40, 60, 80]);
    expect(traces[0].y).toEqual([0.02, 1.5, 3.1]);
    expect(traces[1].mode).toBe('lines');
    expect(traces[1].name).toContain('R² = 0.812');
    const layout = ioCurveLayout(curve) as {
      xaxis: { title: { text: string } };
      yaxis: { title: { text: string }; type: string };
      annotations: { text: string }[];
    };
    expect(layout.xaxis.title.text).toBe('E-field |E| (V/m)');
    expect(layout.yaxis.title.text).toBe('MEP FDI (mV)');
    expect(layout.yaxis.type).toBe('linear');
    expect(paramLines(curve)).toEqual(['x0 = 61.3 V/m', 'r = 0.153 m/V', 'amp = 3.2 mV', 'y0 = 0.01 mV']);
    expect(layout.annotations[0].text).toContain('x0 = 61.3 V/m');
  });

  it('draws the hotspot for comparison unless the element is the hotspot, and uses a log axis for log fits', () => {
    const other = { ...curve, element: 3, score: 0.4 };
    expect(ioCurveTraces(other, { compare: curve })).toHaveLength(4);
    expect(ioCurveTraces(curve, { compare: curve })).toHaveLength(2);
    const log = ioCurveLayout({ ...curve, fun: 'sigmoid4_log' }) as { yaxis: { type: string } };
    expect(log.yaxis.type).toBe('log');
  });

  it('shows the zaps alone when the element has no fit', () => {
    const traces = ioCurveTraces({ ...curve, curveE: [], curveY: [], status: 'skipped-bad' });
    expect(traces).toHaveLength(1);
    const layout = ioCurveLayout({ ...curve, status: 'skipped-bad' }) as { annotations: { text: string }[] };
    expect(layout.annotations[0].text).toContain('skipped-bad');
  });
});

describe('IO curve of a signed-data fit', () => {
  const signed: IoCurve = {
    ...curve,
    qoi: 'E_norm',
    e: new Float64Array([-50, 40, 0, 60, -20, 80]),
    y: new Float64Array([0.9, 0.02, 0.01, 1.5, 0.3, 3.1]),
    signed: { sign: 1, nFit: 3, fitted: Uint8Array.from([0, 1, 0, 1, 0, 1]) },
  };

  it('draws the fitted zaps filled and the other sign hollow grey under "not fitted (other sign)"', () => {
    const traces = ioCurveTraces(signed);
    expect(traces).toHaveLength(3);
    expect(traces[0].x).toEqual([40, 60, 80]);
    expect(traces[0].y).toEqual([0.02, 1.5, 3.1]);
    expect(traces[0].name).toBe('fitted zaps (n = 3, sign +)');
    expect(traces[1].x).toEqual([-50, 0, -20]);
    expect(traces[1].y).toEqual([0.9, 0.01, 0.3]);
    expect(traces[1].name).toContain('not fitted (other sign');
    const marker = traces[1].marker as { color: string; line: { color: string } };
    expect(marker.color).toBe('rgba(0,0,0,0)');
    expect(marker.line.color).toBe('#95a5a6');
    expect(traces[2].mode).toBe('lines');
  });

  it('says on how many zaps and which sign the curve was fitted', () => {
    const neg = {
      ...signed,
      signed: { sign: -1 as const, nFit: 3, fitted: Uint8Array.from([1, 0, 1, 0, 1, 0]) },
    };
    const text = (c: IoCurve): string =>
      (ioCurveLayout(c) as { annotations: { text: string }[] }).annotations[0].text;
    expect(text(signed)).toContain('fitted on 3 of 6 zaps (sign +)');
    expect(text(neg)).toContain('fitted on 3 of 6 zaps (sign −)');
    expect(ioCurveTraces(neg)[0].x).toEqual([-50, 0, -20]);
    // Without signed-data selection all zaps are one trace and no such line appears.
    expect(text(curve)).not.toContain('fitted on');
    expect(ioCurveTraces(curve)[0].name).toBe('zaps (n = 3)');
  });
});

describe('histogram', () => {
  it('bins finite scores exactly and counts the rest apart', () => {
    const h = histogram([0, 0.1, 0.2, 0.5, 0.99, 1, NaN, Infinity], 4);
    expect(h.edges).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(h.counts).toEqual([3, 0, 1, 2]);
    expect(h.nonFinite).toBe(2);
    const fig = histogramFigure(h, { scoreName: 'R2', threshold: 0.3, hotspotScore: 1 });
    expect((fig.layout.shapes ?? []).map((s) => s.x0 as number)).toEqual([0.3, 1]);
    expect((fig.layout.yaxis as { title: { text: string } }).title.text).toBe('Elements (2 without score)');
  });
});

describe('convergence figure', () => {
  it('draws NRMSD and hotspot shift per series against the zap count, with gaps for the first step', () => {
    const fig = convergenceFigure([
      {
        response: 'p2p_FDI',
        qoi: 'E_mag',
        steps: [
          { nZaps: 20, nrmsd: NaN, hotspotDistance: NaN },
          { nZaps: 40, nrmsd: 0.3, hotspotDistance: 12.5 },
          { nZaps: 60, nrmsd: 0.1, hotspotDistance: 0 },
        ],
      },
    ]);
    expect(fig.data).toHaveLength(2);
    expect(fig.data[0].x).toEqual([20, 40, 60]);
    expect(fig.data[0].y).toEqual([null, 0.3, 0.1]);
    expect(fig.data[1].y).toEqual([null, 12.5, 0]);
    expect(fig.data[1].yaxis).toBe('y2');
    expect((fig.layout.xaxis2 as { title: { text: string } }).title.text).toBe('Number of zaps');
    expect((fig.layout.yaxis2 as { title: { text: string } }).title.text).toBe('Hotspot shift (mm)');
  });
});

describe('quality figure', () => {
  it('shows the condition number per QOI, lower is better, and ∞ as a labelled bar', () => {
    const fig = qualityFigure([
      { qoi: 'E_mag', mutualCoherence: 0.99, svRatio: 1.36e5 },
      { qoi: 'E_norm', mutualCoherence: 1, svRatio: Infinity },
    ]);
    expect(fig.data).toHaveLength(1);
    expect(fig.data[0].y).toEqual([1.36e5, 1.36e6]);
    expect(fig.data[0].text).toEqual(['1.36e+5', '∞ (rank-deficient)']);
    expect(fig.data[0].x).toEqual(['|E|', 'E⊥']);
    const yTitle = (fig.layout.yaxis as { title: { text: string } }).title.text;
    expect(yTitle).toContain('lower is better');
    expect(yTitle).toContain('σ<sub>max</sub>/σ<sub>min</sub>');
  });
});

describe('top elements and CSV', () => {
  const input = {
    scores: new Float64Array([0.2, NaN, 0.9, 0.5, 0.9]),
    params: new Float64Array([1, 10, 2, 20, 3, 30, 4, 40, 5, 50]),
    paramNames: ['x0', 'r'],
    status: new Uint8Array([0, 6, 0, 1, 0]),
    statusNames: { 0: 'converged', 1: 'max-evaluations', 6: 'failed' },
    centroids: new Float64Array([0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4]),
  };

  it('ranks finite scores, best first, ties by element index', () => {
    const rows = topElements(input, 3);
    expect(rows.map((r) => r.element)).toEqual([2, 4, 3]);
    expect(rows[0]).toEqual({
      rank: 1,
      element: 2,
      score: 0.9,
      status: 'converged',
      x: 2,
      y: 2,
      z: 2,
      params: { x0: 3, r: 30 },
    });
    expect(rows[2].status).toBe('max-evaluations');
    expect(topElements(input, 10)).toHaveLength(4);
  });

  it('writes a CSV that parses back to the same numbers', () => {
    const rows = topElements(input, 2);
    const csv = topElementsCsv(rows, {
      response: 'p2p_FDI',
      qoi: 'E_mag',
      scoreName: 'R2',
      paramNames: ['x0', 'r'],
    });
    const parsed = Papa.parse<Record<string, string>>(csv.trim(), { header: true });
    expect(parsed.meta.fields).toEqual([
      'rank',
      'element',
      'response',
      'qoi',
      'R2',
      'x_mm',
      'y_mm',
      'z_mm',
      'status',
      'x0',
      'r',
    ]);
    expect(parsed.data[1]).toEqual({
      rank: '2',
      element: '4',
      response: 'p2p_FDI',
      qoi: 'E_mag',
      R2: '0.9',
      x_mm: '4',
      y_mm: '4',
      z_mm: '4',
      status: 'converged',
      x0: '5',
      r: '50',
    });
  });
});
