import { ApiError, type FieldErrors } from '../api/client';
import type { SecurityEvent } from '../api/types';
import { labels } from '../labels';
import { MIN_PASSWORD_LENGTH } from './forms';

export const isTooManyAttempts = (error: unknown): error is ApiError =>
  error instanceof ApiError && error.code === 'too_many_attempts';

/** When a throttled sign-in may try again: the server's `retryAt`, else `now` plus `retryAfterSeconds`. */
export const retryAtOf = (error: ApiError, now: Date): Date | undefined => {
  const details = typeof error.details === 'object' && error.details !== null ? error.details : {};
  const { retryAt, retryAfterSeconds } = details as { retryAt?: unknown; retryAfterSeconds?: unknown };
  const at = typeof retryAt === 'string' ? new Date(retryAt) : undefined;
  if (at && !Number.isNaN(at.getTime())) return at;
  if (typeof retryAfterSeconds === 'number' && retryAfterSeconds > 0)
    return new Date(now.getTime() + retryAfterSeconds * 1000);
  return undefined;
};

const timeOfDay = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });
const dayAndTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** A moment soon, in the reader's own time zone: the time alone today, with the date otherwise. */
export const formatSoon = (at: Date, now: Date): string =>
  at.toDateString() === now.toDateString() ? timeOfDay.format(at) : dayAndTime.format(at);

/**
 * What a throttled sign-in (or password check) tells the person: one message whatever locked or slowed
 * it (the account, the address), so it says nothing about whether the account exists.
 */
export const tooManyAttemptsMessage = (error: ApiError, now: Date): string => {
  const at = retryAtOf(error, now);
  return at ? labels.security.tooManyAttempts(formatSoon(at, now)) : labels.security.tooManyAttemptsSoon;
};

/** A security event's action in plain words; one we have no words for yet still reads as words. */
export const activityLabel = (action: string): string => {
  const known = labels.security.actions[action];
  if (known) return known;
  const words = action.replace(/[._]+/g, ' ').trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : action;
};

export type PasswordChangeValues = { currentPassword: string; newPassword: string; confirmPassword: string };

/** The server's rules, checked as the person types and before the round trip (the server checks again). */
export const validatePasswordChange = (values: PasswordChangeValues): FieldErrors => {
  const errors: FieldErrors = {};
  if (!values.currentPassword) errors.currentPassword = [labels.security.enterCurrentPassword];
  if (values.newPassword.length < MIN_PASSWORD_LENGTH) errors.newPassword = [labels.users.passwordTooShort];
  else if (values.newPassword === values.currentPassword) errors.newPassword = [labels.security.passwordSame];
  if (values.confirmPassword !== values.newPassword)
    errors.confirmPassword = [labels.security.passwordMismatch];
  return errors;
};

/** Whose account a security event was about, with the user page to link when there is one. */
export const activitySubject = (event: SecurityEvent): { name: string; userId?: string } => {
  if (event.subjectName) return { name: event.subjectName, userId: event.subject };
  const email = event.details?.email;
  return { name: typeof email === 'string' ? email : labels.security.unknownAccount };
};

/** Who acted on someone else's account (an admin unlocking, resetting); nobody when it was their own. */
export const activityActor = (event: SecurityEvent): { name: string; userId: string } | undefined =>
  event.actorId !== event.subject && event.actorName
    ? { name: event.actorName, userId: event.actorId }
    : undefined;

/** Where an event came from: the address and the device, as far as known. */
export const activityOrigin = (event: SecurityEvent): string => {
  const address = event.details?.address;
  return [typeof address === 'string' ? address : '', event.device ?? ''].filter(Boolean).join(' · ');
};

/** The user page's `?password=set`: the edit form just set the user's password, which ended their sessions. */
export const PASSWORD_SET = 'set';
