export const DEFAULT_RETURN_TO = '/settings';

const MAX_RETURN_TO_LENGTH = 500;

// A path (with an optional query) of printable ASCII that a Location header carries as it is
// (RFC 3986 path and query characters, `%` only as an escape). No `#`: the flow appends its outcome
// as a query parameter, which must not land in a fragment. No backslash, space or control character:
// browsers rewrite `\` to `/` and drop tabs and newlines, which could turn `/\evil` into `//evil`.
const LOCAL_PATH = /^\/(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*$/;

const decodesUnderApi = (value: string) => {
  try {
    return decodeURIComponent(value).toLowerCase().startsWith('/api/');
  } catch {
    return true;
  }
};

/**
 * Only a page of this app may be a return address: never another site (`//host`), a scheme, the API
 * (also when spelled `/%61pi/`), or anything a Location header cannot carry; otherwise Settings.
 */
export const safeReturnTo = (value: string | undefined): string => {
  if (!value || value.length > MAX_RETURN_TO_LENGTH || !LOCAL_PATH.test(value)) return DEFAULT_RETURN_TO;
  if (value.startsWith('//') || decodesUnderApi(value)) return DEFAULT_RETURN_TO;
  return value;
};

export const withQueryParam = (path: string, name: string, value: string) =>
  `${path}${path.includes('?') ? '&' : '?'}${name}=${encodeURIComponent(value)}`;
