import { ApiError } from '../api/client';
import { labels } from '../labels';
import { tooManyAttemptsMessage } from './security';

/** What to tell the user about a failed request. Server messages are meant for people; internals are not. */
export const errorMessage = (error: unknown): string => {
  if (!(error instanceof ApiError)) return labels.errors.generic;
  switch (error.code) {
    case 'validation_failed':
      // Errors about the request as a whole arrive under "body" (or as zod's formErrors).
      return error.formErrors[0] ?? error.fieldErrors.body?.[0] ?? labels.errors.validation;
    case 'forbidden':
      return labels.errors.forbidden;
    case 'mfa_setup_required':
      return labels.mfa.setupRequired;
    case 'too_many_attempts':
      return tooManyAttemptsMessage(error, new Date());
    case 'conflict':
      return error.message || labels.settings.conflict;
    case 'internal_error':
      return labels.errors.generic;
    case 'network_error':
      return labels.errors.network;
    default:
      return error.message || labels.errors.generic;
  }
};

export const isNotFound = (error: unknown): boolean =>
  error instanceof ApiError && error.code === 'not_found';
