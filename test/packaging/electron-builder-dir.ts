// Offline packaging for tests: stub Electron distributions (Linux, macOS, Windows) and a time-bounded `electron-builder --dir` run.
import { spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
// electron-builder's own PE resource editor (a dependency of app-builder-lib): writes the stub electron.exe.
import { NtExecutable, NtExecutableResource, Resource } from 'resedit';

export const projectDir = resolve(import.meta.dirname, '../..');

/** The Electron version electron-builder would package (its runtime is not downloadable here). */
export function electronVersion(): string {
  const pkg = JSON.parse(readFileSync(join(projectDir, 'node_modules/electron/package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

const STUB_EXE =
  '#!/bin/sh\necho "stub Electron: the real runtime is not installed on this machine" >&2\nexit 3\n';

/**
 * Electron's fuse wire as its binaries carry it (sentinel, wire version 1, length, one byte per fuse: '0' off,
 * '1' on), with Electron 45's defaults: electron-builder flips it (electronFuses) exactly as in a real binary.
 */
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
export const STUB_FUSE_WIRE = Buffer.concat([
  Buffer.from(FUSE_SENTINEL),
  Buffer.from([1, 8]),
  Buffer.from('10110001'),
]);

function writeExe(path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(
    path,
    Buffer.concat([Buffer.from(STUB_EXE), Buffer.from('# '), STUB_FUSE_WIRE, Buffer.from('\n')]),
  );
  chmodSync(path, 0o755);
}

/**
 * A folder that electron-builder accepts as an unpacked Linux Electron distribution
 * (`-c.electronDist=<dir>`): an `electron` executable it renames to the app's executable, and the
 * `version` file of a real distribution. The executable only says it is a stub: the packaged app
 * cannot run here, but its layout and app.asar are the real thing.
 */
export function makeStubElectronDist(dir: string): string {
  writeExe(join(dir, 'electron'));
  writeFileSync(join(dir, 'version'), `${electronVersion()}\n`);
  return dir;
}

function plist(executable: string, id: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0"><dict>
<key>CFBundleExecutable</key><string>${executable}</string>
<key>CFBundleIdentifier</key><string>${id}</string>
<key>CFBundleName</key><string>${executable}</string>
<key>CFBundlePackageType</key><string>APPL</string>
<key>CFBundleIconFile</key><string>electron.icns</string>
</dict></plist>
`;
}

/**
 * The same for macOS: an `Electron.app` bundle with the Info.plist files and helper apps that
 * electron-builder renames and rewrites (bundle id, document types, icon, asar integrity).
 */
export function makeStubElectronMacDist(dir: string): string {
  const contents = join(dir, 'Electron.app', 'Contents');
  writeExe(join(contents, 'MacOS', 'Electron'));
  // On macOS the fuse wire lives in the framework binary.
  const framework = join(contents, 'Frameworks', 'Electron Framework.framework');
  mkdirSync(framework, { recursive: true });
  writeFileSync(join(framework, 'Electron Framework'), STUB_FUSE_WIRE);
  writeFileSync(join(contents, 'Info.plist'), plist('Electron', 'com.github.Electron'));
  mkdirSync(join(contents, 'Resources'), { recursive: true });
  writeFileSync(join(contents, 'Resources', 'electron.icns'), '');
  for (const suffix of ['', ' (Renderer)', ' (GPU)', ' (Plugin)']) {
    const helper = join(contents, 'Frameworks', `Electron Helper${suffix}.app`, 'Contents');
    writeExe(join(helper, 'MacOS', `Electron Helper${suffix}`));
    writeFileSync(
      join(helper, 'Info.plist'),
      plist(`Electron Helper${suffix}`, 'com.github.Electron.helper'),
    );
  }
  writeFileSync(join(dir, 'version'), `${electronVersion()}\n`);
  return dir;
}

/**
 * The same for Windows: an `electron.exe` that is a valid (empty) PE image with the version
 * resource electron-builder edits. It writes the app's name, version and icon into it, and the
 * asar integrity hash, exactly as for the real executable (no download, no Wine).
 */
export function makeStubElectronWinDist(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const exe = NtExecutable.createEmpty(false, false);
  const res = NtExecutableResource.from(exe);
  const version = Resource.VersionInfo.createEmpty();
  version.setStringValues(
    { lang: 1033, codepage: 1200 },
    { ProductName: 'Electron', FileDescription: 'Electron', OriginalFilename: 'electron.exe' },
  );
  version.outputToResourceEntries(res.entries);
  res.outputResource(exe);
  // The fuse wire rides after the image (an overlay), where @electron/fuses finds it by its sentinel.
  writeFileSync(join(dir, 'electron.exe'), Buffer.concat([Buffer.from(exe.generate()), STUB_FUSE_WIRE]));
  writeFileSync(join(dir, 'version'), `${electronVersion()}\n`);
  return dir;
}

/** Never part of a build: dependencies (all bundled into out/), history, and earlier outputs. */
const NOT_STAGED = new Set(['node_modules', '.git', 'dist', 'test-artifacts', 'demo-results', '.cache']);

/**
 * Copies the project (sources, tests, assets, config and the current out/) to `dest`, so that a
 * rebuild of out/ by someone else during the slow packaging step cannot change what is packed,
 * while electron-builder's `files` filter still sees every source and test file it must leave out.
 * A copy taken while a build is writing out/ lacks some of `required`: take it again (up to
 * `attempts` times, 3 s apart) and return the last copy either way, so a really broken build fails.
 */
export async function stageProject(
  dest: string,
  required: readonly string[] = [],
  attempts = 10,
): Promise<string> {
  for (let i = 1; ; i++) {
    rmSync(dest, { recursive: true, force: true });
    cpSync(projectDir, dest, {
      recursive: true,
      filter: (src) => src === projectDir || !NOT_STAGED.has(relative(projectDir, src).split(/[\\/]/)[0]),
    });
    if (i >= attempts || required.every((f) => existsSync(join(dest, f)))) return dest;
    await new Promise((r) => setTimeout(r, 3000));
  }
}

export type DirPlatform = 'linux' | 'mac' | 'win';

export interface DirBuild {
  /** `<output>/linux-unpacked`, `<output>/mac/TMS Mapper.app` or `<output>/win-unpacked` */
  appOutDir: string;
  /** Where app.asar and the extra resources are. */
  resourcesDir: string;
  asarPath: string;
  seconds: number;
  log: string;
}

/**
 * Runs `electron-builder --<platform> --x64 --dir` on a project folder (this one or a staged copy)
 * with its electron-builder.yml, writing to `outputDir` instead of dist/. Kills it and rejects with
 * its log after `timeoutMs`.
 */
export function packDir(
  platform: DirPlatform,
  appDir: string,
  outputDir: string,
  electronDist: string,
  timeoutMs = 180_000,
): Promise<DirBuild> {
  const cli = join(projectDir, 'node_modules/electron-builder/cli.js');
  const args = [
    cli,
    `--${platform}`,
    '--x64',
    '--dir',
    '--projectDir',
    appDir,
    `-c.electronDist=${electronDist}`,
    // A staged copy has no node_modules to read the Electron version from.
    `-c.electronVersion=${electronVersion()}`,
    `-c.directories.output=${outputDir}`,
    // No certificate here; the exe's name, version and icon are still written.
    ...(platform === 'win' ? ['-c.win.signExecutable=false'] : []),
  ];
  const what = `electron-builder --${platform} --dir`;
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
      fail(new Error(`${what} did not finish in ${timeoutMs / 1000} s:\n${log}`));
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      fail(e);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) {
        fail(new Error(`${what} exited with ${code ?? signal}:\n${log}`));
        return;
      }
      const appOutDir = {
        linux: join(outputDir, 'linux-unpacked'),
        mac: join(outputDir, 'mac', 'TMS Mapper.app'),
        win: join(outputDir, 'win-unpacked'),
      }[platform];
      const resourcesDir = join(
        appOutDir,
        ...(platform === 'mac' ? ['Contents', 'Resources'] : ['resources']),
      );
      const seconds = (performance.now() - started) / 1000;
      ok({ appOutDir, resourcesDir, asarPath: join(resourcesDir, 'app.asar'), seconds, log });
    });
  });
}
