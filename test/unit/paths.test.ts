// appPaths on fake development and packaged layouts (real folders and a real app.asar in a temp dir).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import nodePath, { join } from 'node:path';
import { createPackage, statFile } from '@electron/asar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appPaths, checkAppFiles, locateApp, preferUnpacked } from '../../main/paths';
import { AppError } from '../../main/contract';

const BUILT = [
  'out/main/index.js',
  'out/main/worker.js',
  'out/main/cli.js',
  'out/main/server.js',
  'out/preload/index.cjs',
  'out/renderer/index.html',
];

function touch(root: string, rel: string): void {
  const p = join(root, rel);
  mkdirSync(nodePath.dirname(p), { recursive: true });
  writeFileSync(p, rel.endsWith('.json') ? '{}' : '// built\n');
}

/** Does a path inside app.asar exist? Node's fs cannot see in, @electron/asar can. */
function inAsar(asar: string, p: string): boolean {
  const rel = nodePath.relative(asar, p);
  if (rel.startsWith('..')) return false;
  try {
    statFile(asar, rel);
    return true;
  } catch {
    return false;
  }
}

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'tms-paths-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('development layout', () => {
  let repo: string;
  beforeAll(() => {
    repo = join(tmp, 'dev', 'out', 'repo'); // an unrelated "out" above the repo must not confuse it
    for (const f of [...BUILT, 'package.json', 'assets/icon.png', 'main/job/pool.ts']) touch(repo, f);
  });

  it.each([
    ['out/main (a built entry)', 'out/main'],
    ['out/main/chunks (a split chunk)', 'out/main/chunks'],
    ['main/job (source under tsx/Vitest)', 'main/job'],
  ])('resolves every built file from %s', (_label, from) => {
    const p = appPaths(join(repo, from));
    expect(p.packaged).toBe(false);
    expect(p.resourcesDir).toBeNull();
    expect(p.appRoot).toBe(repo);
    expect(p.workerEntry).toBe(join(repo, 'out/main/worker.js'));
    expect(p.cliEntry).toBe(join(repo, 'out/main/cli.js'));
    expect(p.serverEntry).toBe(join(repo, 'out/main/server.js'));
    expect(p.preload).toBe(join(repo, 'out/preload/index.cjs'));
    expect(p.rendererIndex).toBe(join(repo, 'out/renderer/index.html'));
    expect(p.assetsDir).toBe(join(repo, 'assets'));
    expect(p.iconPng).toBe(join(repo, 'assets/icon.png'));
    expect(() => checkAppFiles(p)).not.toThrow();
  });

  it('names the missing file when the build is incomplete', () => {
    const p = appPaths(join(repo, 'out/main'));
    rmSync(p.preload);
    try {
      checkAppFiles(p);
      expect.unreachable('checkAppFiles accepted a missing preload');
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('FILE_NOT_FOUND');
      expect((e as AppError).context.file).toBe(p.preload);
      expect((e as AppError).message).toContain('npm run build');
    } finally {
      touch(repo, 'out/preload/index.cjs');
    }
  });

  it('fails with a coded error outside any app tree', () => {
    expect(() => locateApp('/nowhere/src/lib', nodePath, () => false)).toThrow(AppError);
    expect(() => locateApp('/nowhere/src/lib', nodePath, () => false)).toThrow(
      /FILE_NOT_FOUND.*package\.json/,
    );
  });
});

