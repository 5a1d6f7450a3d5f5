// @vitest-environment jsdom
// Dataset and session stores: ROI choice, CSV column guesses, NO_ROI, and a session built from / applied to the wizard.
import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { setClient } from '../../../../renderer/src/api/client';
import { useDatasetStore } from '../../../../renderer/src/stores/useDatasetStore';
import { useSessionStore } from '../../../../renderer/src/stores/useSessionStore';
import { useSelectionStore } from '../../../../renderer/src/stores/useSelectionStore';
import { useModelStore } from '../../../../renderer/src/stores/useModelStore';
import { useWizardStore } from '../../../../renderer/src/stores/useWizardStore';
import type { OpenedDataset, SessionFile } from '../../../../main/contract';
import { fakeClient } from '../fake-client';

const summary: OpenedDataset['summary'] = {
  nZaps: 10,
  nElements: 20,
  qois: ['E_mag', 'E_norm'],
  responses: [],
  conditions: [],
  intensity: null,
  roiExtent: { min: [0, 0, 0], max: [1, 1, 1] },
  warnings: [],
};

beforeEach(() => setActivePinia(createPinia()));

describe('useDatasetStore', () => {
  it('asks for the ROI only when the mesh holds several; takes the CSV column guesses', async () => {
    setClient(
      fakeClient({
        listRois: ({ file }) => ({
          rois:
            file === '/one.hdf5'
              ? [{ id: 'm1', nNodes: 3, nTriangles: 1 }]
              : [
                  { id: 'a', nNodes: 3, nTriangles: 1 },
                  { id: 'b', nNodes: 3, nTriangles: 1 },
                ],
        }),
        previewResponses: ({ file }) => ({
          file,
          kind: 'csv',
          nRows: 10,
          columns: ['zap', 'cond', 'mso', 'p2p_FDI'],
          numericColumns: ['zap', 'mso', 'p2p_FDI'],
          suggestedConditionColumn: 'cond',
          suggestedIntensityColumn: 'mso',
        }),
      }).client,
    );
    const d = useDatasetStore();
    await d.setRoiFile('/one.hdf5');
    expect(d.roiId).toBe('m1');
    await d.setRoiFile('/two.hdf5');
    expect(d.roiId).toBeNull();
    d.efieldFile = '/e.hdf5';
    await d.setResponsesFile('/r.csv');
    expect(d.canOpen).toBe(false);
    d.roiId = 'b';
    expect(d.canOpen).toBe(true);
    expect(d.inputs).toEqual({
      roiFile: '/two.hdf5',
      roiId: 'b',
      efieldFile: '/e.hdf5',
      responsesFile: '/r.csv',
      conditionColumn: 'cond',
      intensityColumn: 'mso',
    });
  });

  it('reports a file without ROI geometry as NO_ROI and clears the field', async () => {
    setClient(fakeClient({ listRois: () => ({ rois: [] }) }).client);
    const d = useDatasetStore();
    await expect(d.setRoiFile('/e.hdf5')).rejects.toMatchObject({ code: 'NO_ROI' });
    expect(d.roiFile).toBe('');
  });
});

describe('useSessionStore', () => {
  it('builds a session from the wizard and reopens one at the Model step', async () => {
    const opened: OpenedDataset = {
      datasetId: 'd1',
      inputs: { roiFile: '/m.hdf5', efieldFile: '/e.hdf5', responsesFile: '/r.csv' },
      summary,
      responseColumns: ['p2p_FDI'],
      numericColumns: ['p2p_FDI'],
      demo: true,
    };
    const f = fakeClient({
      openDemo: () => opened,
      closeDataset: () => ({}),
      saveSession: ({ path }) => ({ files: [path], bytes: 1 }),
    });
    setClient(f.client);
    const dataset = useDatasetStore();
    await dataset.openDemo();
    useSelectionStore().resetFor(opened);
    useModelStore().reset(2);
    const s = useSessionStore().build();
    expect(s).toMatchObject({
      format: 'tms-mapper-session',
      version: 1,
      demo: true,
      inputs: opened.inputs,
      selection: { responses: ['p2p_FDI'], qois: ['E_mag'] },
      model: { fun: 'sigmoid4', workers: 2 },
    });

    const saved: SessionFile = {
      ...s,
      selection: { responses: ['p2p_FDI'], qois: ['E_norm'], zaps: { range: [2, 8] } },
      model: { ...s.model, seed: 42 },
    };
    setClient(
      fakeClient({ openSession: () => saved, openDemo: () => opened, closeDataset: () => ({}) }).client,
    );
    await useSessionStore().open('/s.tmsmap.json');
    expect(useSelectionStore().options).toEqual({
      responses: ['p2p_FDI'],
      qois: ['E_norm'],
      zaps: { range: [2, 8] },
    });
    expect(useModelStore().options.seed).toBe(42);
    expect(useWizardStore().step).toBe('model');
  });
});
