// Safe writes: every result file goes to a temporary name in the same folder and is renamed into place.
import { randomBytes } from 'node:crypto';
import { renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { AppError } from '../contract';

/** Prefix of every temporary file the program writes: a later run removes such leftovers of a killed one, and only those. */
const TEMP_PREFIX = '.tms-mapper-tmp-';

/** A temporary sibling of `finalPath` (same folder, so the rename is atomic on one file system). */
export function tempPathFor(finalPath: string): string {
  return join(dirname(finalPath), `${TEMP_PREFIX}${randomBytes(4).toString('hex')}-${basename(finalPath)}`);
}

/** True for the name of a temporary file made by tempPathFor. */
export function isOwnTempName(name: string): boolean {
  return /^\.tms-mapper-tmp-[0-9a-f]{8}-/.test(name);
}

/** Maps file-system errors to coded AppErrors naming the file. */
export function fsErrorToAppError(e: unknown, file: string): AppError {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOSPC') return new AppError('DISK_FULL', { file }, undefined, { cause: e });
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
    return new AppError('PERMISSION_DENIED', { file }, undefined, { cause: e });
  if (e instanceof AppError) return e;
  return new AppError('WRITE_FAILED', { file }, e instanceof Error ? e.message : String(e), { cause: e });
}

/**
 * Runs `write(tmpPath)` and renames the result to `finalPath`. On any failure the temporary
 * file is removed and the previous `finalPath` (if any) is left untouched.
 */
export async function writeAtomically(
  finalPath: string,
  write: (tmpPath: string) => Promise<void> | void,
): Promise<void> {
  const tmp = tempPathFor(finalPath);
  try {
    await write(tmp);
    renameSync(tmp, finalPath);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw fsErrorToAppError(e, finalPath);
  }
}
