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
  // Errors of other clients (tests, the Electron bridge) may carry a code without being an ApiError.
  const code = e && typeof e === 'object' && 'code' in e && typeof e.code === 'string' ? e.code : null;
  if (code && e instanceof Error) return { code: code as ErrorCode, message: e.message };
  return { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) };
}
