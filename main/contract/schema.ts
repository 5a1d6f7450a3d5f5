// A tiny runtime schema helper: checks an untrusted payload and returns it typed, or throws BAD_ARGUMENT naming the place.
import { AppError } from './errors';

export type Check<T> = (v: unknown, path: string) => T;

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `array(${v.length})`;
  if (ArrayBuffer.isView(v)) return v.constructor.name;
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'object') return 'object';
  return typeof v === 'number' || typeof v === 'boolean' ? String(v) : typeof v;
}

function fail(path: string, found: unknown, expected: string): never {
  throw new AppError('BAD_ARGUMENT', { path: path || '(payload)', found: describe(found), expected });
}

export const s = {
  string(opts: { min?: number; max?: number } = {}): Check<string> {
    const { min = 0, max = 4096 } = opts;
    return (v, p) =>
      typeof v === 'string' && v.length >= min && v.length <= max
        ? v
        : fail(p, v, `a string of ${min}–${max} characters`);
  },
  number(opts: { int?: boolean; min?: number; max?: number } = {}): Check<number> {
    const { int = false, min = -Infinity, max = Infinity } = opts;
    return (v, p) =>
      typeof v === 'number' && Number.isFinite(v) && (!int || Number.isInteger(v)) && v >= min && v <= max
        ? v
        : fail(p, v, `${int ? 'an integer' : 'a number'} in [${min}, ${max}]`);
  },
  boolean(): Check<boolean> {
    return (v, p) => (typeof v === 'boolean' ? v : fail(p, v, 'true or false'));
  },
  literal<const T extends string>(values: readonly T[]): Check<T> {
    return (v, p) =>
      typeof v === 'string' && (values as readonly string[]).includes(v)
        ? (v as T)
        : fail(p, v, `one of ${values.join(', ')}`);
  },
  optional<T>(c: Check<T>): Check<T | undefined> {
    return (v, p) => (v === undefined ? undefined : c(v, p));
  },
  nullable<T>(c: Check<T>): Check<T | null> {
    return (v, p) => (v === null ? null : c(v, p));
  },
  array<T>(c: Check<T>, opts: { max?: number } = {}): Check<T[]> {
    const { max = 100_000 } = opts;
    return (v, p) => {
      if (!Array.isArray(v) || v.length > max) return fail(p, v, `an array of at most ${max} items`);
      return v.map((x, i) => c(x, `${p}[${i}]`));
    };
  },
  tuple2<A, B>(a: Check<A>, b: Check<B>): Check<[A, B]> {
    return (v, p) =>
      Array.isArray(v) && v.length === 2 ? [a(v[0], `${p}[0]`), b(v[1], `${p}[1]`)] : fail(p, v, 'a pair');
  },
  bytes(opts: { max?: number } = {}): Check<Uint8Array> {
    const { max = 256 * 1024 * 1024 } = opts;
    return (v, p) =>
      v instanceof Uint8Array && v.byteLength <= max ? v : fail(p, v, `Uint8Array of at most ${max} bytes`);
  },
  /** An object with exactly these keys (unknown keys are refused: they hint at a contract mismatch). */
  object<T extends object>(shape: { [K in keyof T]: Check<T[K]> }): Check<T> {
    return (v, p) => {
      if (typeof v !== 'object' || v === null || Array.isArray(v) || ArrayBuffer.isView(v))
        return fail(p, v, 'an object');
      const rec = v as Record<string, unknown>;
      for (const k of Object.keys(rec))
        if (!(k in shape) && rec[k] !== undefined) fail(`${p}.${k}`, rec[k], 'no such field');
      const out: Record<string, unknown> = {};
      for (const [k, check] of Object.entries<Check<unknown>>(shape)) {
        const val = check(rec[k], p ? `${p}.${k}` : k);
        if (val !== undefined) out[k] = val;
      }
      return out as T;
    };
  },
  /** An object with only optional fields of `shape` (for patches). */
  partial<T extends object>(shape: { [K in keyof T]: Check<T[K]> }): Check<Partial<T>> {
    const loose = Object.fromEntries(
      Object.entries(shape).map(([k, c]) => [k, s.optional(c as Check<unknown>)]),
    );
    return s.object(loose) as Check<Partial<T>>;
  },
};
