import type { Table } from '../db/table';
import { InvalidSignatureError } from '../errors';
import type { AppSecrets } from '../secrets';
import { noteWebhookDelivery, recordChanges } from './event-inbox';
import { parseWebhookBody } from './webhook-notifications';
import { isIntuitSignatureValid } from './webhook-signature';

export type ReceiveWebhookDeps = { table: Table; now: () => Date; loadSecrets: () => Promise<AppSecrets> };

/**
 * A webhook delivery from Intuit: the signature first (a forged one stores nothing), then either
 * payload shape, each event recorded once. The worker does the rest, so this answers within
 * Intuit's 3 seconds.
 */
export const receiveWebhook = async (
  deps: ReceiveWebhookDeps,
  input: { rawBody: Buffer; signature: string | undefined },
): Promise<{ received: number; new: number }> => {
  const { intuitWebhookVerifierToken } = await deps.loadSecrets();
  if (!isIntuitSignatureValid(input.rawBody, input.signature, intuitWebhookVerifierToken))
    throw new InvalidSignatureError();
  const changes = parseWebhookBody(input.rawBody);
  const now = deps.now();
  const { recorded } = await recordChanges(deps.table, changes, now);
  await noteWebhookDelivery(deps.table, { at: now, events: changes.length });
  return { received: changes.length, new: recorded };
};
