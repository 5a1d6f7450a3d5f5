// The renderer's own origin, app://tms-mapper/: a privileged standard scheme served from out/renderer, so the page
// URL never contains the install path and no file:// page is ever trusted.
import { pathToFileURL } from 'node:url';
import nodePath, { extname } from 'node:path';
import type { Net, Protocol } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../api/csp';

export const APP_SCHEME = 'app';
export const APP_HOST = 'tms-mapper';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/**
 * Before 'ready' (Electron throws later): standard (relative URLs, an origin for CSP 'self'), secure (a secure
 * context like https), fetch allowed. No bypassCSP, no CORS widening, no service workers.
 */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Percent-decoding that refuses malformed escapes instead of throwing. */
export function decodePath(pathname: string): string | null {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return null;
  }
}

/**
 * The file inside `rendererDir` an app:// URL names, or null (another host, a malformed or encoded escape
 * attempt: `..` after decoding, a backslash, a NUL). The URL holds only the part below out/renderer, so
 * characters of the install path (`~`, `[`, `]`, `%`, spaces, Windows short names) never meet URL encoding.
 */
export function rendererFileFor(
  url: string,
  rendererDir: string,
  path: Pick<typeof nodePath, 'resolve' | 'relative' | 'isAbsolute'> = nodePath,
): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return null;
  const decoded = decodePath(u.pathname);
  if (decoded === null || decoded.includes('\\') || decoded.includes('\0')) return null;
  const rel = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  if (rel.split('/').some((seg) => seg === '..')) return null;
  const root = path.resolve(rendererDir);
  const abs = path.resolve(root, ...rel.split('/'));
  const inside = path.relative(root, abs);
  return inside !== '' && !inside.startsWith('..') && !path.isAbsolute(inside) ? abs : null;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};

/** Serves out/renderer under app://tms-mapper/ with the app's CSP on every response; anything else is a 404. */
export function handleAppProtocol(
  protocol: Pick<Protocol, 'handle'>,
  net: Pick<Net, 'fetch'>,
  rendererDir: string,
): void {
  protocol.handle(APP_SCHEME, async (req) => {
    const file = rendererFileFor(req.url, rendererDir);
    const notFound = (): Response => new Response('Not found', { status: 404 });
    if (!file) return notFound();
    let res: Response;
    try {
      res = await net.fetch(pathToFileURL(file).href);
    } catch {
      return notFound();
    }
    if (!res.ok) return notFound();
    return new Response(res.body, {
      status: 200,
      headers: {
        'content-type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'x-content-type-options': 'nosniff',
      },
    });
  });
}
