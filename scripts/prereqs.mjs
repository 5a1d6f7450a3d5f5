#!/usr/bin/env node
// System prerequisites of the test suite (Chromium, a Python with h5py + meshio, Slurm + munge): `check` them or `install` them with apt-get — one list for npm test, npm run setup:system and CI.
// Plain Node, no dependencies: `npm run setup:system` runs before `npm ci` on a fresh machine.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Debian/Ubuntu packages for everything below (plus what `npm ci` needs to build nothing: Node and git come first). */
export const APT_PACKAGES = ['chromium', 'python3-h5py', 'python3-meshio', 'slurm-wlm', 'munge'];

const isExecutable = (p) => {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** First executable of that name on PATH (or the absolute path itself). */
export function which(name, path = process.env.PATH ?? '') {
  if (name.includes('/')) return isExecutable(name) ? name : null;
  for (const dir of path.split(delimiter)) {
    if (dir && isExecutable(join(dir, name))) return join(dir, name);
  }
  return null;
}

/** $CHROMIUM_PATH when set (only that), else Debian's /usr/bin/chromium, Ubuntu's chromium-browser or the snap. */
export function findChromium() {
  const candidates = process.env.CHROMIUM_PATH
    ? [process.env.CHROMIUM_PATH]
    : ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/snap/bin/chromium'];
  return { path: candidates.find(isExecutable) ?? null, tried: candidates };
}

/** $PYTHON when set (only that), else /usr/bin/python3 (Debian's h5py/meshio; a pyenv shim on PATH often lacks them), then python3 on PATH. */
export function findPython() {
  const candidates = process.env.PYTHON ? [process.env.PYTHON] : ['/usr/bin/python3', 'python3'];
  for (const c of candidates) {
    const r = spawnSync(c, ['-c', 'import h5py, meshio, numpy'], { encoding: 'utf8', timeout: 30_000 });
    if (r.status === 0) return { path: c, tried: candidates };
  }
  return { path: null, tried: candidates };
}

/** Slurm's daemons and clients plus munge; the cluster test starts its own daemons, which needs root. */
export function findSlurm() {
  const tools = ['slurmctld', 'slurmd', 'sbatch', 'squeue', 'scontrol', 'munged', 'munge'];
  const path = `${process.env.PATH ?? ''}${delimiter}/usr/sbin${delimiter}/sbin`;
  const found = Object.fromEntries(tools.map((t) => [t, which(t, path)]));
  const missing = tools.filter((t) => !found[t]);
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  return { path: missing.length === 0 && root ? found : null, missing, root, tried: tools };
}

/**
 * One entry per prerequisite: what it is for, how to get it, and the test files that need it (globs relative to
 * the repository). vitest.config.ts leaves those files out when the prerequisite is missing (outside CI) and the
 * summary reporter lists them as SKIPPED with the reason.
 */
export const PREREQS = [
  {
    id: 'chromium',
    what: 'Chromium (browser-mode UI tests)',
    apt: ['chromium'],
    elsewhere:
      'install Chromium or Google Chrome and set CHROMIUM_PATH=/path/to/chrome (Ubuntu: the snap, /snap/bin/chromium)',
    tests: ['test/e2e/*-browser.test.ts'],
    find: findChromium,
  },
  {
    id: 'python',
    what: 'Python 3 with h5py and meshio (results read back by h5py/meshio)',
    apt: ['python3-h5py', 'python3-meshio'],
    elsewhere: 'python3 -m pip install h5py meshio, then set PYTHON=/path/to/that/python3',
    tests: ['test/integration/results-interop.test.ts'],
    find: findPython,
  },
  {
    id: 'slurm',
    what: 'Slurm + munge, run as root (the real single-node cluster test)',
    apt: ['slurm-wlm', 'munge'],
    elsewhere:
      'install Slurm (slurmctld, slurmd, sbatch) and munge from your distribution; the test must run as root',
    tests: ['test/integration/slurm-run.test.ts'],
    find: findSlurm,
  },
];

/** The install command for the given prerequisites on Debian/Ubuntu. */
export function aptCommand(prereqs = PREREQS) {
  const pkgs = [...new Set(prereqs.flatMap((p) => p.apt))];
  return `sudo apt-get install -y --no-install-recommends ${pkgs.join(' ')}`;
}

/** Every prerequisite with its status and, when missing, why. */
export function checkAll() {
  return PREREQS.map((p) => {
    const r = p.find();
    let reason = null;
    if (!r.path) {
      if (p.id === 'slurm' && r.missing.length === 0)
        reason = 'Slurm is installed but the test is not running as root';
      else if (p.id === 'slurm') reason = `missing ${r.missing.join(', ')}`;
      else reason = `not found (tried ${r.tried.join(', ')})`;
    }
    return { ...p, ok: !!r.path, found: r.path, reason };
  });
}

/** True when running under CI, where a missing prerequisite is an error, never a skip. */
export const inCi = () => /^(1|true|yes)$/i.test(process.env.CI ?? '');

function report(results, out = process.stderr) {
  const missing = results.filter((r) => !r.ok);
  if (missing.length === 0) {
    out.write(`System prerequisites: all present (${results.map((r) => r.id).join(', ')}).\n`);
    return;
  }
  const lines = [
    `System prerequisites missing (${missing.length} of ${results.length}):`,
    ...missing.map((r) => `  - ${r.what}: ${r.reason}\n      elsewhere: ${r.elsewhere}`),
    `  Debian/Ubuntu: ${aptCommand(missing.filter((r) => !(r.id === 'slurm' && r.reason?.includes('root'))))}`,
    '                (or: npm run setup:system, which installs all of them)',
    inCi()
      ? '  CI=true: a missing prerequisite fails the run.'
      : `  These test files will be SKIPPED (listed again at the end, never counted as passed): ${missing
          .flatMap((r) => r.tests)
          .join(', ')}`,
  ];
  out.write(`${lines.join('\n')}\n`);
}

function install() {
  if (!which('apt-get')) {
    process.stderr.write(
      `No apt-get here: install these yourself —\n${PREREQS.map((p) => `  - ${p.what}: ${p.elsewhere}`).join('\n')}\n`,
    );
    return 1;
  }
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const sudo = root ? [] : ['sudo'];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const run = (args) => {
    process.stderr.write(`$ ${[...sudo, ...args].join(' ')}\n`);
    const r = spawnSync(sudo[0] ?? args[0], sudo.length ? args : args.slice(1), { stdio: 'inherit', env });
    return r.status ?? 1;
  };
  return (
    run(['apt-get', 'update', '-qq']) ||
    run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...APT_PACKAGES])
  );
}

const isMain = !!process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  const cmd = process.argv[2] ?? 'check';
  if (cmd === 'install') {
    process.exitCode = install();
  } else if (cmd === 'check') {
    const results = checkAll();
    report(results);
    process.exitCode = inCi() && results.some((r) => !r.ok) ? 1 : 0;
  } else if (cmd === 'packages') {
    process.stdout.write(`${APT_PACKAGES.join(' ')}\n`);
  } else {
    process.stderr.write('usage: node scripts/prereqs.mjs [check|install|packages]\n');
    process.exitCode = 2;
  }
}
