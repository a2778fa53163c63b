import { describe, expect, it } from 'vitest';
import { mfaStatusOf } from '../../../../shared/auth/mfa-gate';
import type { Session } from '../../../../shared/auth/session-types';
import { DEFAULT_SETTINGS, type Settings } from '../../../../shared/settings/settings';
import type { User } from '../../../../shared/users/user';

const now = new Date('2026-11-25T12:00:00Z');
const session = (mfaVerified: boolean) => ({ mfaVerified }) as Session;
const withoutMfa = { id: 'u' } as User;
const withMfa = { id: 'u', mfa: { enabledAt: '2026-01-01T00:00:00Z' } } as User;
const enforced = (graceDays: number, since: string): Settings => ({
  ...DEFAULT_SETTINGS,
  security: { enforceMfa: true, mfaGraceDays: graceDays, enforcedSince: since },
});

describe('the MFA gate', () => {
  it('asks an enrolled user for a code until this session has passed it', () => {
    expect(mfaStatusOf(withMfa, session(false), DEFAULT_SETTINGS, now).mfa).toBe('required');
    expect(mfaStatusOf(withMfa, session(true), DEFAULT_SETTINGS, now).mfa).toBe('none');
  });

  it('lets a user without MFA in while nothing is enforced', () => {
    expect(mfaStatusOf(withoutMfa, session(true), DEFAULT_SETTINGS, now)).toEqual({ mfa: 'none' });
  });

  it('sends a user without MFA to setup once enforcement has no grace left', () => {
    expect(mfaStatusOf(withoutMfa, session(true), enforced(0, '2026-11-25T11:59:00Z'), now).mfa).toBe(
      'setup_required',
    );
    expect(mfaStatusOf(withoutMfa, session(true), enforced(2, '2026-11-20T00:00:00Z'), now).mfa).toBe(
      'setup_required',
    );
  });

  it('tells when the grace period ends while it runs', () => {
    const status = mfaStatusOf(withoutMfa, session(true), enforced(3, '2026-11-24T00:00:00Z'), now);

    expect(status).toEqual({ mfa: 'none', mfaGraceEndsAt: '2026-11-27T00:00:00.000Z' });
  });
});
