import type { EmulatorContext } from '../context';
import { headerValue, type Incoming } from '../http';

const basicCredentials = (incoming: Incoming) => {
  const header = headerValue(incoming.headers, 'authorization') ?? '';
  const match = /^Basic\s+(.+)$/i.exec(header);
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
};

// Intuit's discovery document lists client_secret_basic and client_secret_post.
export const authenticateClient = (ctx: EmulatorContext, incoming: Incoming, form?: URLSearchParams) => {
  const credentials = basicCredentials(incoming) ?? {
    id: form?.get('client_id') ?? '',
    secret: form?.get('client_secret') ?? '',
  };
  return credentials.id === ctx.app.clientId && credentials.secret === ctx.app.clientSecret;
};
