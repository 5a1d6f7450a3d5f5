// Test harness: starts the BUILT out/main/index.js under Node with 'electron' resolved to the stand-in, and plays
// the renderer (IPC invokes, events) and the user (dialog answers) over the control channel.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { IPC_EVENT_CHANNEL, ipcChannel, type Envelope, type Verb } from '../../main/contract';

export const REPO = resolve(import.meta.dirname, '../..');
const REGISTER = pathToFileURL(join(import.meta.dirname, 'register.mjs')).href;

export interface StandinEvent {
  event: string;
  [k: string]: unknown;
}

/** What the stand-in asks when the app opens a dialog; the answer is what Electron's dialog would resolve to. */
export type DialogAnswerer = (d: { kind: string; options: Record<string, unknown> }) => unknown;

export interface LaunchOptions {
  /** The main bundle (default: the repository's out/main/index.js). */
  mainJs?: string;
  /** Folder holding package.json (app.getAppPath()). */
  appPath?: string;
  /** Packaged run: Electron's process.resourcesPath. */
  resources?: string;
  env?: Record<string, string>;
}

export class StandinApp {
  readonly events: StandinEvent[] = [];
  readonly userData = mkdtempSync(join(tmpdir(), 'tms-standin-user-'));
  onDialog: DialogAnswerer = () => ({ canceled: true, filePaths: [], response: 1 });
  readonly dialogs: { kind: string; options: Record<string, unknown> }[] = [];
  private readonly child: ChildProcess;
  private readonly replies = new Map<number, (r: Record<string, unknown>) => void>();
  private readonly waiters: { pred: (e: StandinEvent) => boolean; res: (e: StandinEvent) => void }[] = [];
  private nextId = 1;
  stderr = '';

  constructor(o: LaunchOptions = {}) {
    this.child = fork(o.mainJs ?? join(REPO, 'out/main/index.js'), [], {
      execArgv: ['--import', REGISTER],
      serialization: 'advanced',
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: {
        ...process.env,
        TMS_STANDIN_USER_DATA: this.userData,
        TMS_STANDIN_APP_PATH: o.appPath ?? REPO,
        ...(o.resources ? { TMS_STANDIN_PACKAGED: '1', TMS_STANDIN_RESOURCES: o.resources } : {}),
        ...o.env,
      },
    });
    this.child.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.child.stdout!.resume();
    this.child.on('message', (m: Record<string, unknown>) => this.onMessage(m));
  }

  private onMessage(m: Record<string, unknown>): void {
    if (typeof m.reply === 'number') {
      this.replies.get(m.reply)?.(m);
      this.replies.delete(m.reply);
      return;
    }
    const e = m as StandinEvent;
    this.events.push(e);
    if (e.event === 'dialog') {
      const d = { kind: e.kind as string, options: e.options as Record<string, unknown> };
      this.dialogs.push(d);
      this.child.send({ askId: e.askId, answer: this.onDialog(d) });
    }
    for (const w of [...this.waiters])
      if (w.pred(e)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.res(e);
      }
  }

  command(cmd: string, extra: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    return new Promise((res) => {
      this.replies.set(id, res);
      this.child.send({ cmd, id, ...extra });
    });
  }

  /** A call from the window (or from `senderUrl`), as the preload's invoke would make it. */
  async invoke<V extends Verb>(
    verb: V,
    payload: unknown = {},
    senderUrl?: string,
  ): Promise<Envelope<unknown>> {
    const r = await this.command('invoke', { channel: ipcChannel(verb), payload, senderUrl });
    if (typeof r.error === 'string') throw new Error(r.error);
    return r.value as Envelope<unknown>;
  }

  async ok<T>(verb: Verb, payload: unknown = {}): Promise<T> {
    const r = await this.invoke(verb, payload);
    if (!r.ok) throw new Error(`${verb}: ${r.code}: ${r.message}`);
    return r.value as T;
  }

  /** The next (or an already seen) event matching `pred`. */
  waitFor(pred: (e: StandinEvent) => boolean, timeoutMs = 60_000, seen = false): Promise<StandinEvent> {
    if (seen) {
      const hit = this.events.find(pred);
      if (hit) return Promise.resolve(hit);
    }
    return new Promise((res, rej) => {
      const t = setTimeout(
        () => rej(new Error(`timed out waiting (stderr: ${this.stderr.slice(-2000)})`)),
        timeoutMs,
      );
      this.waiters.push({
        pred,
        res: (e) => {
          clearTimeout(t);
          res(e);
        },
      });
    });
  }

  /** A renderer event (`webContents.send` on the app's event channel) named `name`. */
  appEvent(
    name: string,
    pred: (payload: Record<string, unknown>) => boolean = () => true,
    timeoutMs = 120_000,
  ) {
    return this.waitFor(
      (e) =>
        e.event === 'send' &&
        e.channel === IPC_EVENT_CHANNEL &&
        (e.args as unknown[])[0] === name &&
        pred((e.args as unknown[])[1] as Record<string, unknown>),
      timeoutMs,
    ).then((e) => (e.args as unknown[])[1] as Record<string, unknown>);
  }

  async started(): Promise<void> {
    await this.waitFor((e) => e.event === 'page', 30_000, true);
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const gone = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGTERM');
    await gone;
  }
}
