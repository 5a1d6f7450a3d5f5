// Where the app's own files are, in development and packaged: the one helper every process uses.
import { existsSync } from 'node:fs';
import nodePath from 'node:path';
import { AppError } from './contract';

type PathApi = Pick<typeof nodePath, 'join' | 'resolve' | 'dirname' | 'parse'>;

export interface AppPaths {
  /** True when running from `…/resources/app.asar` (an installed or unpacked build). */
  packaged: boolean;
  /** The folder holding package.json and out/: the repository in development, `…/resources/app.asar` packaged. */
  appRoot: string;
  /** Electron's resources folder (app.asar, app.asar.unpacked, extra resources); null in development. */
  resourcesDir: string | null;
  /** Folder holding the built main-side bundles (cli.js, server.js, worker.js, index.js). */
  mainDir: string;
  workerEntry: string;
  cliEntry: string;
  serverEntry: string;
  rendererDir: string;
  rendererIndex: string;
  preload: string;
  /** Icons and other files shipped as-is: `<repo>/assets` in development, `resources/assets` packaged. */
  assetsDir: string;
  /** The 512 px PNG icon (window icon on Linux). */
  iconPng: string;
}

export interface AppLocation {
  appRoot: string;
  packaged: boolean;
  resourcesDir: string | null;
}

/**
 * Finds the app root from the folder of any running module, by its path alone (Node cannot list the
 * inside of app.asar, so no probing there):
 * - inside `app.asar` or `app.asar.unpacked` → packaged; the root is `…/app.asar`;
 * - inside `<root>/out/{main,preload,renderer}` (a built bundle or chunk) → `<root>`;
 * - otherwise (source run by tsx or Vitest) → the nearest ancestor holding package.json.
 */
export function locateApp(
  fromDir: string,
  path: PathApi = nodePath,
  exists: (p: string) => boolean = existsSync,
): AppLocation {
  const dir = path.resolve(fromDir);
  const { root } = path.parse(dir);
  const parts = dir
    .slice(root.length)
    .split(/[\\/]+/)
    .filter(Boolean);
  const at = (n: number): string => path.join(root, ...parts.slice(0, n));

  for (let i = parts.length - 1; i >= 0; i--) {
    if (parts[i] === 'app.asar' || parts[i] === 'app.asar.unpacked') {
      const resourcesDir = at(i);
      return { appRoot: path.join(resourcesDir, 'app.asar'), packaged: true, resourcesDir };
    }
  }
  for (let i = parts.length - 2; i >= 0; i--) {
    if (parts[i] === 'out' && ['main', 'preload', 'renderer'].includes(parts[i + 1])) {
      return { appRoot: at(i), packaged: false, resourcesDir: null };
    }
  }
  for (let d = dir; ; d = path.dirname(d)) {
    if (exists(path.join(d, 'package.json'))) return { appRoot: d, packaged: false, resourcesDir: null };
    if (path.dirname(d) === d) break;
  }
  throw new AppError('FILE_NOT_FOUND', {
    file: path.join(dir, 'package.json'),
    found: `no package.json in ${dir} or any folder above it`,
    expected: 'a module of TMS Mapper (out/main, resources/app.asar or the source tree)',
  });
}

/**
 * Resolves the built files from the folder of the running module (`import.meta.dirname`).
 * `resourcesPath` is Electron's process.resourcesPath when packaged; it wins over the one derived
 * from the path (they agree in a normal install).
 */
export function appPaths(
  bundleDir: string,
  resourcesPath?: string,
  path: PathApi = nodePath,
  exists: (p: string) => boolean = existsSync,
): AppPaths {
  const loc = locateApp(bundleDir, path, exists);
  const resourcesDir = loc.packaged ? (resourcesPath ? path.resolve(resourcesPath) : loc.resourcesDir) : null;
  const outDir = path.join(loc.appRoot, 'out');
  const mainDir = path.join(outDir, 'main');
  const rendererDir = path.join(outDir, 'renderer');
  const assetsDir = resourcesDir ? path.join(resourcesDir, 'assets') : path.join(loc.appRoot, 'assets');
  const unpacked = (p: string): string => preferUnpacked(p, path, exists);
  return {
    packaged: loc.packaged,
    appRoot: loc.appRoot,
    resourcesDir,
    mainDir,
    workerEntry: unpacked(path.join(mainDir, 'worker.js')),
    cliEntry: unpacked(path.join(mainDir, 'cli.js')),
    serverEntry: unpacked(path.join(mainDir, 'server.js')),
    rendererDir,
    rendererIndex: path.join(rendererDir, 'index.html'),
    preload: path.join(outDir, 'preload', 'index.cjs'),
    assetsDir,
    iconPng: path.join(assetsDir, 'icon.png'),
  };
}

/**
 * Plain Node cannot read inside app.asar: prefer an `app.asar.unpacked` copy when the build made one
 * (electron-builder's asarUnpack). Electron's own processes read either.
 */
export function preferUnpacked(
  p: string,
  path: PathApi = nodePath,
  exists: (p: string) => boolean = existsSync,
): string {
  const unpacked = p.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
  return unpacked !== p && exists(unpacked) ? path.resolve(unpacked) : p;
}

/**
 * Checks that the files a window and a job need are there, so a half-built tree or a damaged install
 * fails with the missing file named instead of a blank window. Use an asar-aware `exists` (Electron's
 * fs) for packaged paths.
 */
export function checkAppFiles(paths: AppPaths, exists: (p: string) => boolean = existsSync): void {
  const hint = paths.packaged ? 'reinstall TMS Mapper' : 'run "npm run build"';
  for (const file of [paths.workerEntry, paths.preload, paths.rendererIndex]) {
    if (!exists(file)) {
      throw new AppError('FILE_NOT_FOUND', { file, expected: `the app's built file (${hint})` });
    }
  }
}
