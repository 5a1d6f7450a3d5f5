// Whether the Electron runtime is installed, decided without require('electron') (which would try to download it).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The Electron executable, or null with the reason when it is not installed (offline installs, CI, servers). */
export function electronRuntime(root) {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH)
    return { path: process.env.ELECTRON_OVERRIDE_DIST_PATH, reason: null };
  const dir = join(root, 'node_modules', 'electron');
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(dir)) return { path: null, reason: 'the electron package is not installed' };
  if (!existsSync(pathFile))
    return { path: null, reason: 'the Electron binary was never downloaded (no network at install time?)' };
  const exe = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(exe) ? { path: exe, reason: null } : { path: null, reason: `${exe} is missing` };
}
