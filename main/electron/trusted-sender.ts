// Who may call the gateway: only frames showing our own renderer (app://tms-mapper/index.html, or the dev server in `npm run dev`).
import { APP_HOST, APP_INDEX_URL, APP_SCHEME, decodePath } from './app-protocol';

export interface RendererOrigin {
  /** The page the window loads: app://tms-mapper/index.html (independent of the install path). */
  indexUrl: string;
  /** Vite dev server URL (electron-vite sets ELECTRON_RENDERER_URL), when developing. */
  devUrl: string | null;
}

export function rendererOrigin(devUrl: string | undefined): RendererOrigin {
  return { indexUrl: APP_INDEX_URL, devUrl: devUrl && devUrl.length > 0 ? devUrl : null };
}

/**
 * True for our index page (any query/hash, the path compared after decoding, so `%69ndex.html` is the same
 * page); false for everything else, every file:// page included. Comparing parsed parts, never URL strings,
 * is what the old file:// check got wrong: Chromium and pathToFileURL encode `~ [ ] %` differently.
 */
export function isTrustedUrl(url: string | undefined | null, o: RendererOrigin): boolean {
  if (!url) return false;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (o.devUrl) return u.origin === new URL(o.devUrl).origin;
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST || u.username || u.password || u.port)
    return false;
  const path = decodePath(u.pathname);
  return path === '/index.html' || path === '/';
}
