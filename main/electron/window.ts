// The one app window, locked down: isolated sandboxed renderer, strict CSP, no navigation, no new windows, no permissions.
import type { BrowserWindow as BrowserWindowType, Session, WebContents } from 'electron';
import { BrowserWindow } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../api/csp';
import type { RendererOrigin } from './trusted-sender';
import { isTrustedUrl } from './trusted-sender';
import { APP_ORIGIN } from './app-protocol';

export const WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  spellcheck: false,
} as const;

/** CSP on every response (the app:// handler and the page's meta tag carry it too); everything is denied that we do not use. */
export function lockDownSession(ses: Session, origin: RendererOrigin): void {
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  // No remote content and no file:// at all: any request that is neither app://tms-mapper/ nor the dev server is cancelled.
  ses.webRequest.onBeforeRequest((details, callback) => {
    const u = details.url;
    const ok =
      u.startsWith(`${APP_ORIGIN}/`) ||
      u.startsWith('devtools://') ||
      u.startsWith('data:') ||
      u.startsWith('blob:') ||
      (origin.devUrl !== null && isTrustedUrl(u, origin));
    callback({ cancel: !ok });
  });
}

export function lockDownContents(wc: WebContents, origin: RendererOrigin): void {
  wc.on('will-navigate', (ev, url) => {
    if (!isTrustedUrl(url, origin)) ev.preventDefault();
  });
  wc.on('will-redirect', (ev, url) => {
    if (!isTrustedUrl(url, origin)) ev.preventDefault();
  });
  wc.on('will-attach-webview', (ev) => ev.preventDefault());
  wc.setWindowOpenHandler(() => ({ action: 'deny' }));
}

export function createMainWindow(preload: string, origin: RendererOrigin): BrowserWindowType {
  const win = new BrowserWindow({
    width: 1320,
    height: 900,
    minWidth: 960,
    minHeight: 640,
    title: 'TMS Mapper',
    show: false,
    webPreferences: { ...WEB_PREFERENCES, preload },
  });
  lockDownContents(win.webContents, origin);
  win.once('ready-to-show', () => win.show());
  return win;
}
