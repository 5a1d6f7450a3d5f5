// Runs `electron-vite build` only when a source file is newer than the last build (npm run serve/start used to rebuild every time).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const SOURCES = ['main', 'renderer', 'workers', 'assets'];
const CONFIGS = ['package.json', 'package-lock.json', 'electron.vite.config.ts', 'tsconfig.base.json'];
const OUTPUTS = ['out/main/server.js', 'out/main/index.js', 'out/main/worker.js', 'out/renderer/index.html'];

function newest(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let t = st.mtimeMs;
  for (const name of readdirSync(path))
    if (name !== 'node_modules') t = Math.max(t, newest(join(path, name)));
  return t;
}

/** True when out/ is complete and no source or build config changed after it was written. */
export function buildIsFresh(root) {
  const outs = OUTPUTS.map((f) => join(root, f));
  if (!outs.every((f) => existsSync(f))) return false;
  const built = Math.min(...outs.map((f) => statSync(f).mtimeMs));
  const src = Math.max(...[...SOURCES, ...CONFIGS].map((p) => newest(join(root, p))));
  return src <= built;
}

export function buildIfStale(root) {
  if (buildIsFresh(root)) {
    console.log('TMS Mapper: the build in out/ is up to date (no rebuild).');
    return;
  }
  const r = spawnSync(process.platform === 'win32' ? 'npx.cmd' : 'npx', ['electron-vite', 'build'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

// `node scripts/build-if-stale.mjs` (npm test): build once, or not at all when out/ is current.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  buildIfStale(resolve(import.meta.dirname, '..'));
