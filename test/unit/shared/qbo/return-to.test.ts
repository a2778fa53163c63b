import { describe, expect, it } from 'vitest';
import { safeReturnTo, withQueryParam } from '../../../../shared/qbo/return-to';

describe('where the OAuth flow may send the user back', () => {
  it.each(['/settings', '/users/abc', '/issues/7?tab=billing'])('keeps the local page %s', (path) => {
    expect(safeReturnTo(path)).toBe(path);
  });

  it.each([
    'https://evil.example/',
    '//evil.example/',
    '/\\evil.example',
    'javascript:alert(1)',
    '/api/qbo/connection',
    'settings',
    undefined,
    `/${'a'.repeat(600)}`,
  ])('refuses %s and uses Settings', (value) => {
    expect(safeReturnTo(value)).toBe('/settings');
  });

  it('adds a query parameter whether or not the path has some', () => {
    expect(withQueryParam('/settings', 'qbo', 'connected')).toBe('/settings?qbo=connected');
    expect(withQueryParam('/issues/7?tab=a', 'qboError', 'denied')).toBe('/issues/7?tab=a&qboError=denied');
  });
});
