// The backend behind the contract, in plain Node: one handler per verb, used by the Electron gateway and the HTTP server.
import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { availableParallelism } from 'node:os';
import { AppError, isVerb, scoreDirection, toErrorPayload, toJobSpec, validateRequest } from '../contract';
import type {
  ApiEvents,
  AppInfo,
  ElementData,
  Envelope,
  EventName,
  OpenedDataset,
  Req,
  Res,
  Verb,
  JobInputs,
  JobSpec,
  MappingResult,
} from '../contract';
import type { PathPolicy } from './path-policy';
import { browseFolder } from './browse';
import { SettingsStore, withRecent } from './settings-store';
import { readSession, writeFileChecked, writeSession } from './session-file';
import { previewResponses } from './responses-preview';
import * as q from './result-queries';
import { listRois } from '../io/roi';
import type { Dataset } from '../io/dataset';
import { openDataset, selectZaps } from '../io/dataset';
import type { RoiGeometry } from '../io/types';
import { openResultFolder } from './open-results';
import type { MappingHooks } from '../job/run-mapping';
import { runMapping } from '../job/run-mapping';
import { hotspotsCsv } from '../io/results-csv';
import { recordExport } from '../io/results-folder';
import { selectionQuality } from './selection-quality';
import { demoInputs, summarize, writeResultFolder } from './backend-links';
import { resolveTargetInputs } from '../io/targets/best-pose';
import { coilViews, withCoils, type CoilView } from '../io/targets/coil-view';
import { compareQoi, readScoreMaps, type ScoreMapsFile } from '../io/score-maps-file';

export interface ServiceOptions {
  transport: 'electron' | 'http';
  policy: PathPolicy;
  configDir: string;
  appVersion: string;
  /** Sends an event to the renderer(s). */
  emit<E extends EventName>(event: E, payload: ApiEvents[E]): void;
  /** Native dialogs (Electron only). */
  pickPath?(req: Req<'pickPath'>): Promise<Res<'pickPath'>>;
  /** Where the demo dataset is generated (default: the user's data folder). */
  demoDir?: string;
  /** How job workers start (Electron passes its utility-process spawner; Node child processes otherwise). */
  spawn?: MappingHooks['spawn'];
  /** The worker pool's error, exit, retry and watchdog lines (Electron: the log file in the user data folder). */
  log?(line: string): void;
  /** A result folder the UI opens at start (`serve --open`). */
  startupResults?: string | null;
}

interface OpenSlot {
  id: string;
  ds: Dataset;
  demo: boolean;
}

interface ResultSlot {
  result: MappingResult;
  roi: RoiGeometry;
  /** The open dataset of a run of this session; null for a reopened folder (which owns `ds`). */
  datasetId: string | null;
  /** The inputs for element IO curves; null when a reopened folder's inputs cannot be read. */
  ds: Dataset | null;
  folder?: string;
  /** The coil drawn over each map's hotspot (main/io/targets). */
  coils?: Map<string, CoilView>;
}

type Handlers = { [V in Verb]: (req: Req<V>) => Promise<Res<V>> };

/** Finished results held in memory per server; older ones are released (NOT_FOUND when asked for). */
const MAX_KEPT_RESULTS = 12;

export class ApiService {
  readonly settings: SettingsStore;
  private readonly datasets = new Map<string, OpenSlot>();
  private readonly results = new Map<string, ResultSlot>();
  private readonly jobs = new Map<string, AbortController>();
  /** The dataset each running job maps (the job reads the service's open files, so they stay open until it ends). */
  private readonly jobDatasets = new Map<string, string>();
  /** Files the app itself made (the demo): readable whatever the path policy. */
  private readonly ownFiles = new Set<string>();
  readonly handlers: Handlers;

  constructor(private readonly o: ServiceOptions) {
    this.settings = new SettingsStore(o.configDir);
    this.handlers = this.makeHandlers();
  }

  /** Validates, runs and wraps one call; never throws (errors become `{ ok: false, code, message }`). */
  async dispatch(verb: string, payload: unknown): Promise<Envelope<unknown>> {
    try {
      if (!isVerb(verb))
        throw new AppError('NOT_FOUND', {
          path: verb,
          found: 'an unknown verb',
          expected: 'a verb of the contract',
        });
      const req = validateRequest(verb, payload);
      const handler = this.handlers[verb] as (r: unknown) => Promise<unknown>;
      return { ok: true, value: await handler(req) };
    } catch (e) {
      return toErrorPayload(e);
    }
  }

  /** Cancels jobs and closes files (window closed / server stopping). */
  dispose(): void {
    for (const c of this.jobs.values()) c.abort();
    for (const d of this.datasets.values()) d.ds.close();
    this.datasets.clear();
    for (const r of this.results.values()) if (r.datasetId === null) r.ds?.close();
    this.results.clear();
  }

