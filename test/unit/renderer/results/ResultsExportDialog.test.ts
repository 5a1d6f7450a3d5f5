// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import PrimeVue from 'primevue/config';
import ResultsExportDialog from '../../../../renderer/src/components/results/ResultsExportDialog.vue';
import {
  dataUrlToBytes,
  figureFileName,
  joinPath,
  pngSize,
} from '../../../../renderer/src/results/figureExport';

// jsdom lacks matchMedia, which PrimeVue's Dialog asks for its breakpoints.
if (typeof (window as { matchMedia?: unknown }).matchMedia !== 'function') {
  const mql = (query: string) =>
    ({
      matches: false,
      media: query,
      addEventListener() {},
      removeEventListener() {},
      addListener() {},
      removeListener() {},
      onchange: null,
      dispatchEvent: () => false,
    }) as unknown as MediaQueryList;
  Object.defineProperty(window, 'matchMedia', { value: mql, configurable: true });
}

const exists = () =>
  Promise.reject(
    Object.assign(new Error('OUTPUT_EXISTS: The output folder already holds results'), {
      code: 'OUTPUT_EXISTS',
    }),
  );

function byTestId(id: string): HTMLElement {
  const el = document.body.querySelector<HTMLElement>(`[data-testid="${id}"]`);
  if (!el) throw new Error(`no ${id}`);
  return el;
}

describe('ResultsExportDialog', () => {
  it('asks before overwriting, then repeats the export with overwrite', async () => {
    const seen: [string, boolean][] = [];
    const w = mount(ResultsExportDialog, {
      attachTo: document.body,
      global: { plugins: [PrimeVue] },
      props: {
        visible: true,
        defaultDir: '/data/out',
        figures: [{ id: 'score-map', label: 'Score map', nameParts: ['FDI', 'E_mag'] }],
        tables: [],
        exportResults: (dir: string, ow: boolean) => {
          seen.push([dir, ow]);
          return ow
            ? Promise.resolve({ files: [`${dir}/r2_roi_data.hdf5`, `${dir}/r2_roi_data.xdmf`], bytes: 2048 })
            : exists();
        },
        saveFigure: () => Promise.resolve({ files: [], bytes: 0 }),
        saveTable: () => Promise.resolve({ files: [], bytes: 0 }),
      },
    });
    await flushPromises();
    byTestId('export-results').click();
    await flushPromises();
    expect(byTestId('export-confirm').textContent).toContain('Overwrite it?');
    byTestId('export-overwrite').click();
    await flushPromises();
    expect(seen).toEqual([
      ['/data/out', false],
      ['/data/out', true],
    ]);
    expect(byTestId('export-done').textContent).toContain('Wrote 2 files (2.0 kB)');
    w.unmount();
  });

  it('saves a figure under a descriptive name at the chosen size and shows other errors as they are', async () => {
    const saved: unknown[] = [];
    const w = mount(ResultsExportDialog, {
      attachTo: document.body,
      global: { plugins: [PrimeVue] },
      props: {
        visible: true,
        defaultDir: '/data/out',
        figures: [{ id: 'io-curve', label: 'IO curve', nameParts: ['FDI', 'E_mag', 'el12'] }],
        tables: [{ id: 'hotspots', label: 'Hotspots', fileName: 'hotspots.csv' }],
        exportResults: () => Promise.resolve({ files: [], bytes: 0 }),
        saveFigure: (id: string, path: string, opts: unknown, ow: boolean) => {
          saved.push([id, path, opts, ow]);
          return Promise.resolve({ files: [path], bytes: 1234 });
        },
        saveTable: () =>
          Promise.reject(
            Object.assign(new Error('PERMISSION_DENIED: Permission denied'), { code: 'PERMISSION_DENIED' }),
          ),
      },
    });
    await flushPromises();
    byTestId('export-save-figure').click();
    await flushPromises();
    expect(saved).toEqual([
      [
        'io-curve',
        '/data/out/io-curve_FDI_E_mag_el12.png',
        { format: 'png', width: 1200, height: 900, scale: 1 },
        false,
      ],
    ]);
    byTestId('export-table-hotspots').click();
    await flushPromises();
    expect(byTestId('export-error').textContent).toContain('PERMISSION_DENIED');
    w.unmount();
  });
});

describe('figure export helpers', () => {
  it('decodes base64 and URL-encoded data URLs', () => {
    expect(Array.from(dataUrlToBytes('data:image/png;base64,iVBORw=='))).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(new TextDecoder().decode(dataUrlToBytes('data:image/svg+xml,%3Csvg%3E%3C%2Fsvg%3E'))).toBe(
      '<svg></svg>',
    );
    expect(() => dataUrlToBytes('hello')).toThrow('not a data URL');
  });

  it('reads the PNG size from IHDR and refuses other bytes', () => {
    const png = new Uint8Array([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 4, 176, 0, 0, 3, 132,
    ]);
    expect(pngSize(png)).toEqual({ width: 1200, height: 900 });
    expect(pngSize(new Uint8Array(30))).toBeNull();
  });

  it('makes file names and paths', () => {
    expect(figureFileName('score-map', ['FDI', 'E_mag', null], 'svg')).toBe('score-map_FDI_E_mag.svg');
    expect(figureFileName('x', ['a b/c'], 'png')).toBe('x_a-b-c.png');
    expect(joinPath('/a/b/', 'f.png')).toBe('/a/b/f.png');
    expect(joinPath('C:\\out', 'f.png')).toBe('C:\\out\\f.png');
  });
});
