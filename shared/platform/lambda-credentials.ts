import { fromEnv } from '@aws-sdk/credential-provider-env';

// Stands in for @aws-sdk/credential-provider-node in the Lambda bundles (infra/lambda-bundling.ts).
// Lambda hands a function its role's credentials in the environment (AWS_ACCESS_KEY_ID,
// AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), the first place the SDK's default chain looks; the rest
// of that chain (profiles, SSO, web identity, containers, instance metadata) is never reached there,
// and bundling it costs every cold start ~36 KB. Off Lambda the handlers run from source with the
// SDK's own chain.
export const defaultProvider: typeof fromEnv = (init) => fromEnv(init);
