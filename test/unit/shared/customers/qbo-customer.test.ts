import { describe, expect, it } from 'vitest';
import { customerFieldsOf, displayNameCandidates } from '../../../../shared/customers/qbo-customer';
import type { User } from '../../../../shared/users/user';

const user = (fields: Partial<User>): User =>
  ({
    id: '3f0c7a52-1111-4000-8000-000000000000',
    name: 'Ann Lee',
    email: 'ann@example.com',
    role: 'customer',
    ...fields,
  }) as User;

describe('the QuickBooks customer made from a user', () => {
  it('tries the name, then the name with the email, then with the user id', () => {
    expect(displayNameCandidates(user({}))).toEqual([
      'Ann Lee',
      'Ann Lee (ann@example.com)',
      'Ann Lee (3f0c7a52)',
    ]);
  });

  it('keeps colons (QBO’s sub-customer separator) and control characters out of the name', () => {
    expect(displayNameCandidates(user({ name: 'Acme:\tWest' }))[0]).toBe('Acme West');
  });

  it('keeps every candidate within 100 characters', () => {
    const long = user({ name: 'N'.repeat(140), email: `${'e'.repeat(60)}@example.com` });

    for (const candidate of displayNameCandidates(long)) expect(candidate.length).toBeLessThanOrEqual(100);
  });

  it('splits the name into given and family name and maps the address', () => {
    const fields = customerFieldsOf(
      user({
        name: 'Mary Ann Lee',
        phone: '+1 555',
        address: { line1: '1 Main', city: 'Reno', region: 'NV' },
      }),
    );

    expect(fields).toEqual({
      GivenName: 'Mary Ann',
      FamilyName: 'Lee',
      PrimaryEmailAddr: { Address: 'ann@example.com' },
      PrimaryPhone: { FreeFormNumber: '+1 555' },
      BillAddr: { Line1: '1 Main', City: 'Reno', CountrySubDivisionCode: 'NV' },
    });
  });

  it('sends a company and address stored with control characters as QuickBooks takes them (spaces)', () => {
    const fields = customerFieldsOf(
      user({ company: 'Acme\u0000Ltd', address: { line1: '1\tMain', city: 'Reno', country: 'U\nS' } }),
    );

    expect(fields.CompanyName).toBe('Acme Ltd');
    expect(fields.BillAddr).toEqual({ Line1: '1 Main', City: 'Reno', Country: 'U S' });
  });
});
