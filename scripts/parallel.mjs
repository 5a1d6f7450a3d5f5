#!/usr/bin/env node
// Runs shell commands at the same time (npm test: the tests ‖ type-check ‖ lint), prints each buffered one's output when it ends, fails if any failed.
//
//   node scripts/parallel.mjs [--live] "<command>" [--nice] "<command>" …
//
// --live: the next command writes straight to the terminal (the test run's progress); at most one.
// --nice: the next command runs at low CPU priority (nice 10; no effect on Windows), so it fills the cores the
// live command leaves idle instead of slowing it: type-check and lint add little wall time beside the tests.
import { spawn } from 'node:child_process';

const commands = [];
let flags = {};
for (const arg of process.argv.slice(2)) {
  if (arg === '--live' || arg === '--nice') flags[arg.slice(2)] = true;
  else {
    commands.push({ cmd: arg, ...flags });
    flags = {};
  }
}
if (commands.length === 0 || commands.filter((c) => c.live).length > 1) {
  process.stderr.write('usage: node scripts/parallel.mjs [--live] "<command>" [--nice] "<command>" …\n');
  process.exit(2);
}
// The commands start without NODE_EXTRA_CA_CERTS: Node 20 parses the certificates it names at every process start
// (nodejs/node#40524; ~0.1 s of CPU each with Debian's bundle, where a bare `node -e 0` takes ~0.03 s), the test
// suite starts hundreds of Node processes (CLI runs, workers, servers) and none of them opens a TLS connection.
// npm ci, which needs the certificates behind a TLS-inspecting proxy, runs before and keeps them.
const env = { ...process.env };
delete env.NODE_EXTRA_CA_CERTS;
const started = performance.now();
const results = await Promise.all(
  commands.map(
    ({ cmd, live, nice }) =>
      new Promise((resolve) => {
        const shellCmd = nice && process.platform !== 'win32' ? `nice -n 10 ${cmd}` : cmd;
        const child = spawn(shellCmd, {
          shell: true,
          env,
          stdio: ['ignore', live ? 'inherit' : 'pipe', live ? 'inherit' : 'pipe'],
        });
        let out = '';
        child.stdout?.on('data', (d) => (out += d));
        child.stderr?.on('data', (d) => (out += d));
        child.on('close', (code, signal) => {
          const seconds = ((performance.now() - started) / 1000).toFixed(1);
          // Whole blocks, never interleaved lines: a failure reads like the command run alone.
          process.stdout.write(`${out}${out && !out.endsWith('\n') ? '\n' : ''}`);
          process.stderr.write(`[${code === 0 ? 'ok' : 'FAILED'} ${seconds} s] ${cmd}\n`);
          resolve(code ?? (signal ? 1 : 0));
        });
      }),
  ),
);
process.exitCode = results.some((c) => c !== 0) ? 1 : 0;
