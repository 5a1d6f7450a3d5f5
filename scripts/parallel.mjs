#!/usr/bin/env node
// Runs shell commands at the same time (npm test: type-check ‖ lint, both single-threaded), prints each one's output when it ends, fails if any failed.
import { spawn } from 'node:child_process';

const commands = process.argv.slice(2);
if (commands.length === 0) {
  process.stderr.write('usage: node scripts/parallel.mjs "<command>" "<command>" …\n');
  process.exit(2);
}
const started = performance.now();
const results = await Promise.all(
  commands.map(
    (cmd) =>
      new Promise((resolve) => {
        const child = spawn(cmd, { shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (out += d));
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
