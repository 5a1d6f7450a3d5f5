// The packaged app, as far as this machine can build it: electron-builder --linux --dir with a stub Electron, then app.asar's contents and its code run from there.
import { execFileSync, fork } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { extractAll, listPackage, statFile } from '@electron/asar';
import { NtExecutable, NtExecutableResource, Resource } from 'resedit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appPaths, checkAppFiles } from '../../main/paths';
import type { MainToWorker, WorkerToMain } from '../../workers/protocol';
import {
  makeStubElectronDist,
  makeStubElectronMacDist,
  makeStubElectronWinDist,
  packDir,
  projectDir,
  stageProject,
  type DirBuild,
  FUSE_SENTINEL,
} from '../packaging/electron-builder-dir';

const RUNTIME_FILES = [
  'package.json',
  'out/main/index.js',
  'out/main/worker.js',
  'out/main/cli.js',
  'out/main/server.js',
  'out/preload/index.cjs',
  'out/renderer/index.html',
];

/** Files under a folder, relative and with forward slashes. */
function walk(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name);
    return d.isDirectory() ? walk(p, base) : [relative(base, p).split(sep).join('/')];
  });
}

/** Files (not folders) of an app.asar, relative and with forward slashes. */
function asarFileList(asar: string): string[] {
  return listPackage(asar, { isPack: false })
    .map((f) =>
      f
        .replace(/^[\\/]/, '')
        .split('\\')
        .join('/'),
    )
    .filter((f) => 'size' in statFile(asar, f));
}

/** Does a path exist inside app.asar (Node's fs cannot look in there)? */
function inAsar(asar: string, p: string): boolean {
  const rel = relative(asar, p);
  if (rel.startsWith('..')) return false;
  try {
    statFile(asar, rel);
    return true;
  } catch {
    return false;
  }
}