describe('packaged layout (Linux / Windows unpacked folder)', () => {
  let resources: string;
  let asar: string;
  beforeAll(async () => {
    const stage = join(tmp, 'stage');
    for (const f of [...BUILT, 'package.json']) touch(stage, f);
    resources = join(tmp, 'linux-unpacked', 'resources');
    asar = join(resources, 'app.asar');
    mkdirSync(resources, { recursive: true });
    await createPackage(stage, asar);
    touch(resources, 'assets/icon.png');
  });

  it('points inside app.asar and at extra resources beside it', () => {
    const p = appPaths(join(asar, 'out/main'), resources);
    expect(p.packaged).toBe(true);
    expect(p.appRoot).toBe(asar);
    expect(p.resourcesDir).toBe(resources);
    expect(p.workerEntry).toBe(join(asar, 'out/main/worker.js'));
    expect(p.assetsDir).toBe(join(resources, 'assets'));
    for (const f of [p.workerEntry, p.cliEntry, p.serverEntry, p.preload, p.rendererIndex])
      expect(inAsar(asar, f), f).toBe(true);
    expect(() => checkAppFiles(p, (f) => inAsar(asar, f))).not.toThrow();
    expect(() => checkAppFiles(p)).toThrow(/reinstall TMS Mapper/); // plain Node sees nothing inside app.asar
  });

  it('derives the resources folder from the path when Electron does not give it', () => {
    const p = appPaths(join(asar, 'out/main/chunks'));
    expect(p.resourcesDir).toBe(resources);
    expect(p.iconPng).toBe(join(resources, 'assets/icon.png'));
  });

  it('prefers an app.asar.unpacked copy of the worker, and only that file', () => {
    touch(join(resources, 'app.asar.unpacked'), 'out/main/worker.js');
    try {
      const p = appPaths(join(asar, 'out/main'), resources);
      expect(p.workerEntry).toBe(join(resources, 'app.asar.unpacked/out/main/worker.js'));
      expect(p.cliEntry).toBe(join(asar, 'out/main/cli.js'));
      // A process started from the unpacked copy still finds the rest inside app.asar.
      const q = appPaths(join(resources, 'app.asar.unpacked/out/main'));
      expect(q.appRoot).toBe(asar);
      expect(q.rendererIndex).toBe(join(asar, 'out/renderer/index.html'));
    } finally {
      rmSync(join(resources, 'app.asar.unpacked'), { recursive: true, force: true });
    }
    expect(preferUnpacked(join(asar, 'out/main/worker.js'))).toBe(join(asar, 'out/main/worker.js'));
  });
});

describe('installed layouts on the other systems (paths only)', () => {
  it('Windows per-user install', () => {
    const win = nodePath.win32;
    const res = 'C:\\Users\\lab\\AppData\\Local\\Programs\\TMS Mapper\\resources';
    const p = appPaths(`${res}\\app.asar\\out\\main`, res, win, () => false);
    expect(p.packaged).toBe(true);
    expect(p.workerEntry).toBe(`${res}\\app.asar\\out\\main\\worker.js`);
    expect(p.preload).toBe(`${res}\\app.asar\\out\\preload\\index.cjs`);
    expect(p.assetsDir).toBe(`${res}\\assets`);
    const unpacked = `${res}\\app.asar.unpacked\\out\\main\\worker.js`;
    expect(appPaths(`${res}\\app.asar\\out\\main`, res, win, (f) => f === unpacked).workerEntry).toBe(
      unpacked,
    );
  });

  it('Windows development checkout', () => {
    const win = nodePath.win32;
    const p = appPaths('D:\\src\\tms-mapper\\out\\main', undefined, win, () => false);
    expect(p.packaged).toBe(false);
    expect(p.rendererIndex).toBe('D:\\src\\tms-mapper\\out\\renderer\\index.html');
    expect(p.assetsDir).toBe('D:\\src\\tms-mapper\\assets');
  });

  it('macOS app bundle', () => {
    const res = '/Applications/TMS Mapper.app/Contents/Resources';
    const p = appPaths(`${res}/app.asar/out/main`, undefined, nodePath.posix, () => false);
    expect(p.resourcesDir).toBe(res);
    expect(p.workerEntry).toBe(`${res}/app.asar/out/main/worker.js`);
    expect(p.iconPng).toBe(`${res}/assets/icon.png`);
  });
});
