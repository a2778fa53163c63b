import type { TestApp, TestClient } from './app-harness';
import { answerConsent } from './qbo-emulator';

/** Runs the whole OAuth flow as a browser would: Deskbooks → consent page → callback → back. */
export const connectQbo = async (
  app: TestApp,
  client: TestClient,
  options: { returnTo?: string; decision?: 'allow' | 'deny'; realmId?: string } = {},
) => {
  const emulator = app.qbo;
  if (!emulator) throw new Error('start the test app with { qbo: true }');
  const query = options.returnTo ? `?returnTo=${encodeURIComponent(options.returnTo)}` : '';
  const start = await client.request('GET', `/api/qbo/connect${query}`);
  const authorizeUrl = start.headers.get('location') ?? '';
  const callback = await answerConsent(emulator, authorizeUrl, options.decision ?? 'allow', options.realmId);
  const finish = await client.request('GET', `${callback.pathname}${callback.search}`);
  return { start, authorizeUrl, callback, finish, location: finish.headers.get('location') ?? '' };
};