  private read(path: string): string {
    return this.ownFiles.has(path) ? path : this.o.policy.allowRead(path);
  }

  private inputsAllowed(inputs: JobInputs): JobInputs {
    return {
      ...inputs,
      roiFile: this.read(inputs.roiFile),
      efieldFile: this.read(inputs.efieldFile),
      responsesFile: this.read(inputs.responsesFile),
    };
  }

  private dataset(id: string): OpenSlot {
    const d = this.datasets.get(id);
    if (!d)
      throw new AppError('NOT_FOUND', {
        path: `dataset ${id}`,
        found: 'no open dataset with this id',
        expected: 'an id from openDataset',
      });
    return d;
  }

  /**
   * Keeps the newest MAX_KEPT_RESULTS finished results (the app's run list frees a run with closeResult; this
   * bounds a client that never does): older ones are released, and their dataset closed once neither a result,
   * a job nor the client still holds it (issue 15).
   */
  private releaseOldResults(): void {
    while (this.results.size > MAX_KEPT_RESULTS) {
      const [oldest, slot] = this.results.entries().next().value as [string, ResultSlot];
      this.results.delete(oldest);
      if (slot.datasetId === null) {
        slot.ds?.close(); // a reopened folder owns its inputs
        continue;
      }
      const id = slot.datasetId;
      const used = [...this.results.values()].some((r) => r.datasetId === id);
      if (!used && !this.datasets.has(id) && ![...this.jobDatasets.values()].includes(id)) slot.ds?.close();
    }
  }

  private result(id: string): ResultSlot {
    const r = this.results.get(id);
    if (!r)
      throw new AppError('NOT_FOUND', {
        path: `result ${id}`,
        found: 'no result with this id',
        expected: 'an id from job:finished',
      });
    return r;
  }

  private async open(inputs: JobInputs, demo: boolean, muscles?: string[]): Promise<OpenedDataset> {
    const ds = await openDataset(inputs);
    const id = randomUUID();
    this.datasets.set(id, { id, ds, demo });
    if (!demo) {
      const s = await this.settings.load();
      await this.settings.update({
        lastInputs: inputs,
        recentFiles: withRecent(s.recentFiles, [inputs.roiFile, inputs.efieldFile, inputs.responsesFile]),
      });
    }
    return {
      datasetId: id,
      inputs,
      summary: await summarize(ds),
      responseColumns: muscles ?? Object.keys(ds.responses.columns),
      numericColumns: Object.keys(ds.responses.columns),
      demo,
    };
  }

  private runJob(jobId: string, slot: OpenSlot, spec: JobSpec, ctrl: AbortController): void {
    const emit: ServiceOptions['emit'] = (event, payload) => this.o.emit(event, payload);
    runMapping(slot.ds, spec, {
      signal: ctrl.signal,
      spawn: this.o.spawn,
      log: this.o.log && ((line) => this.o.log?.(`job ${jobId}: ${line}`)),
      onProgress: (p) => emit('job:progress', { jobId, ...p, qoi: p.qoi as (typeof spec.qois)[number] }),
    })
      .then(async (result) => {
        // coil poses in the responses file, if any; never fails the job (problems only drop the poses)
        const coils = coilViews(
          result,
          slot.ds.roi,
          await resolveTargetInputs(result).catch(() => undefined),
        );
        this.results.set(jobId, { result, roi: slot.ds.roi, datasetId: slot.id, ds: slot.ds, coils });
        this.releaseOldResults();
        emit('job:finished', { jobId, result: this.summaryOf(jobId) });
      })
      .catch((e: unknown) => {
        const err = ctrl.signal.aborted ? new AppError('JOB_CANCELLED') : e;
        const p = toErrorPayload(err);
        emit('job:failed', { jobId, code: p.code, message: p.message });
      })
      .finally(() => {
        this.jobs.delete(jobId);
        this.jobDatasets.delete(jobId);
        this.closeIfUnused(slot);
      });
  }

  /**
   * Closes a dataset the UI has let go of, unless a result (element IO data reads its E columns) or a running job
   * still reads it; the last of those closes it when it ends.
   */
  private closeIfUnused(slot: OpenSlot): void {
    if (this.datasets.has(slot.id)) return;
    if ([...this.results.values()].some((r) => r.datasetId === slot.id)) return;
    if ([...this.jobDatasets.values()].includes(slot.id)) return;
    slot.ds.close();
  }

