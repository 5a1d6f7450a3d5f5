// The error a verb call rejects with: the backend's code and message, shown by the one app error handler.
import type { ErrorCode, ErrorPayload } from '../../../main/contract';

export class ApiError extends Error {
  readonly code: ErrorCode;
  constructor(payload: Pick<ErrorPayload, 'code' | 'message'>) {
    super(payload.message);
    this.name = 'ApiError';
    this.code = payload.code;
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

/** Code + message of anything thrown (unknown errors are INTERNAL). */
export function describeError(e: unknown): { code: ErrorCode; message: string } {
  if (isApiError(e)) return { code: e.code, message: e.message };
  return { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) };
}
