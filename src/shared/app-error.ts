import { ERROR_CATALOG, type ErrorCode } from './error-catalog.js';

/** The one error type every domain throws; the HTTP layer maps its code to a status. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;
  /** True when this is a refusal stored for an idempotency key and raised again for its replay. */
  readonly replayed: boolean;

  constructor(
    code: ErrorCode,
    message?: string,
    details?: Record<string, unknown>,
    options: { readonly replayed?: boolean } = {},
  ) {
    super(message ?? ERROR_CATALOG[code].message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
    this.replayed = options.replayed ?? false;
  }

  /** The HTTP status the catalog assigns to this error's code. */
  get status(): number {
    return ERROR_CATALOG[this.code].status;
  }
}

/** A refusal as a value (a screen's or a guard's answer), thrown as an AppError where it is final. */
export interface Refusal {
  readonly code: ErrorCode;
  readonly message?: string;
  readonly details?: Record<string, unknown>;
}

/** The AppError a refusal is thrown as. */
export function refusalError(refusal: Refusal): AppError {
  return new AppError(refusal.code, refusal.message, refusal.details);
}

/** True when `error` is an AppError, optionally with the given code. */
export function isAppError(error: unknown, code?: ErrorCode): error is AppError {
  return error instanceof AppError && (code === undefined || error.code === code);
}