  private makeHandlers(): Handlers {
    return {
      appInfo: () => Promise.resolve(this.appInfo()),
      pickPath: async (req) => {
        if (!this.o.pickPath)
          throw new AppError('BAD_ARGUMENT', {
            found: 'pickPath in browser mode',
            expected: 'browse (server-side picker)',
          });
        return this.o.pickPath(req);
      },
      browse: (req) => browseFolder(this.o.policy, req.dir, req.purpose),
      openDemo: () => this.openDemo(),
      listRois: async (req) => ({ rois: await listRois(this.read(req.file)) }),
      previewResponses: (req) => previewResponses(this.read(req.file)),
      openDataset: (req) => this.open(this.inputsAllowed(req.inputs), false),
      closeDataset: (req) => {
        const d = this.datasets.get(req.datasetId);
        this.datasets.delete(req.datasetId);
        if (d) this.closeIfUnused(d);
        return Promise.resolve({});
      },
      previewSelection: async (req) => {
        const slot = this.dataset(req.datasetId);
        const zapIndices = selectZaps(slot.ds.responses, req.selection.zaps, req.selection.responses);
        const quality = await selectionQuality(slot.ds.efield, req.selection.qois, zapIndices);
        return { nZaps: zapIndices.length, zapIndices, quality };
      },
      startJob: (req) => {
        const slot = this.dataset(req.datasetId);
        const spec = toJobSpec(slot.ds.inputs, req.selection, req.model);
        const jobId = randomUUID();
        const ctrl = new AbortController();
        this.jobs.set(jobId, ctrl);
        this.jobDatasets.set(jobId, slot.id);
        this.runJob(jobId, slot, spec, ctrl);
        return Promise.resolve({ jobId });
      },
      cancelJob: (req) => {
        this.jobs.get(req.jobId)?.abort();
        return Promise.resolve({});
      },
      resultSummary: (req) => Promise.resolve(this.summaryOf(req.resultId)),
      listMaps: (req) => Promise.resolve({ maps: this.summaryOf(req.resultId).maps }),
      getMap: (req) => {
        const m = q.findMap(this.result(req.resultId).result, req);
        return Promise.resolve({
          scores: m.scores,
          status: m.status,
          params: m.params,
          better: scoreDirection(m.score),
        });
      },
      getGeometry: (req) => Promise.resolve(q.plotGeometry(this.result(req.resultId).roi)),
      getElement: (req) => this.elementData(req),
      topElements: (req) => {
        const r = this.result(req.resultId);
        return Promise.resolve({
          elements: q.topElements(q.findMap(r.result, req), r.roi.centroids, req.n),
        });
      },
      getConvergence: (req) => {
        const r = this.result(req.resultId).result;
        q.findMap(r, req);
        return Promise.resolve({ points: q.convergencePoints(r, req) });
      },
      getConfidence: (req) =>
        Promise.resolve(q.mapConfidence(q.findMap(this.result(req.resultId).result, req))),
      compareWithReference: (req) => this.compareWithReference(req),
      getQuality: (req) => Promise.resolve({ quality: this.result(req.resultId).result.quality }),
      exportResults: (req) => this.exportResults(req),
      saveFigure: async (req) => {
        const path = this.o.policy.allowWrite(req.path);
        await this.makeParent(path);
        const bytes = await writeFileChecked(path, req.data, req.overwrite);
        // Listed as ours in the folder's manifest: a later results export there keeps it (issue 15).
        recordExport(path, bytes);
        return { files: [path], bytes };
      },
      exportHotspots: async (req) => {
        const path = this.o.policy.allowWrite(req.path);
        const csv = hotspotsCsv(this.result(req.resultId).result.maps);
        await this.makeParent(path);
        const bytes = await writeFileChecked(path, csv, req.overwrite);
        recordExport(path, bytes);
        return { files: [path], bytes };
      },
      openResults: (req) => this.openResults(req.dir),
      closeResult: (req) => {
        const r = this.results.get(req.resultId);
        this.results.delete(req.resultId);
        if (r?.ds && r.datasetId === null) r.ds.close();
        return Promise.resolve({});
      },
      makeFolder: async (req) => {
        const path = this.o.policy.allowWrite(req.path);
        await this.makeDir(path);
        return { path };
      },
      getSettings: () => this.settings.load(),
      setSettings: (req) => this.settings.update(req.patch),
      saveSession: async (req) => {
        const path = this.o.policy.allowWrite(req.path);
        return { files: [path], bytes: await writeSession(path, req.session, req.overwrite) };
      },
      openSession: async (req) => {
        const s = await readSession(this.read(req.path));
        for (const f of [s.inputs.roiFile, s.inputs.efieldFile, s.inputs.responsesFile])
          this.o.policy.grant?.(f);
        return s;
      },
    };
  }

