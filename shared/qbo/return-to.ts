export const DEFAULT_RETURN_TO = '/settings';

/** Only a local page path may be a return address: never another site, a scheme, or the API. */
export const safeReturnTo = (value: string | undefined): string => {
  if (!value || value.length > 500) return DEFAULT_RETURN_TO;
  if (!/^\/(?![/\\])[^\s\\]*$/.test(value) || value.startsWith('/api/')) return DEFAULT_RETURN_TO;
  return value;
};

export const withQueryParam = (path: string, name: string, value: string) =>
  `${path}${path.includes('?') ? '&' : '?'}${name}=${encodeURIComponent(value)}`;
