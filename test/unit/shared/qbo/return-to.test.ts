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

  it.each([
    ['a non-ASCII character', '/users/caf\u00e9'],
    ['an emoji', '/issues/7?tab=\u{1F600}'],
    ['a newline (header injection)', '/settings\r\nSet-Cookie: sid=x'],
    ['a tab that browsers drop', '/\t/evil.example'],
    ['a NUL', '/settings\u0000'],
    ['DEL', '/settings\u007f'],
    ['a space', '/issues/7 x'],
    ['a backslash later in the path', '/users/\\evil'],
    ['a fragment', '/settings#qbo'],
    ['a stray percent sign', '/settings%'],
    ['a half escape', '/users/%E0%A4%A'],
    ['an escape that is not UTF-8', '/users/%E0%A4'],
    ['the API spelled with an escape', '/%61pi/qbo/connection'],
    ['the API in capitals', '/API/qbo/connection'],
    ['a quote', '/settings"'],
    ['an angle bracket', '/settings<script>'],
  ])('refuses a return path with %s and uses Settings', (_what, value) => {
    expect(safeReturnTo(value)).toBe('/settings');
  });

  it.each([
    '/users/8b1f7a52-0a52-4c1e-9a53-3f0d7c2f1e2a',
    '/issues/7?tab=billing&view=all',
    '/users?q=ann%40example.com',
    "/a-b_c.d~e!$&'()*+,;=:@",
  ])('keeps the printable path %s as it is', (path) => {
    expect(safeReturnTo(path)).toBe(path);
  });

  it('keeps the longest path it allows, and no longer', () => {
    const longest = `/${'a'.repeat(499)}`;

    expect(safeReturnTo(longest)).toBe(longest);
    expect(safeReturnTo(`${longest}a`)).toBe('/settings');
  });

  it('adds a query parameter whether or not the path has some', () => {
    expect(withQueryParam('/settings', 'qbo', 'connected')).toBe('/settings?qbo=connected');
    expect(withQueryParam('/issues/7?tab=a', 'qboError', 'denied')).toBe('/issues/7?tab=a&qboError=denied');
  });
});
