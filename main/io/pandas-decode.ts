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
    return new Parser().parse(bytes);
  } catch (e) {
    throw new AppError('PICKLE_PARSE', { file, path }, e instanceof Error ? e.message : String(e), {
      cause: e,
    });
  }
}

/** Values of a string-ish typed/array dataset value as JS strings. */
export function toStrings(v: unknown): string[] {
  if (Array.isArray(v))
    return v.map((x) => (x instanceof Uint8Array ? Buffer.from(x).toString('utf8') : String(x)));
  if (typeof v === 'string') return [v];
  throw new AppError('BAD_DTYPE', { found: typeof v, expected: 'strings' });
}