let tmp: string;
let build: DirBuild;
let staged: string;
let asarFiles: string[];
let builtFiles: string[];
let extracted: string;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'tms-pack-'));
  staged = await stageProject(join(tmp, 'project'), RUNTIME_FILES);
  // The build emits no source maps today; plant one so the exclusion in electron-builder.yml is tested.
  writeFileSync(
    join(staged, 'out', 'main', 'worker.js.map'),
    '{"version":3,"sources":["../../workers/entry.ts"]}',
  );
  builtFiles = walk(join(staged, 'out'))
    .filter((f) => !f.endsWith('.map'))
    .map((f) => `out/${f}`);
  build = await packDir(
    'linux',
    staged,
    join(tmp, 'dist'),
    makeStubElectronDist(join(tmp, 'electron-dist')),
    200_000,
  );
  asarFiles = asarFileList(build.asarPath);
  extracted = join(tmp, 'extracted');
  extractAll(build.asarPath, extracted);
  console.log(
    `electron-builder --linux --x64 --dir: ${build.seconds.toFixed(1)} s; app.asar ${(statSync(build.asarPath).size / 1e6).toFixed(2)} MB, ${asarFiles.length} files`,
  );
}, 240_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('app.asar', () => {
  it('holds every runtime file and the whole build output', () => {
    for (const f of RUNTIME_FILES) expect(asarFiles, f).toContain(f);
    expect(asarFiles.some((f) => /^out\/renderer\/assets\/.+\.js$/.test(f))).toBe(true);
    expect([...asarFiles].filter((f) => f !== 'package.json').sort()).toEqual([...builtFiles].sort());
  });

  it('holds no tests, sources, source maps or node_modules', () => {
    const bad = asarFiles.filter(
      (f) =>
        !(f.startsWith('out/') || f === 'package.json') ||
        /(^|\/)(test|node_modules)\//.test(f) ||
        /\.(ts|vue|map)$/.test(f) ||
        f.endsWith('.d.ts'),
    );
    expect(bad).toEqual([]);
  });

  it('carries a cleaned package.json that starts the ESM main bundle', () => {
    const pkg = JSON.parse(readFileSync(join(extracted, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(pkg.main).toBe('out/main/index.js');
    expect(pkg.type).toBe('module');
    expect(pkg.productName).toBe('TMS Mapper');
    expect(pkg.desktopName).toBe('tms-mapper.desktop'); // Linux window ↔ .desktop association
    expect(pkg).not.toHaveProperty('devDependencies');
    expect(pkg).not.toHaveProperty('scripts');
    expect(asarFiles).toContain(pkg.main);
  });
});

describe('unpacked Linux folder', () => {
  it('has the renamed executable, the icon as an extra resource and no unpacked copies', () => {
    const exe = join(build.appOutDir, 'tms-mapper');
    expect(existsSync(exe)).toBe(true);
    expect(statSync(exe).mode & 0o111).not.toBe(0);
    const icon = join(build.resourcesDir, 'assets', 'icon.png');
    expect(readFileSync(icon).equals(readFileSync(join(projectDir, 'assets', 'icon.png')))).toBe(true);
    expect(existsSync(join(build.resourcesDir, 'app.asar.unpacked'))).toBe(false);
    // No update feed: installs never phone home (electron-builder writes app-update.yml only when publishing).
    expect(existsSync(join(build.resourcesDir, 'app-update.yml'))).toBe(false);
  });
});

describe('Electron fuses (electron-builder.yml electronFuses)', () => {
  it('are flipped in the packaged executable: RunAsNode kept on, NODE_OPTIONS/--inspect off, asar only', () => {
    const exe = readFileSync(join(build.appOutDir, 'tms-mapper'));
    const at = exe.indexOf(FUSE_SENTINEL) + FUSE_SENTINEL.length;
    expect(at).toBeGreaterThan(FUSE_SENTINEL.length - 1);
    // RunAsNode, CookieEncryption, NodeOptions, NodeCliInspect, AsarIntegrity, OnlyLoadAppFromAsar,
    // BrowserProcessSpecificV8Snapshot, GrantFileProtocolExtraPrivileges ('1' on, '0' off).
    expect(exe.subarray(at + 2, at + 2 + exe[at + 1]).toString()).toBe('11001100');
  });
});

describe('code run from the package', () => {
  it('main/paths.ts resolves every file of the packaged layout', () => {
    const p = appPaths(join(build.asarPath, 'out', 'main'), build.resourcesDir);
    expect(p.packaged).toBe(true);
    expect(p.appRoot).toBe(build.asarPath);
    for (const f of [p.workerEntry, p.cliEntry, p.serverEntry, p.preload, p.rendererIndex])
      expect(inAsar(build.asarPath, f), f).toBe(true);
    expect(existsSync(p.iconPng)).toBe(true);
    expect(() => checkAppFiles(p, (f) => inAsar(build.asarPath, f) || existsSync(f))).not.toThrow();
  });

  it('the packaged worker starts under plain Node and fits a block', async () => {
    const p = appPaths(join(build.asarPath, 'out', 'main'), build.resourcesDir);
    const entry = join(extracted, relative(build.asarPath, p.workerEntry));
    const child = fork(entry, [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'pipe', 'ipc'] });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const messages: WorkerToMain[] = [];
    const waitFor = (type: WorkerToMain['type']): Promise<WorkerToMain> =>
      new Promise((ok, fail) => {
        const timer = setTimeout(
          () => fail(new Error(`no '${type}' from the packaged worker in 30 s; stderr:\n${stderr}`)),
          30_000,
        );
        const check = (): void => {
          const m = messages.find((x) => x.type === type || x.type === 'error');
          if (m) {
            clearTimeout(timer);
            if (m.type === 'error') fail(new Error(`worker error ${m.code}: ${m.message}`));
            else ok(m);
          }
        };
        child.on('message', (m: WorkerToMain) => {
          messages.push(m);
          check();
        });
        child.on('exit', (code) =>
          fail(new Error(`packaged worker exited (${code}) before '${type}'; stderr:\n${stderr}`)),
        );
        check();
      });
    try {
      const ready = await waitFor('ready');
      expect(ready).toMatchObject({ type: 'ready', pid: child.pid });

      // Element 0 follows a sigmoid of its E-field exactly; element 1 is unrelated to the responses.
      const nZaps = 60;
      const x = new Float32Array(2 * nZaps);
      const y = new Float64Array(nZaps);
      for (let k = 0; k < nZaps; k++) {
        const e = 20 + k;
        x[k] = e;
        x[nZaps + k] = 50 + 30 * Math.sin(k * 1.7);
        y[k] = 0.01 + 2 / (1 + Math.exp(-0.25 * (e - 50)));
      }
      const init: MainToWorker = {
        type: 'init',
        fit: { fun: 'sigmoid4', score: 'R2' },
        nZaps,
        seed: 1,
        nRefit: 0,
        badElementScreen: false,
        signedData: false,
      };
      child.send(init);
      const block: MainToWorker = {
        type: 'fit-block',
        blockId: 7,
        elements: new Uint32Array([0, 1]),
        x,
        y,
        mode: 'first',
      };
      child.send(block);
      const res = await waitFor('block-result');
      if (res.type !== 'block-result') throw new Error('unreachable');
      expect(res.blockId).toBe(7);
      expect(res.scores).toBeInstanceOf(Float64Array);
      expect(res.scores.length).toBe(2);
      expect(res.scores[0]).toBeGreaterThan(0.999);
      expect(res.scores[0]).toBeGreaterThan(res.scores[1]);
      expect(res.status[0]).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);

  it('the packaged CLI maps a small demo from the package (its chunks, worker and h5wasm)', () => {
    const cli = join(extracted, 'out', 'main', 'cli.js');
    expect(execFileSync(process.execPath, [cli, '--help'], { encoding: 'utf8', timeout: 30_000 })).toMatch(
      /\bmap\b/,
    );
    const demoDir = join(tmp, 'demo-data');
    const outDir = join(tmp, 'demo-results');
    const args = [
      cli,
      'map',
      '--demo',
      '--response',
      'p2p_FDI',
      '--zaps',
      '100',
      '--refit',
      '0',
      '--no-discontinuity-refit',
    ];
    execFileSync(process.execPath, [...args, '--workers', '1', '--out', outDir], {
      env: { ...process.env, TMS_MAPPER_DEMO_DIR: demoDir },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 150_000,
    });
    expect(JSON.parse(readFileSync(join(outDir, 'summary.json'), 'utf8'))).toBeTypeOf('object');
    const h5 = readdirSync(demoDir).filter((f) => f.endsWith('.hdf5'));
    expect(h5.length).toBeGreaterThan(0);
    for (const f of h5)
      expect(readFileSync(join(demoDir, f)).subarray(0, 4).toString('latin1')).toBe('\x89HDF');
  }, 180_000);

  it('the packaged bundle carries h5wasm, and it writes and reads HDF5 from there', () => {
    // loadH5() imports h5wasm lazily, so it sits in its own chunk: find it by Emscripten's banner.
    const chunks = walk(join(extracted, 'out', 'main'))
      .map((f) => join(extracted, 'out', 'main', f))
      .filter((f) => /\.[cm]?js$/.test(f) && readFileSync(f, 'utf8').includes('emscripten-generated code'));
    expect(chunks, 'no h5wasm in out/main: is main/io reachable from cli.js / index.js?').not.toEqual([]);
    const h5file = join(tmp, 'probe.h5');
    // A separate plain-Node process; the chunk's export names are the bundler's, so find h5wasm by what it offers.
    const probe = `
      const ns = await import(${JSON.stringify(new URL(`file://${chunks[0]}`).href)});
      const mod = Object.values(ns).find((v) => v && typeof v === 'object' && typeof v.File === 'function' && v.ready);
      if (!mod) throw new Error('h5wasm module not among the chunk exports: ' + Object.keys(ns).join(','));
      await mod.ready;
      const w = new mod.File(${JSON.stringify(h5file)}, 'w');
      w.create_dataset({ name: 'e', data: new Float32Array([1.5, 2.5, 4]) });
      w.close();
      const r = new mod.File(${JSON.stringify(h5file)}, 'r');
      console.log(JSON.stringify(Array.from(r.get('e').value)));
      r.close();
    `;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', probe], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(JSON.parse(out.trim())).toEqual([1.5, 2.5, 4]);
    expect(readFileSync(h5file).subarray(0, 4).toString('latin1')).toBe('\x89HDF');
  }, 90_000);
});

describe('macOS app bundle (stub Electron.app)', () => {
  let mac: DirBuild;
  let infoPlist: string;
  beforeAll(async () => {
    mac = await packDir(
      'mac',
      staged,
      join(tmp, 'dist-mac'),
      makeStubElectronMacDist(join(tmp, 'electron-mac')),
      200_000,
    );
    infoPlist = readFileSync(join(mac.appOutDir, 'Contents', 'Info.plist'), 'utf8');
    console.log(`electron-builder --mac --x64 --dir: ${mac.seconds.toFixed(1)} s`);
  }, 240_000);

  it('packs the same app.asar contents as on Linux', () => {
    expect(asarFileList(mac.asarPath).sort()).toEqual([...asarFiles].sort());
  });

  it('declares the app id, the .tmsmap document type and the asar integrity in Info.plist', () => {
    expect(infoPlist).toMatch(/<key>CFBundleIdentifier<\/key>\s*<string>org\.tmsmapper\.app<\/string>/);
    expect(infoPlist).toMatch(/<key>CFBundleDisplayName<\/key>\s*<string>TMS Mapper<\/string>/);
    // One document type: a dict without nested dicts inside the array.
    const docTypes =
      /<key>CFBundleDocumentTypes<\/key>\s*<array>\s*<dict>([\s\S]*?)<\/dict>\s*<\/array>/.exec(
        infoPlist,
      )?.[1] ?? '';
    expect(docTypes).toContain('<string>tmsmap</string>');
    expect(docTypes).toMatch(/<key>CFBundleTypeRole<\/key>\s*<string>Editor<\/string>/);
    expect(infoPlist).toMatch(
      /<key>ElectronAsarIntegrity<\/key>\s*<dict>\s*<key>Resources\/app\.asar<\/key>/,
    );
  });

  it('ships the icon and the extra resources where main/paths.ts looks for them', () => {
    const res = mac.resourcesDir;
    expect(
      readFileSync(join(res, 'icon.icns')).equals(readFileSync(join(projectDir, 'assets', 'icon.icns'))),
    ).toBe(true);
    const p = appPaths(join(mac.asarPath, 'out', 'main'), res);
    expect(p.packaged).toBe(true);
    for (const f of [p.workerEntry, p.cliEntry, p.preload, p.rendererIndex])
      expect(inAsar(mac.asarPath, f), f).toBe(true);
    expect(existsSync(p.iconPng)).toBe(true);
  });
});

describe('Windows folder (stub electron.exe)', () => {
  let win: DirBuild;
  let exe: NtExecutableResource;
  beforeAll(async () => {
    win = await packDir(
      'win',
      staged,
      join(tmp, 'dist-win'),
      makeStubElectronWinDist(join(tmp, 'electron-win')),
      200_000,
    );
    exe = NtExecutableResource.from(NtExecutable.from(readFileSync(join(win.appOutDir, 'TMS Mapper.exe'))));
    console.log(`electron-builder --win --x64 --dir: ${win.seconds.toFixed(1)} s`);
  }, 240_000);

  it('packs the same app.asar contents as on Linux', () => {
    expect(asarFileList(win.asarPath).sort()).toEqual([...asarFiles].sort());
  });

  it('names the executable, carries the icon from icon.ico and the asar integrity', () => {
    const [version] = Resource.VersionInfo.fromEntries(exe.entries);
    expect(version.getStringValues({ lang: 1033, codepage: 1200 })).toMatchObject({
      ProductName: 'TMS Mapper',
      FileDescription: 'TMS Mapper',
      FileVersion: '0.1.0',
    });
    const RT_ICON = 3;
    const RT_GROUP_ICON = 14;
    expect(exe.entries.filter((e) => e.type === RT_ICON)).toHaveLength(7); // 16, 24, 32, 48, 64, 128, 256
    expect(exe.entries.filter((e) => e.type === RT_GROUP_ICON)).toHaveLength(1);
    const integrity = exe.entries.find((e) => e.type === 'INTEGRITY' && e.id === 'ELECTRONASAR');
    expect(integrity).toBeDefined();
    const list = JSON.parse(Buffer.from(integrity!.bin).toString('utf8')) as { file: string; alg: string }[];
    expect(list).toEqual([expect.objectContaining({ file: 'resources\\app.asar', alg: 'SHA256' })]);
  });

  it('keeps the extra resources beside app.asar', () => {
    const p = appPaths(join(win.asarPath, 'out', 'main'), win.resourcesDir);
    expect(existsSync(p.iconPng)).toBe(true);
    for (const f of [p.workerEntry, p.preload, p.rendererIndex])
      expect(inAsar(win.asarPath, f), f).toBe(true);
  });
});
