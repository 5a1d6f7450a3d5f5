// scripts/prereqs.mjs: a missing prerequisite prints the Debian/Ubuntu install line and what to do elsewhere; it fails the run only under CI=true.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APT_PACKAGES, aptCommand, PREREQS } from '../../scripts/prereqs.mjs';

const SCRIPT = resolve(import.meta.dirname, '../../scripts/prereqs.mjs');
const check = (env: NodeJS.ProcessEnv): { status: number | null; stderr: string } =>
  spawnSync(process.execPath, [SCRIPT, 'check'], { env: { ...process.env, ...env }, encoding: 'utf8' });

describe('system prerequisites', () => {
  it('names the install command and the suites it will skip when Chromium is missing (exit 0 outside CI)', () => {
    const r = check({ CHROMIUM_PATH: '/nonexistent/chromium', CI: '' });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(
      /Chromium \(browser-mode UI tests\): not found \(tried \/nonexistent\/chromium\)/,
    );
    expect(r.stderr).toContain('Debian/Ubuntu: sudo apt-get install -y --no-install-recommends chromium\n');
    expect(r.stderr).toMatch(/will be SKIPPED .*test\/e2e\/\*-browser\.test\.ts/);
  });

  it('fails under CI=true', () => {
    const r = check({ CHROMIUM_PATH: '/nonexistent/chromium', CI: 'true' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('CI=true: a missing prerequisite fails the run.');
  });

  it('installs exactly the packages the checks name (one list for npm run setup:system and CI)', () => {
    expect([...new Set(PREREQS.flatMap((p) => p.apt))].sort()).toEqual([...APT_PACKAGES].sort());
    expect(aptCommand()).toBe(`sudo apt-get install -y --no-install-recommends ${APT_PACKAGES.join(' ')}`);
    expect(APT_PACKAGES).toEqual(
      expect.arrayContaining(['chromium', 'python3-h5py', 'python3-meshio', 'slurm-wlm', 'munge']),
    );
  });
});
