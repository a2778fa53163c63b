import { describe, expect, it } from 'vitest';
import type { Issue, PublicUser } from '../../../../web/src/api/types';
import {
  buildIssueChanges,
  buildNewIssue,
  buildNewUser,
  buildUserChanges,
  issueToValues,
  userToValues,
  validateIssue,
  validateUser,
  valuesToAddress,
} from '../../../../web/src/lib/forms';

const aUser = (overrides: Partial<PublicUser> = {}): PublicUser => ({
  id: 'u1',
  name: 'Carl Customer',
  email: 'carl@example.com',
  role: 'customer',
  phone: '555-1234',
  address: { line1: '1 Main St', city: 'Springfield' },
  enabled: false,
  hasPassword: false,
  mfaEnabled: false,
  passkeyCount: 0,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  ...overrides,
});

const anIssue = (overrides: Partial<Issue> = {}): Issue => ({
  id: 7,
  title: 'Printer on fire',
  description: '',
  status: 'open',
  requestorId: 'u1',
  billingEmail: 'billing@example.com',
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  createdBy: 'u0',
  ...overrides,
});

describe('address fields', () => {
  it('leaves the address out when every part is blank', () => {
    expect(
      valuesToAddress({ line1: ' ', line2: '', city: '', region: '', postalCode: '', country: '' }),
    ).toBe(undefined);
  });

  it('keeps only the filled-in parts, trimmed', () => {
    expect(
      valuesToAddress({
        line1: ' 1 Main St ',
        line2: '',
        city: 'Springfield',
        region: '',
        postalCode: '62701',
        country: '',
      }),
    ).toEqual({ line1: '1 Main St', city: 'Springfield', postalCode: '62701' });
  });

  it('sends an empty city rather than none, so the server names the missing field', () => {
    expect(
      valuesToAddress({ line1: '1 Main St', line2: '', city: '', region: '', postalCode: '', country: '' }),
    ).toEqual({ line1: '1 Main St', city: '' });
  });
});

describe('creating a user', () => {
  it('omits blank optional fields and keeps the chosen role and enabled flag', () => {
    const values = {
      ...userToValues(undefined),
      name: ' Ann ',
      email: 'ann@example.com ',
      role: 'staff' as const,
    };

    expect(buildNewUser({ ...values, enabled: true })).toEqual({
      name: 'Ann',
      email: 'ann@example.com',
      role: 'staff',
      enabled: true,
    });
  });

  it('refuses a password shorter than 10 characters before asking the server', () => {
    expect(validateUser({ ...userToValues(undefined), password: 'short' }).password).toHaveLength(1);
  });
});

describe('editing a user', () => {
  it('sends nothing when nothing changed', () => {
    const user = aUser();

    expect(buildUserChanges(userToValues(user), user, { canChangeRole: true })).toEqual({});
  });

  it('clears phone and address with null when emptied', () => {
    const user = aUser();
    const values = { ...userToValues(user), phone: '', address: userToValues(undefined).address };

    expect(buildUserChanges(values, user, { canChangeRole: false })).toEqual({ phone: null, address: null });
  });

  it('leaves the role out for someone who may not change it', () => {
    const user = aUser();

    expect(
      buildUserChanges({ ...userToValues(user), role: 'admin' }, user, { canChangeRole: false }),
    ).toEqual({});
  });

  it('sends a new password only when one was typed', () => {
    const user = aUser();

    expect(
      buildUserChanges({ ...userToValues(user), password: 'a-long-password' }, user, {
        canChangeRole: false,
      }),
    ).toEqual({ password: 'a-long-password' });
  });
});

describe('issues', () => {
  it('creates an issue for the chosen requestor without blank billing fields', () => {
    const values = { ...issueToValues(undefined, 'u1'), title: 'Broken' };

    expect(buildNewIssue(values)).toEqual({
      title: 'Broken',
      description: '',
      status: 'open',
      requestorId: 'u1',
    });
  });

  it('clears the billing email with null when emptied', () => {
    const issue = anIssue();

    expect(buildIssueChanges({ ...issueToValues(issue), billingEmail: '' }, issue)).toEqual({
      billingEmail: null,
    });
  });

  it('has no amount: billable work is logged on the issue page', () => {
    expect(issueToValues(anIssue())).not.toHaveProperty('amount');
    expect(buildIssueChanges({ ...issueToValues(anIssue()), title: 'Renamed' }, anIssue())).toEqual({
      title: 'Renamed',
    });
  });

  it('asks for a title and a requestor', () => {
    expect(Object.keys(validateIssue(issueToValues(undefined)))).toEqual(['title', 'requestorId']);
  });
});
