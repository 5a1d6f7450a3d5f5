// The desktop shell without the Electron runtime: the BUILT out/main/index.js, loaded unchanged with 'electron'
// resolved to test/electron-standin, runs the demo through the IPC gateway (same scores as the CLI), survives a
// killed worker, cancels, reports a failed launch, and starts its worker from a packaged resources/app.asar layout.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readResults } from '../../main/io/results-reader';
import type { JobSpec, MapInfo, OpenedDataset } from '../../main/contract';
import { SHARED_DEMO_DIR } from '../e2e/serve-helper';
import { REPO, StandinApp } from '../electron-standin/harness';
import { isAlive } from './job-helpers';

const INDEX_URL = 'app://tms-mapper/index.html';
const MUSCLE = 'p2p_FDI';
const env = { TMS_MAPPER_DEMO_DIR: SHARED_DEMO_DIR };

/** The app's job request for the CLI's spec (the CLI's defaults on the demo). */
function jobRequest(datasetId: string, spec: JobSpec) {
  return {
    datasetId,
    selection: { responses: spec.responses, qois: spec.qois, zaps: spec.zaps ?? {} },
    model: {
      fun: spec.fun,
      score: spec.score,
      preset: spec.preset,
      nRefit: spec.nRefit,
      discontinuityRefit: spec.discontinuityRefit,
      stepdown: spec.stepdown,
      badElementScreen: spec.badElementScreen,
      signedData: spec.signedData === undefined ? 'auto' : spec.signedData ? 'on' : 'off',
      convergence: false,
      workers: 2,
      seed: spec.seed,
      stepStart: spec.stepStart,
      fastSolver: spec.fastSolver,
    },
  };
}

async function runJob(app: StandinApp, req: unknown, onFirstProgress?: () => void) {
  const { jobId } = await app.ok<{ jobId: string }>('startJob', req);
  if (onFirstProgress) {
    await app.appEvent('job:progress', (p) => p.jobId === jobId && (p.done as number) > 0);
    onFirstProgress();
  }
  return { jobId, end: app.appEvent('job:finished', (p) => p.jobId === jobId).catch(() => null) };
}

const failedOf = (app: StandinApp, jobId: string, timeoutMs = 60_000) =>
  app.appEvent('job:failed', (p) => p.jobId === jobId, timeoutMs);

