// scripts/parallel.mjs (npm test's runner): every command's exit counts, and the commands start without NODE_EXTRA_CA_CERTS.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SCRIPT = resolve(import.meta.dirname, '../../scripts/parallel.mjs');
const run = (...args: string[]) =>
  spawnSync(process.execPath, [SCRIPT, ...args], {
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/ca-certificates.crt', TMS_PROBE: 'kept' },
  });
const printEnv = `node -e "console.log('ca=' + process.env.NODE_EXTRA_CA_CERTS + ' probe=' + process.env.TMS_PROBE)"`;

describe('scripts/parallel.mjs', () => {
  it('runs the commands without NODE_EXTRA_CA_CERTS (Node 20 parses it at every start) and keeps the rest', () => {
    const r = run('--live', printEnv, '--nice', printEnv);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual(['ca=undefined probe=kept', 'ca=undefined probe=kept']);
    expect(r.stderr).toMatch(/^\[ok [\d.]+ s\] node -e/m);
  });

  it('fails when any command fails, naming it', () => {
    const r = run('node -e "process.exit(0)"', '--nice', 'node -e "process.exit(3)"');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^\[FAILED [\d.]+ s\] node -e "process.exit\(3\)"/m);
  });
});
