import { DomainError, type ErrorCode } from '../errors';
import type { Logger } from '../platform/logger';
import type { ApiResult } from './types';

// The one place that knows which HTTP status each error code means.
export const ERROR_STATUS = {
  validation_failed: 400,
  unauthenticated: 401,
  invalid_signature: 401,
  origin_refused: 403,
  forbidden: 403,
  mfa_required: 403,
  mfa_setup_required: 403,
  mfa_locked: 423,
  too_many_attempts: 429,
  qbo_sync_user_disabled: 403,
  qbo_sync_invoice_disabled: 403,
  not_found: 404,
  conflict: 409,
  qbo_not_connected: 409,
  qbo_error: 502,
  qbo_throttled: 429,
  qbo_unavailable: 503,
  internal_error: 500,
} satisfies Record<ErrorCode, number>;

export const toErrorResponse = (error: unknown, log: Logger): ApiResult => {
  if (error instanceof DomainError) {
    const status = ERROR_STATUS[error.code];
    if (status >= 500) log.warn('request failed', { code: error.code, error });
    const retryAfter = (error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
    return {
      status,
      headers: retryAfter ? { 'retry-after': String(retryAfter) } : undefined,
      body: {
        error: {
          code: error.code,
          message: error.message,
          ...(error.details === undefined ? {} : { details: error.details }),
        },
      },
    };
  }
  log.error('unexpected error', { error });
  return {
    status: 500,
    body: {
      error: { code: 'internal_error', message: 'Something went wrong on our side. Try again later.' },
    },
  };
};
