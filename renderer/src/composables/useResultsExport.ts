// What the results export dialog offers (figures, tables) and how each is drawn and saved, for the shown map.
import { computed, type Ref } from 'vue';
import type { ExportReport } from '../../../main/contract';
import { errorCode, useResultsStore } from '../stores/useResultsStore';
import { figureToImage } from './usePlotly';
import { PLOT_CONFIG, muscleName } from '../results/figureStyle';
import {
  dataUrlToBytes,
  type FigureChoice,
  type FigureImageOptions,
  type FigureImageSource,
  type TableChoice,
} from '../results/figureExport';
import { histogram, histogramFigure } from '../results/histogramTraces';
import { convergenceFigure, type ConvergenceSeries } from '../results/convergenceTraces';
import { qualityFigure } from '../results/qualityTraces';
import { maximaFigure } from '../results/confidenceTraces';

export function useResultsExport(o: {
  scoreMap: Ref<FigureImageSource | null>;
  ioCurve: Ref<FigureImageSource | null>;
  convergence: Ref<ConvergenceSeries[]>;
  /** The Confidence tab's map while it is shown (hotspot frequency / significant elements). */
  confidenceMap?: Ref<FigureImageSource | null>;
}) {
  const store = useResultsStore();

  const figures = computed<FigureChoice[]>(() => {
    const m = store.currentMap;
    const parts = m ? [muscleName(m.response), m.qoi] : [];
    const list: FigureChoice[] = [
      { id: 'score-map', label: 'Score map (as currently rotated)', nameParts: parts },
      {
        id: 'io-curve',
        label: `IO curve of element ${store.element?.element ?? ''}`,
        nameParts: [...parts, store.element ? `el${store.element.element}` : null],
      },
      { id: 'histogram', label: 'Score histogram', nameParts: parts },
    ];
    if (store.convergence.length) list.push({ id: 'convergence', label: 'Convergence', nameParts: parts });
    if (store.quality.length) list.push({ id: 'e-quality', label: 'E-matrix quality', nameParts: [] });
    if (store.confidence?.significance)
      list.push({ id: 'permutation-maxima', label: 'Permutation maxima (p_FWE)', nameParts: parts });
    if (store.confidence && o.confidenceMap?.value)
      list.push({ id: 'confidence-map', label: 'Confidence map (as shown in its tab)', nameParts: parts });
    return list;
  });

  const tables = computed<TableChoice[]>(() => {
    const m = store.currentMap;
    const top: TableChoice[] = m
      ? [
          {
            id: 'top',
            label: `Top ${store.topCount} elements of ${muscleName(m.response)} · ${m.qoi} (CSV)`,
            fileName: `top-elements_${muscleName(m.response)}_${m.qoi}.csv`,
          },
        ]
      : [];
    return [...top, { id: 'hotspots', label: 'Hotspots of all maps (CSV)', fileName: 'hotspots.csv' }];
  });

  /** The figure as an image data URL; the white paper background is kept ('opaque'). */
  async function renderFigure(id: string, opts: FigureImageOptions): Promise<string> {
    const img = { ...opts, setBackground: 'opaque' as const };
    const m = store.currentMap;
    if (id === 'score-map') {
      if (!o.scoreMap.value) throw new Error('The score map is not drawn yet');
      return o.scoreMap.value.toImage(img);
    }
    if (id === 'io-curve') {
      if (!o.ioCurve.value) throw new Error('Pick an element first');
      return o.ioCurve.value.toImage(img);
    }
    if (id === 'histogram' && store.arrays && m) {
      const fig = histogramFigure(histogram(store.arrays.scores, 50), {
        scoreName: m.score,
        threshold: store.threshold,
        hotspotScore: m.hotspot.score,
      });
      return figureToImage({ ...fig, config: PLOT_CONFIG }, img);
    }
    if (id === 'convergence')
      return figureToImage({ ...convergenceFigure(o.convergence.value), config: PLOT_CONFIG }, img);
    if (id === 'permutation-maxima' && store.confidence?.significance && m) {
      const fig = maximaFigure(store.confidence.significance, { scoreName: m.score });
      return figureToImage({ ...fig, config: PLOT_CONFIG }, img);
    }
    if (id === 'confidence-map') {
      if (!o.confidenceMap?.value) throw new Error('Open the Confidence tab first');
      return o.confidenceMap.value.toImage(img);
    }
    if (id === 'e-quality')
      return figureToImage({ ...qualityFigure(store.quality), config: PLOT_CONFIG }, img);
    throw new Error(`Unknown figure ${id}`);
  }

  /**
   * The image of a save refused because its file exists: the confirmed overwrite writes these bytes instead of
   * drawing the figure again (a WebGL score map takes seconds to draw at print size), and saves what the user saw
   * when they clicked Save even if the view moved meanwhile.
   */
  let refused: { key: string; bytes: Uint8Array } | null = null;

  async function saveFigure(
    id: string,
    path: string,
    opts: FigureImageOptions,
    overwrite: boolean,
  ): Promise<ExportReport> {
    const key = JSON.stringify([id, path, opts]);
    const kept = overwrite && refused?.key === key ? refused.bytes : null;
    refused = null;
    const bytes = kept ?? dataUrlToBytes(await renderFigure(id, opts));
    try {
      return await store.saveFigure(path, opts.format, bytes, overwrite);
    } catch (e) {
      if (!overwrite && errorCode(e) === 'OUTPUT_EXISTS') refused = { key, bytes };
      throw e;
    }
  }

  function saveTable(id: string, path: string, overwrite: boolean): Promise<ExportReport> {
    if (id === 'hotspots') return store.exportHotspots(path, overwrite);
    if (id === 'top') return store.saveTopTable(path, overwrite);
    return Promise.reject(new Error(`Unknown table ${id}`));
  }

  return { figures, tables, renderFigure, saveFigure, saveTable };
}
