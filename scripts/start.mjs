// `npm start`: build (when stale) and launch the desktop app; without the Electron runtime, say so and point to browser mode.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { electronRuntime } from './electron-check.mjs';
import { buildIfStale } from './build-if-stale.mjs';

const root = resolve(import.meta.dirname, '..');
const rt = electronRuntime(root);
if (!rt.path) {
  console.error(
    `TMS Mapper: the desktop app cannot start: ${rt.reason}.\n` +
      '  The same app runs in your browser without Electron:  npm run serve\n' +
      '  (or install the runtime with network access:  npx install-electron)',
  );
  process.exit(1);
}
buildIfStale(root);
const r = spawnSync(rt.path, ['.', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
