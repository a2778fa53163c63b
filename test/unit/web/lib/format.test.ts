import { describe, expect, it } from 'vitest';
import { addressLines, safeReturnPath, signInPath } from '../../../../web/src/lib/format';

describe('returning after sign-in', () => {
  it.each([
    ['/users/u2', '/users/u2'],
    ['/issues?status=open', '/issues?status=open'],
    [undefined, '/issues'],
    ['https://evil.example/', '/issues'],
    ['//evil.example/', '/issues'],
    ['/\\evil.example', '/issues'],
    ['/sign-in?next=/x', '/issues'],
  ])('goes from %s to %s', (next, expected) => {
    expect(safeReturnPath(next)).toBe(expected);
  });

  it('remembers where the user was headed', () => {
    expect(signInPath('/users/u2?tab=x')).toBe('/sign-in?next=%2Fusers%2Fu2%3Ftab%3Dx');
    expect(signInPath('/')).toBe('/sign-in');
  });
});

describe('addresses', () => {
  it('prints postal lines, skipping blanks', () => {
    expect(
      addressLines({
        line1: '1 Main St',
        city: 'Springfield',
        region: 'IL',
        postalCode: '62701',
        country: 'USA',
      }),
    ).toEqual(['1 Main St', 'Springfield, IL 62701', 'USA']);
  });
});
