// The CLI without the repository: npm pack → npm install -g into an empty prefix (offline) maps the demo; the desktop app's launcher (resources/bin/tms-mapper) runs the bundled CLI from an app.asar layout.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
/** A small demo map: one muscle, 60 zaps, no refits (the install is under test, not the fit). */
const SMALL = ['map', '--demo', '--response', 'p2p_FDI', '--zaps', '60', '--refit', '0', '--workers', '2'];

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'tms-install-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const run = (cmd: string, args: string[], cwd = tmp): SpawnSyncReturns<string> =>
  spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    timeout: 180_000,
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });

describe('npm pack → npm install -g (no repository, no registry)', () => {
  it(
    'packs the built CLI only, installs it offline into an empty prefix, and the installed tms-mapper maps the demo',
    { timeout: 300_000 },
    () => {
      // --ignore-scripts: the test run's build is packed as is (prepack would build again).
      const pack = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], ROOT);
      expect(pack.status, pack.stderr).toBe(0);
      const [info] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
      const files = info.files.map((f) => f.path);
      expect(files).toEqual(
        expect.arrayContaining([
          'bin/tms-mapper.js',
          'out/main/cli.js',
          'out/main/worker.js',
          'package.json',
        ]),
      );
      expect(
        files.filter((f) => /^(main|workers|renderer|test|node_modules)\//.test(f) || f.endsWith('.ts')),
      ).toEqual([]);
      const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
        dependencies?: object;
      };
      expect(
        manifest.dependencies ?? {},
        'the CLI bundles everything: an install must not need the registry',
      ).toEqual({});

      const prefix = join(tmp, 'prefix');
      const install = run('npm', [
        'install',
        '-g',
        join(tmp, info.filename),
        '--prefix',
        prefix,
        '--offline',
        '--no-audit',
        '--no-fund',
      ]);
      expect(install.status, install.stderr).toBe(0);
      const bin = join(prefix, 'bin', 'tms-mapper');
      expect(existsSync(bin)).toBe(true);

      const help = run(bin, ['--help']);
      expect(help.stdout).toMatch(/map \[options\]/);
      expect(help.stdout).toMatch(/batch \[options\] <manifest>/);
      expect(help.stdout).toMatch(/slurm \[options\]/);
      const map = run(bin, [...SMALL, '--out', join(tmp, 'installed-run')]);
      expect(map.status, map.stderr).toBe(0);
      expect(map.stdout).toMatch(/^p2p_FDI\s+E_mag\s+\d+/m);
      expect(readFileSync(join(tmp, 'installed-run', 'hotspots.csv'), 'utf8')).toMatch(
        /^response,qoi,element/,
      );
    },
  );
});

describe('desktop app launcher (resources/bin/tms-mapper)', () => {
  it(
    'runs app.asar/out/main/cli.js with the app executable as Node, also through a symlink on PATH',
    { timeout: 300_000 },
    () => {
      // The installed Linux layout, with Node standing in for the Electron executable (ELECTRON_RUN_AS_NODE makes it one).
      const app = join(tmp, 'TMS Mapper');
      const res = join(app, 'resources');
      mkdirSync(join(res, 'app.asar'), { recursive: true });
      cpSync(join(ROOT, 'out', 'main'), join(res, 'app.asar', 'out', 'main'), { recursive: true });
      writeFileSync(join(res, 'app.asar', 'package.json'), '{"type":"module"}\n');
      symlinkSync(process.execPath, join(app, 'tms-mapper'));
      cpSync(join(ROOT, 'bin', 'desktop'), join(res, 'bin'), { recursive: true });
      chmodSync(join(res, 'bin', 'tms-mapper'), 0o755);
      mkdirSync(join(tmp, 'path'));
      symlinkSync(join(res, 'bin', 'tms-mapper'), join(tmp, 'path', 'tms-mapper'));

      const r = run(join(tmp, 'path', 'tms-mapper'), [...SMALL, '--out', join(tmp, 'launcher-run')]);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^p2p_FDI\s+E_mag\s+\d+/m);
      expect(readFileSync(join(res, 'bin', 'tms-mapper.cmd'), 'utf8')).toContain(
        '"%RES%\\..\\TMS Mapper.exe" "%RES%\\app.asar\\out\\main\\cli.js" %*',
      );
    },
  );
});