describe('desktop shell on the electron stand-in (built main process)', () => {
  let app: StandinApp;
  let cliSpec: JobSpec;
  let cliScores: Float64Array;
  let cliHotspot: number;

  beforeAll(async () => {
    // The CLI's demo map of one muscle: the reference for the app's run.
    const out = mkdtempSync(join(tmpdir(), 'standin-cli-'));
    execFileSync(
      process.execPath,
      [
        join(REPO, 'out/main/cli.js'),
        'map',
        '--demo',
        '--response',
        MUSCLE,
        '--out',
        join(out, 'r'),
        '--force',
      ],
      { env: { ...process.env, ...env }, stdio: 'ignore' },
    );
    const disk = await readResults(join(out, 'r'));
    cliSpec = disk.result.spec;
    cliScores = disk.result.maps[0].scores;
    cliHotspot = disk.result.maps[0].hotspot.element;
    app = new StandinApp({ env });
    await app.started();
  }, 180_000);

  afterAll(async () => {
    await app?.close();
  });

  it('loads the window from app:// with a locked-down, sandboxed renderer', async () => {
    const state = await app.command('state');
    expect(state.sandbox).toBe(true);
    expect(state.privileged).toEqual({ app: { standard: true, secure: true, supportFetchAPI: true } });
    expect(state.handled).toEqual(['app']);
    expect(state.windowUrl).toBe(INDEX_URL);
    const win = app.events.find((e) => e.event === 'window')!;
    const prefs = (win.options as { webPreferences: Record<string, unknown> }).webPreferences;
    expect(prefs).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect(existsSync(prefs.preload as string)).toBe(true);
    // The page and its assets come from out/renderer with the CSP; nothing outside it is served.
    const page = await app.command('request', { url: INDEX_URL });
    expect(page.status).toBe(200);
    expect((page.headers as Record<string, string>)['content-security-policy']).toContain(
      "default-src 'self'",
    );
    const asset = /src="\.\/(assets\/[^"]+\.js)"/.exec(page.text as string)![1];
    expect((await app.command('request', { url: `app://tms-mapper/${asset}` })).status).toBe(200);
    for (const url of [
      'app://tms-mapper/..%2f..%2fpackage.json',
      'app://tms-mapper/%2e%2e/%2e%2e/package.json',
      'app://tms-mapper/..%5c..%5cpackage.json',
      'app://other/index.html',
      'app://tms-mapper/%E0%A4%A',
    ])
      expect((await app.command('request', { url })).status, url).toBe(404);
    // The session cancels file:// and remote requests; navigation away is prevented.
    expect((await app.command('before-request', { url: 'file:///etc/passwd' })).cancel).toBe(true);
    expect((await app.command('before-request', { url: 'https://example.com/' })).cancel).toBe(true);
    expect((await app.command('before-request', { url: `app://tms-mapper/${asset}` })).cancel).toBe(false);
    expect((await app.command('navigate', { url: 'file:///tmp/x.html' })).prevented).toBe(true);
  });

  it('answers only the app window: file:// pages and other origins get UNAUTHORIZED', async () => {
    expect((await app.invoke('appInfo')).ok).toBe(true);
    const rendererFile = `file://${join(REPO, 'out/renderer/index.html')}`;
    for (const url of [
      rendererFile,
      'app://evil/index.html',
      'https://example.com/',
      'app://tms-mapper/other.html',
    ])
      expect(await app.invoke('appInfo', {}, url), url).toMatchObject({ ok: false, code: 'UNAUTHORIZED' });
  });

  let datasetId = '';
  let appScores: Float64Array;

  it(
    'runs the demo through the IPC gateway: the hotspot and every element score equal the CLI',
    { timeout: 300_000 },
    async () => {
      const opened = await app.ok<OpenedDataset>('openDemo');
      datasetId = opened.datasetId;
      const { end } = await runJob(app, jobRequest(datasetId, cliSpec));
      const fin = (await end)!;
      const resultId = (fin.result as { resultId: string }).resultId;
      const { maps } = await app.ok<{ maps: MapInfo[] }>('listMaps', { resultId });
      expect(maps.map((m) => m.response)).toEqual([MUSCLE]);
      expect(maps[0].hotspot.element).toBe(cliHotspot);
      const map = await app.ok<{ scores: Float64Array }>('getMap', {
        resultId,
        response: MUSCLE,
        qoi: 'E_mag',
      });
      appScores = map.scores;
      expect(appScores.length).toBe(cliScores.length);
      let differing = 0;
      for (let j = 0; j < cliScores.length; j++) if (!Object.is(appScores[j], cliScores[j])) differing++;
      expect(differing).toBe(0);
      // The workers ran as utility processes with Electron's options.
      const fork = app.events.find((e) => e.event === 'utility-fork')!;
      expect(fork.modulePath).toBe(join(REPO, 'out/main/worker.js'));
      expect(fork.stdio).toBe('pipe');
    },
  );

  it(
    'retries the block of a killed worker (same scores) and writes the exit to the log file',
    { timeout: 300_000 },
    async () => {
      let victim = 0;
      const { end } = await runJob(app, jobRequest(datasetId, cliSpec), () => {
        const spawned = app.events.filter((e) => e.event === 'utility-spawn');
        victim = spawned[spawned.length - 1].pid as number;
        process.kill(victim, 'SIGKILL');
      });
      const fin = (await end)!;
      const resultId = (fin.result as { resultId: string }).resultId;
      const map = await app.ok<{ scores: Float64Array }>('getMap', {
        resultId,
        response: MUSCLE,
        qoi: 'E_mag',
      });
      expect(Buffer.from(map.scores.buffer).equals(Buffer.from(appScores.buffer))).toBe(true);
      // Electron reports a signal death by its number; the pid is gone by 'exit' but the log keeps it.
      const exit = await app.waitFor((e) => e.event === 'utility-exit' && e.pid === victim, 10_000, true);
      expect(exit.code).toBe(9);
      const log = readFileSync(join(app.userData, 'logs', 'tms-mapper.log'), 'utf8');
      expect(log).toMatch(new RegExp(`pid ${victim}\\] exited \\(crashed, code 9`));
    },
  );

  it('cancels a running job within a second and leaves no worker process', { timeout: 120_000 }, async () => {
    const { jobId } = await app.ok<{ jobId: string }>('startJob', jobRequest(datasetId, cliSpec));
    await app.appEvent('job:progress', (p) => p.jobId === jobId && (p.done as number) > 0);
    const t0 = performance.now();
    await app.ok('cancelJob', { jobId });
    const failed = await failedOf(app, jobId);
    expect(failed.code).toBe('JOB_CANCELLED');
    expect(performance.now() - t0).toBeLessThan(3000);
    const pids = app.events.filter((e) => e.event === 'utility-spawn').map((e) => e.pid as number);
    await expect.poll(() => pids.filter(isAlive), { timeout: 5000 }).toEqual([]);
  });

  it("asks before using paths no dialog granted (a session's inputs, a write path), and refuses when the user says no", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'standin-session-'));
    const demoDir = join(SHARED_DEMO_DIR);
    const session = join(dir, 'planted.tmsmap');
    // A session naming inputs the user never chose (a compromised renderer could have written it).
    const opened = await app.ok<OpenedDataset>('openDemo');
    writeFileSync(
      session,
      JSON.stringify({
        format: 'tms-mapper-session',
        version: 1,
        savedAt: new Date().toISOString(),
        inputs: { ...opened.inputs, roiFile: join(dir, 'mesh.hdf5') },
        demo: false,
        selection: { responses: [MUSCLE], qois: ['E_mag'], zaps: {} },
        model: jobRequest('x', cliSpec).model,
      }),
    );
    cpSync(opened.inputs.roiFile, join(dir, 'mesh.hdf5'));
    app.dialogs.length = 0;
    app.onDialog = () => ({ response: 1 });
    expect(await app.invoke('openSession', { path: session })).toMatchObject({
      ok: false,
      code: 'PERMISSION_DENIED',
    });
    expect(app.dialogs[0].kind).toBe('message');
    expect(String(app.dialogs[0].options.detail)).toContain(session);
    app.onDialog = () => ({ response: 0 });
    const s = await app.ok<{ inputs: { roiFile: string } }>('openSession', { path: session });
    // Opening the session granted nothing: its inputs are asked for when used.
    app.dialogs.length = 0;
    app.onDialog = () => ({ response: 1 });
    expect(await app.invoke('listRois', { file: s.inputs.roiFile })).toMatchObject({
      ok: false,
      code: 'PERMISSION_DENIED',
    });
    expect(String(app.dialogs[0].options.detail)).toContain(join(dir, 'mesh.hdf5'));
    app.onDialog = () => ({ response: 0 });
    expect((await app.invoke('listRois', { file: s.inputs.roiFile })).ok).toBe(true);
    // The demo's own files need no question.
    app.dialogs.length = 0;
    expect((await app.invoke('listRois', { file: opened.inputs.roiFile })).ok).toBe(true);
    expect(app.dialogs).toEqual([]);
    // Writing a session somewhere never chosen asks too.
    app.onDialog = () => ({ response: 1 });
    const w = await app.invoke('saveSession', {
      path: join(demoDir, 'x.tmsmap'),
      session: JSON.parse(readFileSync(session, 'utf8')) as unknown,
      overwrite: true,
    });
    expect(w).toMatchObject({ ok: false, code: 'PERMISSION_DENIED' });
    expect(existsSync(join(demoDir, 'x.tmsmap'))).toBe(false);
  });

  it('lets the E-field field pick a per-condition folder (Linux/Windows: the user says file or folder first)', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'standin-efield-'));
    app.dialogs.length = 0;
    app.onDialog = (d) => (d.kind === 'message' ? { response: 1 } : { canceled: false, filePaths: [folder] });
    const r = await app.ok<{ path: string }>('pickPath', { purpose: 'efield', mode: 'open' });
    expect(r.path).toBe(folder);
    expect(app.dialogs.map((d) => d.kind)).toEqual(['message', 'open']);
    expect(app.dialogs[1].options.properties).toContain('openDirectory');
    // Chosen in a dialog: readable without a question.
    app.dialogs.length = 0;
    const again = await app.invoke('previewResponses', { file: folder });
    expect(app.dialogs).toEqual([]);
    expect(again).not.toMatchObject({ code: 'PERMISSION_DENIED' });
  });
});

