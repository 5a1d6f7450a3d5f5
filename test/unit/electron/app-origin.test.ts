// Issue 21 defect 1: the window's origin no longer depends on the install path. A table of install folders with
// `~ [ ] %`, spaces, non-ASCII and Windows short names, and the file:// URLs Chromium really showed for them.
import nodePath from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { APP_INDEX_URL, rendererFileFor } from '../../../main/electron/app-protocol';
import { isTrustedUrl, rendererOrigin } from '../../../main/electron/trusted-sender';

/** Install folder of out/renderer → the URL Chromium reported for `loadFile(index.html)` (it keeps ~ [ ] % as typed). */
const INSTALLS: { dir: string; chromiumFileUrl: string; path: typeof nodePath.posix }[] = [
  {
    dir: 'C:\\Users\\MARIAS~1\\AppData\\Local\\Temp\\2x7Yd\\resources\\app.asar\\out\\renderer',
    chromiumFileUrl:
      'file:///C:/Users/MARIAS~1/AppData/Local/Temp/2x7Yd/resources/app.asar/out/renderer/index.html',
    path: nodePath.win32,
  },
  {
    dir: 'D:\\Lab [TMS] 100%\\TMS Mapper\\resources\\app.asar\\out\\renderer',
    chromiumFileUrl: 'file:///D:/Lab%20[TMS]%20100%/TMS%20Mapper/resources/app.asar/out/renderer/index.html',
    path: nodePath.win32,
  },
  {
    dir: '/home/maría/~apps/[lab] 100%/TMS Mapper/resources/app.asar/out/renderer',
    chromiumFileUrl:
      'file:///home/mar%C3%ADa/~apps/[lab]%20100%/TMS%20Mapper/resources/app.asar/out/renderer/index.html',
    path: nodePath.posix,
  },
  {
    dir: '/tmp/.mount_TMS-Ma~1/resources/app.asar/out/renderer',
    chromiumFileUrl: 'file:///tmp/.mount_TMS-Ma~1/resources/app.asar/out/renderer/index.html',
    path: nodePath.posix,
  },
];

describe('renderer origin (app://tms-mapper) for any install path', () => {
  const origin = rendererOrigin(undefined);

  it.each(INSTALLS)(
    '$dir: the page URL is the same, trusted, and maps into the folder',
    ({ dir, chromiumFileUrl, path }) => {
      expect(origin.indexUrl).toBe(APP_INDEX_URL);
      expect(isTrustedUrl(APP_INDEX_URL, origin)).toBe(true);
      expect(rendererFileFor(APP_INDEX_URL, dir, path)).toBe(path.join(dir, 'index.html'));
      expect(rendererFileFor('app://tms-mapper/assets/index-a%5Bb%5D~1.js', dir, path)).toBe(
        path.join(dir, 'assets', 'index-a[b]~1.js'),
      );
      // What the old check did: pathToFileURL's string is not what Chromium reports for these folders.
      if (path === nodePath.posix && /[~[\]%]/.test(dir))
        expect(pathToFileURL(path.join(dir, 'index.html')).href).not.toBe(chromiumFileUrl);
      // No file:// page is trusted any more, not even our own index.html.
      expect(isTrustedUrl(chromiumFileUrl, origin)).toBe(false);
    },
  );

  it.each([
    ['app://tms-mapper/index.html?x=1#/results', true],
    ['app://tms-mapper/', true],
    ['app://tms-mapper/%69ndex.html', true],
    ['app://tms-mapper/other.html', false],
    ['app://tms-mapper.evil/index.html', false],
    ['app://user@tms-mapper/index.html', false],
    ['app://tms-mapper:8080/index.html', false],
    ['https://tms-mapper/index.html', false],
    ['file:///index.html', false],
    ['not a url', false],
  ])('isTrustedUrl(%s) = %s', (url, trusted) => {
    expect(isTrustedUrl(url, origin)).toBe(trusted);
  });

  it.each([
    'app://tms-mapper/..%2f..%2fpackage.json',
    'app://tms-mapper/..%5c..%5cpackage.json',
    'app://tms-mapper/assets/%00.js',
    'app://tms-mapper/%E0%A4%A',
    'app://tms-mapper/C:%5cWindows%5cwin.ini',
    'app://elsewhere/index.html',
  ])('refuses %s', (url) => {
    expect(rendererFileFor(url, 'C:\\TMS\\out\\renderer', nodePath.win32)).toBeNull();
    expect(rendererFileFor(url, '/opt/TMS/out/renderer', nodePath.posix)).toBeNull();
  });

  it('the dev server origin is trusted only in development', () => {
    const dev = rendererOrigin('http://localhost:5173');
    expect(isTrustedUrl('http://localhost:5173/src/main.ts', dev)).toBe(true);
    expect(isTrustedUrl(APP_INDEX_URL, dev)).toBe(false);
  });
});
