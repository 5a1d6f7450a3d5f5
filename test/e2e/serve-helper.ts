// Starts the built browser-mode server (out/main/server.js) as a child process and reads the URL it prints.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const SERVER_JS = resolve(import.meta.dirname, '../../out/main/server.js');

export interface RunningServer {
  url: string;
  origin: string;
  port: number;
  token: string;
  root: string;
  configDir: string;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** A demo folder shared by the test files of one run (generating the demo takes ~20 s). */
export const SHARED_DEMO_DIR = process.env.TMS_MAPPER_DEMO_DIR || join(tmpdir(), 'tms-mapper-test-demo');

export async function startServer(
  o: {
    root?: string;
    args?: string[];
    env?: NodeJS.ProcessEnv;
    /** another build's server.js (e.g. a private snapshot) */ serverJs?: string;
  } = {},
): Promise<RunningServer> {
  const root = o.root ?? mkdtempSync(join(tmpdir(), 'tms-root-'));
  const configDir = mkdtempSync(join(tmpdir(), 'tms-config-'));
  const child = spawn(
    process.execPath,
    [o.serverJs ?? SERVER_JS, '--root', root, '--config-dir', configDir, ...(o.args ?? [])],
    {
      env: { ...process.env, TMS_MAPPER_DEMO_DIR: SHARED_DEMO_DIR, ...o.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`server did not print its URL in 20 s:\n${out}`)), 20_000);
    const check = (): void => {
      const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/.exec(out);
      if (m) {
        clearTimeout(timer);
        res(m[0]);
      }
    };
    child.stdout.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      rej(new Error(`server exited with ${code}:\n${out}`));
    });
  });
  const u = new URL(url);
  return {
    url,
    origin: u.origin,
    port: Number(u.port),
    token: u.searchParams.get('token')!,
    root,
    configDir,
    child,
    output: () => out,
    stop: () =>
      new Promise<void>((res) => {
        if (child.exitCode !== null) return res();
        child.once('exit', () => res());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
}
