import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The one-machine stand-in for the Secrets Manager secret: generated at first start (git-ignored),
 * with a fresh encryption key. Intuit credentials, when given, come from the environment.
 */
export const ensureSecretsFile = (
  path: string,
  intuit: { clientId: string; clientSecret: string; webhookVerifierToken?: string },
): { webhookVerifierToken: string } => {
  const existing = existsSync(path)
    ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>)
    : undefined;
  const secrets = existing ?? {
    activeKeyId: 'local-1',
    'encryptionKey.local-1': randomBytes(48).toString('base64url'),
  };
  secrets.intuitClientId = intuit.clientId;
  secrets.intuitClientSecret = intuit.clientSecret;
  // What signs webhook deliveries: Intuit's app settings show it; locally the emulator is given this one.
  const kept =
    typeof secrets.intuitWebhookVerifierToken === 'string' ? secrets.intuitWebhookVerifierToken : '';
  secrets.intuitWebhookVerifierToken =
    intuit.webhookVerifierToken ?? (kept || randomBytes(24).toString('base64url'));
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return { webhookVerifierToken: String(secrets.intuitWebhookVerifierToken) };
};

/**
 * The one-machine stand-in for the origin secret (infra/origin-secret.ts), same shape: the handlers
 * check the local gateway's origin header against it as they check CloudFront's on AWS. Generated at
 * first start (git-ignored) and kept.
 */
export const ensureOriginSecretFile = (path: string): void => {
  if (existsSync(path)) return;
  mkdirSync(dirname(path), { recursive: true });
  const secret = { current: randomBytes(32).toString('base64url'), previous: '' };
  writeFileSync(path, `${JSON.stringify(secret, null, 2)}\n`, { mode: 0o600 });
};
