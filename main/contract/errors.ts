// Error codes and their one message table; every layer (io, job, CLI, IPC, HTTP, UI) reports failures as AppError.

/** Every error the app can report, with the one-line meaning shown to users. */
export const ERROR_MESSAGES = {
  FILE_NOT_FOUND: 'The file does not exist',
  FILE_NOT_READABLE: 'The file cannot be read (permissions?)',
  NOT_HDF5: 'The file is not an HDF5 file',
  DATASET_MISSING: 'A required dataset is missing from the file',
  BAD_SHAPE: 'A dataset has an unexpected shape',
  BAD_DTYPE: 'A dataset has an unexpected data type',
  ROI_NOT_FOUND: 'The requested ROI is not in the mesh file',
  NO_ROI: 'The file holds no ROI geometry',
  ROI_REQUIRED: 'The mesh file holds several ROIs: choose one',
  INDEX_OUT_OF_RANGE: 'A triangle refers to a node that does not exist',
  ZAP_COUNT_MISMATCH: 'The number of zaps differs between E-field and responses',
  ELEMENT_COUNT_MISMATCH: 'The number of elements differs between E-field and ROI',
  NON_FINITE_E: 'The E-field contains NaN or Inf',
  CSV_PARSE: 'The CSV file cannot be parsed',
  CSV_NOT_NUMERIC: 'A CSV column that must be numeric is not',
  COLUMN_NOT_FOUND: 'A requested column is not in the file',
  PICKLE_PARSE: 'A pandas object block cannot be decoded',
  EMPTY_SELECTION: 'The selection contains no zaps or no elements',
  BAD_ARGUMENT: 'An argument is invalid',
  PERMUTATIONS_EXCEED_ORDERINGS:
    'More permutations were asked for than the responses have distinct orderings',
  RESAMPLING_MEANINGLESS: 'The permutation test or bootstrap cannot say anything with these options',
  OUTPUT_EXISTS: 'The output folder already holds results',
  BAD_OUTPUT: 'The output path cannot hold a result folder',
  FILE_CORRUPT: 'The file is truncated or corrupt',
  TOO_LARGE: 'The input is larger than the program accepts',
  BAD_VALUES: 'The data holds values outside the accepted range',
  NO_VARIATION: 'The data does not vary, so nothing can be fitted',
  NOT_A_FILE: 'The path is not a regular file',
  FORBIDDEN: 'The request does not come from the app',
  DISK_FULL: 'The disk is full',
  PERMISSION_DENIED: 'Permission denied',
  WRITE_FAILED: 'Writing the results failed',
  RESULTS_INVALID: 'The folder does not hold readable results',
  JOB_CANCELLED: 'The job was cancelled',
  BATCH_INCOMPLETE: 'Some subjects of the batch have no results',
  SLURM_FAILED: 'The Slurm job did not succeed',
  WORKER_FAILED: 'A worker process failed',
  UNAUTHORIZED: 'The request lacks the session token',
  NOT_FOUND: 'No such resource',
  INTERNAL: 'Internal error',
  POSE_COUNT_MISMATCH: 'The number of coil poses differs from the number of zaps',
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

/** Where an error happened: the file, the place inside it, what was found and what was expected. */
export interface ErrorContext {
  file?: string;
  path?: string;
  found?: string;
  expected?: string;
}

/** The serialisable form that crosses IPC/HTTP: `{ ok: false, code, message }`. */
export interface ErrorPayload {
  ok: false;
  code: ErrorCode;
  message: string;
}

export function formatErrorMessage(code: ErrorCode, ctx: ErrorContext = {}, detail?: string): string {
  const parts: string[] = [ERROR_MESSAGES[code]];
  if (ctx.file) parts.push(`file ${ctx.file}`);
  if (ctx.path) parts.push(`at ${ctx.path}`);
  if (detail) parts.push(detail);
  if (ctx.found !== undefined) parts.push(`found ${ctx.found}`);
  if (ctx.expected !== undefined) parts.push(`expected ${ctx.expected}`);
  return `${code}: ${parts.join('; ')}`;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly context: ErrorContext;

  constructor(code: ErrorCode, ctx: ErrorContext = {}, detail?: string, options?: { cause?: unknown }) {
    super(formatErrorMessage(code, ctx, detail), options);
    this.name = 'AppError';
    this.code = code;
    this.context = ctx;
  }

  toPayload(): ErrorPayload {
    return { ok: false, code: this.code, message: this.message };
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** Turns anything thrown into a payload; unknown errors become INTERNAL with their message kept. */
export function toErrorPayload(e: unknown): ErrorPayload {
  if (isAppError(e)) return e.toPayload();
  const msg = e instanceof Error ? e.message : String(e);
  return { ok: false, code: 'INTERNAL', message: `INTERNAL: ${msg}` };
}
