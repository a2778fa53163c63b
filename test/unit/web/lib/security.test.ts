import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../../web/src/api/client';
import type { SecurityEvent } from '../../../../web/src/api/types';
import { errorMessage } from '../../../../web/src/lib/errors';
import {
  activityActor,
  activityLabel,
  activityOrigin,
  activitySubject,
  formatSoon,
  retryAtOf,
  tooManyAttemptsMessage,
  validatePasswordChange,
} from '../../../../web/src/lib/security';

const NOW = new Date('2026-12-02T15:00:00Z');
const throttled = (details: unknown) =>
  new ApiError(429, 'too_many_attempts', 'Too many sign-in attempts. Try again after 15:15:00 UTC.', details);

const anEvent = (overrides: Partial<SecurityEvent> = {}): SecurityEvent => ({
  id: 'e1',
  subject: 'u1',
  at: '2026-12-02T14:00:00.000Z',
  actorId: 'u1',
  action: 'signin.succeeded',
  ...overrides,
});

describe('a throttled sign-in', () => {
  it('waits until the server’s retryAt', () => {
    expect(
      retryAtOf(throttled({ retryAt: '2026-12-02T15:15:00.000Z', retryAfterSeconds: 900 }), NOW),
    ).toEqual(new Date('2026-12-02T15:15:00.000Z'));
  });

  it('counts Retry-After seconds from now when there is no retryAt', () => {
    expect(retryAtOf(throttled({ retryAfterSeconds: 8 }), NOW)).toEqual(new Date('2026-12-02T15:00:08Z'));
  });

  it('says until when, in local time', () => {
    const at = new Date('2026-12-02T15:15:00.000Z');

    const message = tooManyAttemptsMessage(throttled({ retryAt: at.toISOString() }), at);

    expect(message).toBe(`Too many attempts. Try again after ${formatSoon(at, at)}.`);
    expect(message).not.toContain('UTC');
  });

  it('says "in a moment" when it does not know until when', () => {
    expect(tooManyAttemptsMessage(throttled(undefined), NOW)).toBe(
      'Too many attempts. Try again in a moment.',
    );
  });

  it('reads the same wherever the error is shown', () => {
    const error = throttled({ retryAt: '2026-12-02T15:15:00.000Z' });

    expect(errorMessage(error)).toMatch(/^Too many attempts\. Try again after .+\.$/);
  });

  it('adds the date when the time is not today', () => {
    const tomorrow = new Date(NOW.getTime() + 36 * 60 * 60 * 1000);

    expect(formatSoon(tomorrow, NOW).length).toBeGreaterThan(formatSoon(NOW, NOW).length);
  });
});

describe('changing one’s password', () => {
  const valid = {
    currentPassword: 'old-password',
    newPassword: 'new-password-1',
    confirmPassword: 'new-password-1',
  };

  it('accepts a long enough new password, typed twice', () => {
    expect(validatePasswordChange(valid)).toEqual({});
  });

  it.each([
    [{ currentPassword: '' }, 'currentPassword', 'Enter your current password'],
    [{ newPassword: 'short', confirmPassword: 'short' }, 'newPassword', 'Use at least 10 characters'],
    [
      { newPassword: 'old-password', confirmPassword: 'old-password' },
      'newPassword',
      'Choose a password different from your current one',
    ],
    [{ confirmPassword: 'new-password-2' }, 'confirmPassword', 'The passwords do not match'],
  ])('refuses %o at %s', (change, field, message) => {
    expect(validatePasswordChange({ ...valid, ...change })[field]).toEqual([message]);
  });
});

describe('security activity', () => {
  it.each([
    ['signin.succeeded', 'Signed in'],
    ['signin.failed', 'Sign-in failed'],
    ['signin.locked', 'Sign-in locked'],
    ['signin.refused', 'Sign-in refused while locked'],
    ['signin.unlocked', 'Sign-in unlocked'],
    ['password.changed', 'Password changed'],
    ['password.reset', 'Password reset by admin'],
    ['session.revoked', 'Session signed out'],
    ['session.revoked_others', 'Signed out everywhere else'],
    ['mfa.enrolled', 'MFA enabled'],
    ['mfa.disabled', 'MFA disabled'],
    ['mfa.reset', 'MFA reset by admin'],
    ['mfa.recovery_codes_regenerated', 'Recovery codes regenerated'],
    ['passkey.added', 'Passkey added'],
    ['passkey.removed', 'Passkey removed'],
    ['passkey.renamed_twice', 'Passkey renamed twice'],
  ])('says %s as "%s"', (action, words) => {
    expect(activityLabel(action)).toBe(words);
  });

  it('names the account and links it when it is a user', () => {
    expect(activitySubject(anEvent({ subjectName: 'Ada' }))).toEqual({ name: 'Ada', userId: 'u1' });
  });

  it('names an unknown account by the email that was tried', () => {
    const event = anEvent({ subject: 'unknown-account', details: { email: 'nobody@example.com' } });

    expect(activitySubject(event)).toEqual({ name: 'nobody@example.com' });
  });

  it('names who acted only when it was someone else', () => {
    expect(activityActor(anEvent({ subjectName: 'Ada', actorName: 'Ada' }))).toBeUndefined();
    expect(activityActor(anEvent({ actorId: 'a9', actorName: 'Grace' }))).toEqual({
      name: 'Grace',
      userId: 'a9',
    });
  });

  it('says where from: address and device', () => {
    expect(
      activityOrigin(anEvent({ details: { address: '203.0.113.9' }, device: 'Firefox on Windows' })),
    ).toBe('203.0.113.9 · Firefox on Windows');
    expect(activityOrigin(anEvent())).toBe('');
  });
});
