// The service without a transport: envelopes, settings persisted to disk, sessions round-tripped, unknown ids reported.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiService } from '../../../main/api/service';
import { RootPathPolicy } from '../../../main/api/path-policy';
import type { SessionFile } from '../../../main/contract';

function service(
  root = mkdtempSync(join(tmpdir(), 'svc-root-')),
  configDir = mkdtempSync(join(tmpdir(), 'svc-cfg-')),
) {
  const events: unknown[] = [];
  const s = new ApiService({
    transport: 'http',
    policy: new RootPathPolicy(root),
    configDir,
    appVersion: '9.9.9',
    emit: (e, p) => events.push([e, p]),
  });
  return { s, root, configDir, events };
}

const session: SessionFile = {
  format: 'tms-mapper-session',
  version: 1,
  savedAt: '2026-11-30T04:00:00.000Z',
  inputs: {
    roiFile: '/d/mesh.hdf5',
    roiId: 'm1',
    efieldFile: '/d/e.hdf5',
    responsesFile: '/d/r.csv',
    conditionColumn: 'condition',
  },
  demo: false,
  selection: { responses: ['p2p_FDI'], qois: ['E_mag', 'E_norm'], zaps: { range: [0, 180] } },
  model: {
    fun: 'sigmoid4',
    score: 'R2',
    preset: 'element',
    nRefit: 50,
    discontinuityRefit: true,
    stepdown: false,
    badElementScreen: true,
    signedData: 'auto',
    convergence: true,
    workers: 2,
    seed: 7,
  },
};

describe('ApiService', () => {
  it('wraps values and errors in envelopes', async () => {
    const { s } = service();
    expect(await s.dispatch('appInfo', {})).toMatchObject({
      ok: true,
      value: { version: '9.9.9', transport: 'http', nativeDialogs: false },
    });
    expect(await s.dispatch('nope', {})).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await s.dispatch('getMap', { resultId: 'r1', response: 'x', qoi: 'E_mag' })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
    });
    expect(
      await s.dispatch('previewSelection', { datasetId: 'd', selection: session.selection }),
    ).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await s.dispatch('pickPath', { purpose: 'roi', mode: 'open' })).toMatchObject({
      ok: false,
      code: 'BAD_ARGUMENT',
    });
  });

  it('persists settings as JSON in the config folder and reads them back in a new service', async () => {
    const a = service();
    expect(await a.s.dispatch('getSettings', {})).toMatchObject({
      ok: true,
      value: { theme: 'system', workers: 0, recentFiles: [] },
    });
    await a.s.dispatch('setSettings', { patch: { workers: 3, lastOutputDir: '/x' } });
    expect(JSON.parse(readFileSync(join(a.configDir, 'settings.json'), 'utf8'))).toMatchObject({
      workers: 3,
      lastOutputDir: '/x',
    });
    const b = service(a.root, a.configDir);
    expect(await b.s.dispatch('getSettings', {})).toMatchObject({
      ok: true,
      value: { workers: 3, lastOutputDir: '/x' },
    });
  });

  it('falls back to defaults field by field when the settings file is damaged', async () => {
    const a = service();
    writeFileSync(join(a.configDir, 'settings.json'), JSON.stringify({ workers: 'many', theme: 'dark' }));
    expect(await a.s.dispatch('getSettings', {})).toMatchObject({
      ok: true,
      value: { workers: 0, theme: 'dark' },
    });
  });

  it('saves and reopens a session, refusing to overwrite without confirmation', async () => {
    const { s, root } = service();
    const path = join(root, 'm.tmsmap.json');
    expect(await s.dispatch('saveSession', { path, session, overwrite: false })).toMatchObject({
      ok: true,
      value: { files: [path] },
    });
    expect(await s.dispatch('openSession', { path })).toEqual({ ok: true, value: session });
    expect(await s.dispatch('saveSession', { path, session, overwrite: false })).toMatchObject({
      ok: false,
      code: 'OUTPUT_EXISTS',
    });
  });

  it('reports a damaged session file with its name', async () => {
    const { s, root } = service();
    const path = join(root, 'bad.tmsmap.json');
    writeFileSync(path, JSON.stringify({ ...session, model: { ...session.model, fun: 'cubic' } }));
    const r = await s.dispatch('openSession', { path });
    expect(r).toMatchObject({ ok: false, code: 'BAD_ARGUMENT' });
    expect((r as { message: string }).message).toContain('bad.tmsmap.json');
    writeFileSync(path, '{');
    expect(await s.dispatch('openSession', { path })).toMatchObject({ ok: false, code: 'BAD_ARGUMENT' });
  });

  it('reports reader errors of real files with their codes (not HDF5, missing file)', async () => {
    const { s, root } = service();
    writeFileSync(join(root, 'fake.hdf5'), 'not really');
    expect(await s.dispatch('listRois', { file: join(root, 'fake.hdf5') })).toMatchObject({
      ok: false,
      code: 'NOT_HDF5',
    });
    expect(await s.dispatch('listRois', { file: join(root, 'missing.hdf5') })).toMatchObject({
      ok: false,
      code: 'FILE_NOT_FOUND',
    });
    writeFileSync(join(root, 'empty.csv'), '');
    expect(await s.dispatch('previewResponses', { file: join(root, 'empty.csv') })).toMatchObject({
      ok: false,
      code: 'CSV_PARSE',
    });
  });
});
