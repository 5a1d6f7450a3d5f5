// Decoding helpers for pandas HDFStore files: string attributes, pickles (parsed, never executed), string arrays.
import { Parser } from 'pickleparser';
import { AppError } from '../contract';

/** A string attribute (bytes or str), or null when absent. */
export function attrString(obj: { attrs: Record<string, { value: unknown }> }, name: string): string | null {
  const a = obj.attrs[name] as { value: unknown } | undefined;
  if (!a) return null;
  const v = a.value;
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return Buffer.from(v).toString('latin1');
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  return null;
}

/** Parses a pickle without executing anything (pickleparser builds plain objects for every class). */
export function unpickle(bytes: Uint8Array, file: string, path: string): unknown {
  try {
    const value = new Parser().parse(bytes);
    const depth = nestingDepth(value, MAX_PICKLE_DEPTH);
    if (depth > MAX_PICKLE_DEPTH)
      throw new AppError('PICKLE_PARSE', {
        file,
        path,
        found: `objects nested more than ${MAX_PICKLE_DEPTH} deep`,
        expected: 'a pandas object block (a flat array of labels)',
      });
    return value;
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('PICKLE_PARSE', { file, path }, e instanceof Error ? e.message : String(e), {
      cause: e,
    });
  }
}

/** pandas object blocks are flat arrays of strings; anything this deep is hostile (and would overflow the stack later). */
const MAX_PICKLE_DEPTH = 64;

/** Depth of nested arrays/objects/maps/sets, measured without recursion; stops counting past `limit`. */
function nestingDepth(root: unknown, limit: number): number {
  const seen = new Set<unknown>();
  const stack: [unknown, number][] = [[root, 0]];
  let most = 0;
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v) || seen.has(v)) continue;
    seen.add(v);
    most = Math.max(most, d + 1);
    if (most > limit) return most;
    const children: unknown[] =
      v instanceof Map ? [...v.keys(), ...v.values()] : v instanceof Set ? [...v] : Object.values(v);
    for (const c of children) stack.push([c, d + 1]);
  }
  return most;
}

/** Values of a string-ish typed/array dataset value as JS strings. */
export function toStrings(v: unknown): string[] {
  if (Array.isArray(v))
    return v.map((x) => (x instanceof Uint8Array ? Buffer.from(x).toString('utf8') : String(x)));
  if (typeof v === 'string') return [v];
  throw new AppError('BAD_DTYPE', { found: typeof v, expected: 'strings' });
}
