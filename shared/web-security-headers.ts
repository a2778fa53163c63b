// The headers on every page and file of the web app. CloudFront adds them in production (its
// response headers policy, infra/web-site.ts) and the local gateway adds the same, from here.

// The app loads only its own scripts and styles and talks only to /api on the same origin.
// Inline styles stay allowed for Preact style attributes; the MFA QR code is inline SVG.
export const WEB_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const WEB_FRAME_OPTION = 'DENY';
export const WEB_REFERRER_POLICY = 'strict-origin-when-cross-origin';
export const WEB_HSTS_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;
export const WEB_HSTS_INCLUDE_SUBDOMAINS = true;

/** The same values as header lines, as a browser receives them from CloudFront. */
export const WEB_SECURITY_HEADERS = {
  'content-security-policy': WEB_CONTENT_SECURITY_POLICY,
  'x-frame-options': WEB_FRAME_OPTION,
  'x-content-type-options': 'nosniff',
  'referrer-policy': WEB_REFERRER_POLICY,
  'strict-transport-security': `max-age=${WEB_HSTS_MAX_AGE_SECONDS}${WEB_HSTS_INCLUDE_SUBDOMAINS ? '; includeSubDomains' : ''}`,
} as const;
