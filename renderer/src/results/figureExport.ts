// Pure helpers of figure export: file names, data-URL → bytes, and the PNG header check used to verify a size.
import type { ToImgopts } from 'plotly.js-dist-min';

export type FigureFormat = 'png' | 'svg';

/** A figure the export dialog offers. */
export interface FigureChoice {
  id: string;
  label: string;
  /** Words of the default file name (kind, muscle, QOI, element …). */
  nameParts: (string | number | null)[];
}

/** A table the export dialog offers. */
export interface TableChoice {
  id: string;
  label: string;
  fileName: string;
}

export interface FigureImageOptions {
  format: FigureFormat;
  width: number;
  height: number;
  scale: number;
}

/** What a figure component exposes to its parent for exporting. */
export interface FigureImageSource {
  toImage(opts: ToImgopts): Promise<string>;
}

/** Decodes what Plotly.toImage returns (base64 PNG, or URL-encoded/base64 SVG data URL) into file bytes. */
export function dataUrlToBytes(url: string): Uint8Array {
  const comma = url.indexOf(',');
  if (!url.startsWith('data:') || comma < 0) throw new Error('not a data URL');
  const head = url.slice(5, comma);
  const body = url.slice(comma + 1);
  if (head.endsWith(';base64')) {
    const bin = atob(body);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }
  return new TextEncoder().encode(decodeURIComponent(body));
}

/** Width and height from a PNG's IHDR chunk, or null when the bytes are not a PNG. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } | null {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length < 24 || sig.some((b, i) => bytes[i] !== b)) return null;
  if (String.fromCharCode(bytes[12], bytes[13], bytes[14], bytes[15]) !== 'IHDR') return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** A file name that says what the figure shows: score-map_FDI_E_mag.png. */
export function figureFileName(
  kind: string,
  parts: (string | number | null | undefined)[],
  format: FigureFormat,
): string {
  const clean = [kind, ...parts]
    .filter((p) => p !== null && p !== undefined && p !== '')
    .map((p) => String(p).replace(/[^A-Za-z0-9._-]+/g, '-'))
    .join('_');
  return `${clean}.${format}`;
}

/** Joins a folder and a file name with the folder's own separator (POSIX or Windows paths). */
export function joinPath(dir: string, name: string): string {
  if (!dir) return name;
  const sep = dir.includes('\\') && !dir.includes('/') ? '\\' : '/';
  return dir.endsWith(sep) ? `${dir}${name}` : `${dir}${sep}${name}`;
}

/** Figure sizes a journal asks for, in pixels at the export scale (single/double column at ~300 dpi ÷ scale). */
export const FIGURE_PRESETS: { label: string; width: number; height: number }[] = [
  { label: 'Screen 1200 × 900', width: 1200, height: 900 },
  { label: 'Single column 1063 × 800', width: 1063, height: 800 },
  { label: 'Double column 2244 × 1400', width: 2244, height: 1400 },
  { label: 'Square 1000 × 1000', width: 1000, height: 1000 },
];

/**
 * Where the export dialog starts: the last output folder when this server may write there (browser mode keeps
 * to its root; a folder remembered from another session elsewhere would be refused), else a fresh
 * `tms-mapper-results` folder under the root, never the root itself (it holds the user's data).
 */
export function defaultExportFolder(o: { lastOutputDir: string | null; browseRoot: string | null }): string {
  const root = o.browseRoot;
  const last = o.lastOutputDir;
  if (last && (!root || last === root || last.startsWith(root.endsWith('/') ? root : `${root}/`)))
    return last === root ? joinPath(root, 'tms-mapper-results') : last;
  return root ? joinPath(root, 'tms-mapper-results') : (last ?? '');
}

/** The file name part of a path (messages name the file the user chose, not internal temporary names). */
export function baseName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).at(-1) ?? path;
}

/** An error message without the writer's hidden temporary names (.name.png.1a2b3c4d.tmp → name.png). */
export function userFacingMessage(message: string): string {
  return message.replace(/([\\/])\.([^\\/\s]+?)\.[0-9a-f]{8}\.tmp\b/g, '$1$2');
}
