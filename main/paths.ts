// Where the app's own files are, in development and packaged: the one helper every process uses.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export interface AppPaths {
  /** Folder holding the built main-side bundles (cli.js, server.js, worker.js, index.js). */
  mainDir: string;
  workerEntry: string;
  rendererDir: string;
  preload: string;
  assetsDir: string;
}

/**
 * Resolves the built files relative to the running bundle (`out/main/*.js`, or the same inside
 * `app.asar`). `resourcesPath` is Electron's process.resourcesPath when packaged: asar-unpacked
 * files and extra resources live beside app.asar there.
 */
export function appPaths(bundleDir: string, resourcesPath?: string): AppPaths {
  const mainDir = resolve(bundleDir);
  const outDir = dirname(mainDir);
  const appRoot = dirname(outDir);
  const packaged = !!resourcesPath && mainDir.includes('app.asar');
  const assetsDir = packaged ? join(resourcesPath, 'assets') : join(appRoot, 'assets');
  return {
    mainDir,
    workerEntry: unpackedIfPresent(join(mainDir, 'worker.js')),
    rendererDir: join(outDir, 'renderer'),
    preload: join(outDir, 'preload', 'index.cjs'),
    assetsDir,
  };
}

/** Plain Node cannot read inside app.asar: prefer the app.asar.unpacked copy when there is one. */
function unpackedIfPresent(p: string): string {
  const unpacked = p.replace(/app\.asar([\\/])/, 'app.asar.unpacked$1');
  return unpacked !== p && existsSync(unpacked) ? unpacked : p;
}
