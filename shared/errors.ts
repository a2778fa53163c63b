export type ErrorCode =
  | 'validation_failed'
  | 'unauthenticated'
  | 'invalid_signature'
  | 'origin_refused'
  | 'forbidden'
  | 'mfa_required'
  | 'mfa_setup_required'
  | 'mfa_locked'
  | 'too_many_attempts'
  | 'qbo_sync_user_disabled'
  | 'qbo_sync_invoice_disabled'
  | 'not_found'
  | 'conflict'
  | 'qbo_not_connected'
  | 'qbo_error'
  | 'qbo_throttled'
  | 'qbo_unavailable'
  | 'internal_error';

export type FieldIssues = Record<string, string[]>;

/** A failure the caller can act on; each has its own subclass, and its code decides the HTTP status. */
export abstract class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends DomainError {
  constructor(fieldErrors: FieldIssues, message = 'Some fields are not valid') {
    super('validation_failed', message, { fieldErrors });
  }

  static forField(field: string, why: string): ValidationError {
    return new ValidationError({ [field]: [why] }, `${field}: ${why}`);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = 'Sign in first') {
    super('unauthenticated', message);
  }
}

/** A webhook delivery whose signature does not match its body: not Intuit's, or altered on the way. */
export class InvalidSignatureError extends DomainError {
  constructor() {
    super('invalid_signature', 'The intuit-signature header does not match this body');
  }
}

/** A request that did not come through the site (CloudFront's origin header is missing or wrong). */
export class OriginRefusedError extends DomainError {
  constructor() {
    super('origin_refused', "Use the site's address");
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'You are not allowed to do this') {
    super('forbidden', message);
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string) {
    super('not_found', `${what} not found`);
  }
}

export class RouteNotFoundError extends DomainError {
  constructor(method: string, path: string) {
    super('not_found', `No route for ${method} ${path}`);
  }
}

export class MfaRequiredError extends DomainError {
  constructor() {
    super('mfa_required', 'Enter the code from your authenticator app');
  }
}

export class MfaSetupRequiredError extends DomainError {
  constructor() {
    super('mfa_setup_required', 'Set up multi-factor authentication to continue');
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, details?: unknown) {
    super('conflict', message, details);
  }
}

/** Too many wrong MFA codes: the user's second factor answers nothing until `lockedUntil`. */
export class MfaLockedError extends DomainError {
  constructor(lockedUntil: Date, now: Date) {
    const minutes = Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 60_000));
    super(
      'mfa_locked',
      `Too many wrong codes. MFA is locked for ${minutes} more minute${minutes === 1 ? '' : 's'}, until ${lockedUntil.toISOString().slice(11, 16)} UTC.`,
      {
        lockedUntil: lockedUntil.toISOString(),
        retryAfterSeconds: Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000)),
      },
    );
  }
}

/** Too many failed sign-ins for an account or from an address: every sign-in there waits until `retryAt`. */
export class TooManyAttemptsError extends DomainError {
  constructor(retryAt: Date, now: Date) {
    super(
      'too_many_attempts',
      `Too many sign-in attempts. Try again after ${retryAt.toISOString().slice(11, 19)} UTC.`,
      {
        retryAt: retryAt.toISOString(),
        retryAfterSeconds: Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 1000)),
      },
    );
  }
}
