// Session files (`*.tmsmap`, JSON inside; `*.tmsmap.json` of earlier versions still open): inputs + selection + model written as JSON and checked on reading.
import { readFile, stat, writeFile } from 'node:fs/promises';
import { AppError, session as checkSession } from '../contract';
import type { SessionFile } from '../contract';
import { writeAtomically } from '../io/atomic-write';

// One extension, because Windows and macOS associate files with their last extension only.
export const SESSION_SUFFIX = '.tmsmap';

export async function fileExists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Writes bytes or text to a file atomically; refuses to replace an existing file unless `overwrite`. */
export async function writeFileChecked(
  path: string,
  data: string | Uint8Array,
  overwrite: boolean,
): Promise<number> {
  if (!overwrite && (await fileExists(path))) {
    throw new AppError('OUTPUT_EXISTS', {
      file: path,
      found: 'an existing file',
      expected: 'confirmation to overwrite',
    });
  }
  await writeAtomically(path, (tmp) => writeFile(tmp, data));
  return typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
}

export async function writeSession(path: string, s: SessionFile, overwrite: boolean): Promise<number> {
  return writeFileChecked(path, `${JSON.stringify(s, null, 2)}\n`, overwrite);
}

export async function readSession(path: string): Promise<SessionFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new AppError(
      code === 'ENOENT' ? 'FILE_NOT_FOUND' : 'FILE_NOT_READABLE',
      { file: path },
      undefined,
      { cause: e },
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new AppError(
      'BAD_ARGUMENT',
      { file: path, found: 'text that is not JSON', expected: 'a .tmsmap session (JSON)' },
      undefined,
      { cause: e },
    );
  }
  try {
    return checkSession(parsed, '');
  } catch (e) {
    if (e instanceof AppError)
      throw new AppError('BAD_ARGUMENT', { ...e.context, file: path }, 'not a valid session file', {
        cause: e,
      });
    throw e;
  }
}
