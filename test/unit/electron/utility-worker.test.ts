// The utility-process worker handle against Electron's rules (scripted utilityProcess): kill before 'spawn',
// SIGKILL semantics, pid kept past 'exit', 'killed' whatever the code, execArgv and env, output lines to the log.
import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WorkerExit } from '../../../main/job/worker-handle';

class FakeUtility extends EventEmitter {
  pid: number | undefined = undefined;
  stdout = new PassThrough();
  stderr = new PassThrough();
  posted: unknown[] = [];
  postMessage(m: unknown, transfer?: unknown[]): void {
    if (transfer !== undefined) throw new TypeError('Invalid value for transfer');
    this.posted.push(m);
  }
  kill(): boolean {
    throw new Error('the handle must not use utilityProcess.kill (SIGTERM, exit code 0)');
  }
  spawn(pid: number): void {
    this.pid = pid;
    this.emit('spawn');
  }
  exit(code: number): void {
    this.pid = undefined;
    this.emit('exit', code);
  }
}

const forks: { child: FakeUtility; entry: string; options: Record<string, unknown> }[] = [];
vi.mock('electron', () => ({
  utilityProcess: {
    fork: (entry: string, _args: string[], options: Record<string, unknown>) => {
      const child = new FakeUtility();
      forks.push({ child, entry, options });
      return child;
    },
  },
}));

const { utilityWorkerSpawner, workerExecArgv } =
  await import('../../../main/electron/utility-worker-spawner');
const { AppLog, LOG_ROTATE_BYTES } = await import('../../../main/electron/log-file');

afterEach(() => {
  forks.length = 0;
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('utility-process worker handle', () => {
  it('a kill asked for before spawn is a SIGKILL on spawn; the exit reads killed with the last pid', () => {
    const kills: [number, string][] = [];
    vi.spyOn(process, 'kill').mockImplementation((pid: number, sig?: string | number) => {
      kills.push([pid, String(sig)]);
      return true;
    });
    const h = utilityWorkerSpawner('/app/worker.js', { execArgv: [] })(0);
    const exits: WorkerExit[] = [];
    h.onExit((e) => exits.push(e));
    h.kill();
    expect(kills).toEqual([]);
    expect(h.pid).toBeUndefined();
    forks[0].child.spawn(4242);
    expect(kills).toEqual([[4242, 'SIGKILL']]);
    // Electron: pid undefined from 'exit' on, code 0 after its own kill, 9 after a SIGKILL it did not send.
    forks[0].child.exit(9);
    expect(exits).toEqual([{ reason: 'killed', code: 9, signal: null }]);
    expect(h.pid).toBe(4242);
    forks[0].child.exit(9);
    expect(exits).toHaveLength(1);
  });

  it('a crash reads crashed, a clean exit clean; messages are posted without a transfer list', () => {
    const spawn = utilityWorkerSpawner('/app/worker.js', { execArgv: [] });
    const a = spawn(0);
    const b = spawn(1);
    const ea: WorkerExit[] = [];
    const eb: WorkerExit[] = [];
    a.onExit((e) => ea.push(e));
    b.onExit((e) => eb.push(e));
    forks[0].child.spawn(1);
    forks[1].child.spawn(2);
    a.post({ type: 'cancel' });
    expect(forks[0].child.posted).toEqual([{ type: 'cancel' }]);
    forks[0].child.exit(9);
    forks[1].child.exit(0);
    expect(ea[0].reason).toBe('crashed');
    expect(eb[0].reason).toBe('clean');
    expect(forks[0].options.serviceName).toBe('tms-mapper worker 0');
  });

  it('pipes worker output lines to the log and passes TMS_MAPPER_WORKER_ARGS as execArgv', async () => {
    expect(workerExecArgv({ TMS_MAPPER_WORKER_ARGS: ' --cpu-prof  --cpu-prof-dir=p ' })).toEqual([
      '--cpu-prof',
      '--cpu-prof-dir=p',
    ]);
    const lines: string[] = [];
    vi.stubEnv('NODE_EXTRA_CA_CERTS', '/etc/extra-ca.pem');
    vi.stubEnv('TMS_PROBE', 'kept');
    utilityWorkerSpawner('/w.js', { log: (l) => lines.push(l), execArgv: ['--cpu-prof'] })(3);
    expect(forks[0].options).toMatchObject({ stdio: 'pipe', execArgv: ['--cpu-prof'] });
    // The parent's environment without NODE_EXTRA_CA_CERTS (Node reads the file at every start; a worker has no TLS).
    const env = forks[0].options.env as NodeJS.ProcessEnv;
    expect(env.TMS_PROBE).toBe('kept');
    expect('NODE_EXTRA_CA_CERTS' in env).toBe(false);
    forks[0].child.spawn(77);
    forks[0].child.stderr.write('RangeError: boom\n');
    await new Promise((r) => setImmediate(r));
    expect(lines).toEqual(['[worker 3 pid 77] stderr: RangeError: boom']);
  });
});

describe('log file', () => {
  it('appends timestamped lines (multi-line messages indented) and rotates above the limit', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'applog-')), 'logs');
    const log = new AppLog(dir);
    log.write('first');
    log.write('two\nlines');
    const text = readFileSync(log.path, 'utf8');
    expect(text).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z first\n\S+ two\n {4}lines\n$/);
    log.write('x'.repeat(LOG_ROTATE_BYTES + 1));
    log.write('after');
    expect(readFileSync(`${log.path}.1`, 'utf8')).toContain('first');
    expect(readFileSync(log.path, 'utf8')).toMatch(/^\S+ after\n$/);
  });
});
