import { describe, expect, it } from 'vitest';
import { formatCents, toCents, toQboAmount } from '../../../../shared/invoices/money';

describe('money', () => {
  it.each([
    ['150', 15000],
    ['150.5', 15050],
    ['150.05', 15005],
    [0.1 + 0.2, 30],
    [-12.34, -1234],
  ])('reads %s as %i cents', (amount, cents) => {
    expect(toCents(amount)).toBe(cents);
  });

  it('refuses something that is not an amount', () => {
    expect(() => toCents('12.345')).toThrow(RangeError);
  });

  it('writes cents back with two places', () => {
    expect(formatCents(5)).toBe('0.05');
    expect(formatCents(-1234)).toBe('-12.34');
    expect(toQboAmount(123456)).toBe(1234.56);
  });

  it('writes sums past Number’s exact integers without losing a cent', () => {
    expect(formatCents(2n ** 64n + 1n)).toBe('184467440737095516.17');
  });
});
