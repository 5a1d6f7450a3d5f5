// @vitest-environment jsdom
// Selection and job stores: what the selection sends, stale previews dropped, progress/finish/cancel from events.
import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { setClient } from '../../../../renderer/src/api/client';
import { useSelectionStore } from '../../../../renderer/src/stores/useSelectionStore';
import { progressKey, useJobStore } from '../../../../renderer/src/stores/useJobStore';
import { defaultModel } from '../../../../renderer/src/stores/useModelStore';
import type { OpenedDataset, ResultSummary } from '../../../../main/contract';
import { fakeClient } from '../fake-client';

const opened: OpenedDataset = {
  datasetId: 'd1',
  inputs: { roiFile: '/m.hdf5', efieldFile: '/e.hdf5', responsesFile: '/r.csv' },
  responseColumns: ['p2p_FDI', 'p2p_ADM'],
  numericColumns: ['p2p_FDI', 'p2p_ADM'],
  demo: true,
  summary: {
    nZaps: 300,
    nElements: 4418,
    qois: ['E_mag', 'E_norm', 'E_tan'],
    responses: [],
    conditions: [
      { name: 'a', zaps: 150 },
      { name: 'b', zaps: 150 },
    ],
    intensity: null,
    roiExtent: { min: [0, 0, 0], max: [1, 1, 1] },
    warnings: [],
  },
};

beforeEach(() => setActivePinia(createPinia()));

describe('useSelectionStore', () => {
  it('defaults to every response, E_mag, all zaps — and sends no filters for that', () => {
    const s = useSelectionStore();
    s.resetFor(opened);
    expect(s.options).toEqual({ responses: ['p2p_FDI', 'p2p_ADM'], qois: ['E_mag'], zaps: {} });
    s.conditions = ['b'];
    s.rangeEnd = 200;
    s.first = 100;
    expect(s.options.zaps).toEqual({ conditions: ['b'], range: [0, 200], first: 100 });
    // The background-EMG filter is sent only with both a column and a limit, and survives a session round trip.
    s.preColumn = 'p2p_ADM';
    expect(s.options.zaps.preinnervation).toBeUndefined();
    s.preMax = 0.05;
    expect(s.options.zaps.preinnervation).toEqual({ column: 'p2p_ADM', max: 0.05 });
    const saved = s.options;
    s.resetFor(opened);
    expect(s.options.zaps.preinnervation).toBeUndefined();
    s.apply(saved);
    expect(s.options.zaps.preinnervation).toEqual({ column: 'p2p_ADM', max: 0.05 });
    s.responses = [];
    expect(s.valid).toBe(false);
  });

  it('keeps only the newest preview answer', async () => {
    const resolvers: ((n: number) => void)[] = [];
    const f = fakeClient({
      previewSelection: () =>
        new Promise((res) =>
          resolvers.push((n) => res({ nZaps: n, zapIndices: new Uint32Array(n), quality: [] })),
        ),
    });
    setClient(f.client);
    const s = useSelectionStore();
    s.resetFor(opened);
    const first = s.refresh('d1');
    const second = s.refresh('d1');
    await Promise.resolve();
    resolvers[1](120);
    resolvers[0](300);
    await Promise.all([first, second]);
    expect(s.nZapsSelected).toBe(120);
    expect(s.previewing).toBe(false);
  });

  it('shows the backend error of an empty selection', async () => {
    const f = fakeClient({
      previewSelection: () => {
        throw new Error('EMPTY_SELECTION: The selection contains no zaps');
      },
    });
    setClient(f.client);
    const s = useSelectionStore();
    s.resetFor(opened);
    await s.refresh('d1');
    expect(s.nZapsSelected).toBe(0);
    expect(s.previewError).toContain('EMPTY_SELECTION');
  });
});

describe('useJobStore', () => {
  const result: ResultSummary = {
    resultId: 'j1',
    nZaps: 300,
    nElements: 10,
    maps: [],
    workers: 1,
    seconds: 2,
    hasConvergence: false,
  };

  it('starts one bar per response × QOI and follows progress, then finishes every bar', async () => {
    const f = fakeClient({ startJob: () => ({ jobId: 'j1' }) });
    setClient(f.client);
    const job = useJobStore();
    await job.start('d1', { responses: ['p2p_FDI', 'p2p_ADM'], qois: ['E_mag'], zaps: {} }, defaultModel(1));
    expect(Object.keys(job.progress)).toHaveLength(2);
    expect(job.state).toBe('starting');
    f.emit('job:progress', {
      jobId: 'other',
      response: 'p2p_FDI',
      qoi: 'E_mag',
      phase: 'fitting',
      done: 9,
      total: 10,
      rate: 1,
      etaSeconds: 1,
    });
    expect(job.progress[progressKey('p2p_FDI', 'E_mag')].done).toBe(0);
    f.emit('job:progress', {
      jobId: 'j1',
      response: 'p2p_FDI',
      qoi: 'E_mag',
      phase: 'fitting',
      done: 5,
      total: 10,
      rate: 50,
      etaSeconds: 0.1,
    });
    expect(job.state).toBe('running');
    expect(job.overall).toBeCloseTo(0.5);
    f.emit('job:finished', { jobId: 'j1', result });
    expect(job.state).toBe('finished');
    expect(job.result).toEqual(result);
    expect(job.progress[progressKey('p2p_FDI', 'E_mag')]).toMatchObject({ phase: 'done', done: 10 });
  });

  it('cancel asks the backend; JOB_CANCELLED ends as cancelled with the message', async () => {
    const f = fakeClient({ startJob: () => ({ jobId: 'j2' }), cancelJob: () => ({}) });
    setClient(f.client);
    const job = useJobStore();
    await job.start('d1', { responses: ['p2p_FDI'], qois: ['E_mag'], zaps: {} }, defaultModel(1));
    await job.cancel();
    expect(f.calls.map((c) => c.verb)).toEqual(['startJob', 'cancelJob']);
    f.emit('job:failed', {
      jobId: 'j2',
      code: 'JOB_CANCELLED',
      message: 'JOB_CANCELLED: The job was cancelled',
    });
    expect(job.state).toBe('cancelled');
    expect(job.error?.message).toContain('cancelled');
  });
});
