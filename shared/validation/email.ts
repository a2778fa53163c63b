import * as z from './zod';

// Dot-separated atoms before the @ (RFC 5322's dot-atom) and host name labels after it, none starting
// or ending with a hyphen (RFC 1123): the rule of JSON Schema's "email" format, which the OpenAPI
// document states. zod's default takes a domain label ending in "-", which no mail server routes.
const EMAIL_PATTERN =
  /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

export const EmailSchema = /* @__PURE__ */ z.lazy(() =>
  z
    .email({ pattern: EMAIL_PATTERN, error: 'Enter a valid email address' })
    .check(z.trim(), z.toLowerCase(), z.maxLength(100)),
);