  private appInfo(): AppInfo {
    const cores = availableParallelism();
    return {
      version: this.o.appVersion,
      transport: this.o.transport,
      nativeDialogs: !!this.o.pickPath,
      browseRoot: this.o.policy.root,
      // All cores: the workers are the job (the app measured 11.1 s on 1 worker vs the CLI's 5.3 s on 2).
      defaultWorkers: Math.max(1, cores),
      maxWorkers: Math.max(1, cores),
      configDir: this.o.configDir,
      startupResults: this.o.startupResults ?? null,
    };
  }

  private summaryOf(resultId: string): Res<'resultSummary'> {
    const r = this.result(resultId);
    const plain = q.resultSummary(resultId, r.result);
    const s = { ...plain, maps: withCoils(plain.maps, r.coils) };
    return r.folder
      ? { ...s, folder: r.folder, hasInputs: r.ds !== null }
      : { ...s, hasInputs: r.ds !== null };
  }

  /** compareQoi on the map held here; the references' own geometry is not read (this result's ROI measures). */
  private async compareWithReference(req: Req<'compareWithReference'>): Promise<Res<'compareWithReference'>> {
    const r = this.result(req.resultId);
    const m = q.findMap(r.result, req);
    const refs: ScoreMapsFile[] = [];
    for (const f of req.files) refs.push(await readScoreMaps(this.read(f), { geometry: false }));
    const comparison = compareQoi(
      { scores: m.scores, scoreType: m.score },
      `${m.response} · ${m.qoi} of this result`,
      refs,
      req.qoi,
      req.tolerance,
      r.roi.centroids,
    );
    return { comparison, files: refs.map((f) => f.file), reference: refs[0].maps.get(req.qoi)!.scores };
  }

  private async openResults(dir: string): Promise<Res<'openResults'>> {
    const abs = this.read(dir);
    const opened = await openResultFolder(abs, (inputs) => {
      for (const f of [inputs.roiFile, inputs.efieldFile, inputs.responsesFile]) this.o.policy.grant?.(f);
      return this.inputsAllowed(inputs);
    });
    const id = randomUUID();
    this.results.set(id, {
      result: opened.result,
      roi: opened.roi,
      datasetId: null,
      ds: opened.ds,
      folder: opened.dir,
    });
    return this.summaryOf(id);
  }

  /** A missing folder is created before saving into it (the export dialog's folder may be new). */
  private makeParent(file: string): Promise<void> {
    return this.makeDir(dirname(file));
  }

  private async makeDir(dir: string): Promise<void> {
    try {
      await mkdir(dir, { recursive: true });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new AppError(
        code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? 'PERMISSION_DENIED' : 'WRITE_FAILED',
        { file: dir, found: code ?? 'an error', expected: 'a folder that can be created' },
        undefined,
        { cause: e },
      );
    }
  }

  private async elementData(req: Req<'getElement'>): Promise<ElementData> {
    const { result, ds, folder } = this.result(req.resultId);
    const m = q.findMap(result, req);
    if (!ds)
      throw new AppError('FILE_NOT_FOUND', {
        file: result.spec.inputs.efieldFile,
        found: `the inputs of the results in ${folder ?? 'this run'} are not readable here`,
        expected: 'the E-field and responses the result was computed from (IO curves need them; maps do not)',
      });
    q.checkElement(result, req.element);
    const e32 = await ds.efield.readColumns(req.qoi, req.element, req.element + 1, result.zapIndices);
    const e = Float64Array.from(e32);
    const col = ds.responses.columns[req.response];
    const y = Float64Array.from(result.zapIndices, (z) => col[z]);
    const signed = q.signedFit(m, req.element, e);
    const curve = q.sampleCurve(m, req.element, e, signed?.sign);
    const c = ds.roi.centroids;
    return {
      element: req.element,
      response: req.response,
      qoi: req.qoi,
      e,
      y,
      fun: m.fun,
      paramNames: [...m.paramNames],
      params: curve.params,
      score: m.scores[req.element],
      better: scoreDirection(m.score),
      status: q.statusOf(m, req.element),
      curveX: curve.x,
      curveY: curve.y,
      centroid: [c[3 * req.element], c[3 * req.element + 1], c[3 * req.element + 2]],
      ...(signed ? { signed } : {}),
    };
  }

  private async openDemo(): Promise<OpenedDataset> {
    const { inputs, muscles } = await demoInputs(this.o.demoDir);
    for (const f of [inputs.roiFile, inputs.efieldFile, inputs.responsesFile]) this.ownFiles.add(f);
    return this.open(inputs, true, muscles);
  }

  /** The result's summary with each map's coil attached. */
  private async exportResults(req: Req<'exportResults'>): Promise<Res<'exportResults'>> {
    const outDir = this.o.policy.allowWrite(req.outDir);
    const r = this.result(req.resultId);
    const report = await writeResultFolder(outDir, r.result, r.roi, req.overwrite);
    await this.settings.update({ lastOutputDir: outDir });
    return report;
  }
}