describe('packaged layout on the stand-in: resources/app.asar in a path with ~ [ ] % and spaces', () => {
  let app: StandinApp;
  let resources: string;

  beforeAll(async () => {
    // Like a portable build unpacked under a Windows short-name temp folder, with the characters that broke the
    // old file:// check. A plain folder named app.asar stands in for the archive (Node cannot read archives).
    const root = join(mkdtempSync(join(tmpdir(), 'MARIAS~1 ')), 'TMS Mapper [lab] 100%');
    resources = join(root, 'resources');
    const asar = join(resources, 'app.asar');
    mkdirSync(asar, { recursive: true });
    cpSync(join(REPO, 'out'), join(asar, 'out'), { recursive: true, filter: (p) => !p.endsWith('.map') });
    cpSync(join(REPO, 'package.json'), join(asar, 'package.json'));
    const userData = mkdtempSync(join(tmpdir(), 'standin-settings-'));
    // Settings from an earlier launch: recent files and an output folder are no longer granted at start-up.
    writeFileSync(
      join(userData, 'settings.json'),
      JSON.stringify({
        theme: 'system',
        workers: 0,
        lastInputs: null,
        recentFiles: ['/etc/hostname'],
        lastOutputDir: '/tmp',
      }),
    );
    app = new StandinApp({
      mainJs: join(asar, 'out/main/index.js'),
      appPath: asar,
      resources,
      env: { ...env, TMS_MAPPER_WORKER_START_MS: '4000' },
    });
    await app.started();
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  it('serves the window from inside the odd install path and trusts it', async () => {
    const state = await app.command('state');
    expect(state.isPackaged).toBe(true);
    expect(state.windowUrl).toBe(INDEX_URL);
    expect((await app.command('request', { url: INDEX_URL })).status).toBe(200);
    expect((await app.invoke('appInfo')).ok).toBe(true);
  });

  it(
    'starts the worker from resources/app.asar/out/main/worker.js; a launch that never happens fails the job with the log path',
    { timeout: 120_000 },
    async () => {
      const opened = await app.ok<OpenedDataset>('openDemo');
      const req = jobRequest(opened.datasetId, {
        ...({} as JobSpec),
        responses: [MUSCLE],
        qois: ['E_mag'],
        fun: 'sigmoid4',
        score: 'R2',
        preset: 'element',
        nRefit: 0,
        discontinuityRefit: false,
        stepdown: false,
        badElementScreen: true,
        seed: 1,
      });
      const first = await runJob(app, req, () => undefined);
      await app.invoke('cancelJob', { jobId: first.jobId });
      expect((await failedOf(app, first.jobId)).code).toBe('JOB_CANCELLED');
      const fork = app.events.find((e) => e.event === 'utility-fork')!;
      expect(fork.modulePath).toBe(join(resources, 'app.asar', 'out', 'main', 'worker.js'));

      // Every launch fails from now on: Electron sends no event, the start watchdog gives up.
      await app.command('fail-launches', { n: 100 });
      const { jobId } = await app.ok<{ jobId: string }>('startJob', req);
      const failed = await failedOf(app, jobId, 90_000);
      expect(failed.code).toBe('WORKER_FAILED');
      const logPath = join(app.userData, 'logs', 'tms-mapper.log');
      expect(failed.message).toContain(logPath);
      expect(readFileSync(logPath, 'utf8')).toMatch(/did not start within 4000 ms/);
      expect(app.events.some((e) => e.event === 'utility-launch-failed')).toBe(true);
    },
  );

  it('shows the log file in About and does not grant the recent files of the settings', async () => {
    app.dialogs.length = 0;
    app.onDialog = () => ({ response: 0 });
    await app.command('menu', { label: 'About TMS Mapper' });
    await app.waitFor((e) => e.event === 'dialog', 5000, true);
    expect(String(app.dialogs[0].options.detail)).toContain(join(app.userData, 'logs', 'tms-mapper.log'));
    app.dialogs.length = 0;
    app.onDialog = () => ({ response: 1 });
    expect(await app.invoke('previewResponses', { file: '/etc/hostname' })).toMatchObject({
      ok: false,
      code: 'PERMISSION_DENIED',
    });
    expect(app.dialogs).toHaveLength(1);
  });
});

describe('start-up check on the stand-in', () => {
  it('a damaged install names the missing file in an error box and quits instead of a blank window', async () => {
    const asar = join(mkdtempSync(join(tmpdir(), 'standin-broken-')), 'resources', 'app.asar');
    mkdirSync(asar, { recursive: true });
    cpSync(join(REPO, 'out'), join(asar, 'out'), {
      recursive: true,
      filter: (p) => !p.endsWith('.map') && !p.endsWith('worker.js'),
    });
    cpSync(join(REPO, 'package.json'), join(asar, 'package.json'));
    const app = new StandinApp({
      mainJs: join(asar, 'out/main/index.js'),
      appPath: asar,
      resources: join(asar, '..'),
    });
    try {
      const box = await app.waitFor((e) => e.event === 'error-box', 30_000, true);
      expect(String(box.content)).toContain(join(asar, 'out', 'main', 'worker.js'));
      expect(String(box.content)).toContain('reinstall TMS Mapper');
      expect(app.events.some((e) => e.event === 'window')).toBe(false);
    } finally {
      await app.close();
    }
  });
});
