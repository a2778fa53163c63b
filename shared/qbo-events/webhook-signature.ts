import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Intuit signs each delivery: `intuit-signature` = base64(HMAC-SHA256(raw body, the app's webhook
 * verifier token)). Checked on the raw bytes before anything parses them, in constant time.
 */
export const isIntuitSignatureValid = (
  rawBody: Buffer,
  signature: string | undefined,
  verifierToken: string,
) => {
  if (!signature || !verifierToken) return false;
  const expected = createHmac('sha256', verifierToken).update(rawBody).digest();
  const given = Buffer.from(signature.trim(), 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
};
