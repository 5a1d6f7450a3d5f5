// Offline packaging for tests: a stub Electron distribution and a time-bounded `electron-builder --linux --dir` run.
import { spawn } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

export const projectDir = resolve(import.meta.dirname, '../..');

/** The Electron version electron-builder would package (its runtime is not downloadable here). */
export function electronVersion(): string {
  const pkg = JSON.parse(readFileSync(join(projectDir, 'node_modules/electron/package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/**
 * A folder that electron-builder accepts as an unpacked Electron distribution
 * (`-c.electronDist=<dir>`): an `electron` executable it renames to the app's executable, and the
 * `version` file of a real distribution. The executable only says it is a stub: the packaged app
 * cannot run here, but its layout and app.asar are the real thing.
 */
export function makeStubElectronDist(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const exe = join(dir, 'electron');
  writeFileSync(
    exe,
    '#!/bin/sh\necho "stub Electron: the real runtime is not installed on this machine" >&2\nexit 3\n',
  );
  chmodSync(exe, 0o755);
  writeFileSync(join(dir, 'version'), `${electronVersion()}\n`);
  return dir;
}

/** Never part of a build: dependencies (all bundled into out/), history, and earlier outputs. */
const NOT_STAGED = new Set(['node_modules', '.git', 'dist', 'test-artifacts', 'demo-results', '.cache']);

/**
 * Copies the project (sources, tests, assets, config and the current out/) to `dest`, so that a
 * rebuild of out/ by someone else during the slow packaging step cannot change what is packed,
 * while electron-builder's `files` filter still sees every source and test file it must leave out.
 */
export function stageProject(dest: string): string {
  cpSync(projectDir, dest, {
    recursive: true,
    filter: (src) => src === projectDir || !NOT_STAGED.has(relative(projectDir, src).split(/[\\/]/)[0]),
  });
  return dest;
}

export interface LinuxDirBuild {
  /** `<output>/linux-unpacked` */
  appOutDir: string;
  resourcesDir: string;
  asarPath: string;
  seconds: number;
  log: string;
}

/**
 * Runs `electron-builder --linux --dir` on a project folder (this one or a staged copy) with its
 * electron-builder.yml, writing to `outputDir` instead of dist/. Kills it and rejects with its log
 * after `timeoutMs`.
 */
export function packLinuxDir(
  appDir: string,
  outputDir: string,
  electronDist: string,
  timeoutMs = 180_000,
): Promise<LinuxDirBuild> {
  const cli = join(projectDir, 'node_modules/electron-builder/cli.js');
  const args = [
    cli,
    '--linux',
    '--dir',
    '--projectDir',
    appDir,
    `-c.electronDist=${electronDist}`,
    // A staged copy has no node_modules to read the Electron version from.
    `-c.electronVersion=${electronVersion()}`,
    `-c.directories.output=${outputDir}`,
  ];
  const started = performance.now();
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, args, {
      cwd: projectDir,
      env: { ...process.env, CI: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    child.stdout.on('data', (d: Buffer) => (log += d.toString()));
    child.stderr.on('data', (d: Buffer) => (log += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`electron-builder --linux --dir did not finish in ${timeoutMs / 1000} s:\n${log}`));
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      fail(e);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) {
        fail(new Error(`electron-builder --linux --dir exited with ${code ?? signal}:\n${log}`));
        return;
      }
      const appOutDir = join(outputDir, 'linux-unpacked');
      const resourcesDir = join(appOutDir, 'resources');
      ok({
        appOutDir,
        resourcesDir,
        asarPath: join(resourcesDir, 'app.asar'),
        seconds: (performance.now() - started) / 1000,
        log,
      });
    });
  });
}
