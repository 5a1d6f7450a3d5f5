// Serves the built renderer's files (index.html, assets) with their content types, never outside its folder.
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
};

export interface StaticFile {
  body: Buffer;
  type: string;
}

/** The file for a URL path, or null (missing, a folder, or an attempt to leave the folder). */
export async function staticFile(rootDir: string, urlPath: string): Promise<StaticFile | null> {
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (rel === '/' || rel === '') rel = '/index.html';
  const abs = normalize(join(rootDir, rel));
  if (!abs.startsWith(rootDir.endsWith(sep) ? rootDir : rootDir + sep)) return null;
  try {
    const st = await stat(abs);
    if (!st.isFile()) return null;
    return {
      body: await readFile(abs),
      type: TYPES[extname(abs).toLowerCase()] ?? 'application/octet-stream',
    };
  } catch {
    return null;
  }
}
