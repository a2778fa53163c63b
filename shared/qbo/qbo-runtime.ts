import { runtime } from '../runtime';
import { intuitEndpoints } from './intuit-endpoints';
import { createIntuitOAuth } from './intuit-oauth-client';
import { endpointsForConfig } from './qbo-api-client';

// QBO clients, built once per cold start for the Lambdas that talk to Intuit (they need the secret).
let building: ReturnType<typeof build> | undefined;

const build = async () => {
  const secrets = await runtime.loadSecrets();
  const { config } = runtime;
  return {
    ...runtime,
    // Read through, so a test that moves `runtime.now` moves QBO's clock too.
    now: () => runtime.now(),
    cipher: await runtime.loadCipher(),
    oauth: createIntuitOAuth({
      clientId: secrets.intuitClientId,
      clientSecret: secrets.intuitClientSecret,
      environment: config.INTUIT_ENVIRONMENT,
      redirectUri: `${config.PUBLIC_URL.replace(/\/$/, '')}/api/qbo/callback`,
      endpoints: intuitEndpoints(config),
    }),
    environment: config.INTUIT_ENVIRONMENT,
    endpointsFor: endpointsForConfig(config),
  };
};

export const qboRuntime = () => {
  building ??= build().catch((error: unknown) => {
    building = undefined;
    throw error;
  });
  return building;
};

export type QboRuntime = Awaited<ReturnType<typeof qboRuntime>>;
