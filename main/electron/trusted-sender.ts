// Who may call the gateway: only frames showing our own renderer (the packaged index.html, or the dev server in `npm run dev`).
import { pathToFileURL } from 'node:url';

export interface RendererOrigin {
  /** file:// URL of out/renderer/index.html. */
  indexUrl: string;
  /** Vite dev server URL (electron-vite sets ELECTRON_RENDERER_URL), when developing. */
  devUrl: string | null;
}

export function rendererOrigin(indexHtml: string, devUrl: string | undefined): RendererOrigin {
  return { indexUrl: pathToFileURL(indexHtml).href, devUrl: devUrl && devUrl.length > 0 ? devUrl : null };
}

/** True for our index page (any query/hash); false for everything else, including other file:// pages. */
export function isTrustedUrl(url: string | undefined | null, o: RendererOrigin): boolean {
  if (!url) return false;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  const bare = `${u.protocol}//${u.host}${u.pathname}`;
  if (bare === o.indexUrl) return true;
  if (o.devUrl) {
    const d = new URL(o.devUrl);
    return u.origin === d.origin;
  }
  return false;
}
