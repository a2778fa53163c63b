import { faultReply, QboFaultError } from './api/faults';
import type { EmulatorContext } from './context';
import { ControlInputError, type EmulatorControls } from './controls';
import { parseFaultSpec } from './fault-injection';
import { emptyReply, type Incoming, isRecord, jsonReply, type Reply } from './http';
import type { EmulatorSettings } from './settings';

type ControlRoute = (input: Record<string, unknown>, params: string[]) => unknown;

const bodyOf = (incoming: Incoming): Record<string, unknown> => {
  if (incoming.body.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(incoming.body);
    if (isRecord(value)) return value;
  } catch {
    // reported below
  }
  throw new ControlInputError('The body must be a JSON object');
};

const optionalRealm = (input: Record<string, unknown>) =>
  typeof input.realmId === 'string' ? input.realmId : undefined;

const routesFor = (controls: EmulatorControls): [string, RegExp, ControlRoute][] => [
  [
    'POST',
    /^\/reset$/,
    () => {
      controls.reset();
      return { reset: true };
    },
  ],
  ['GET', /^\/clock$/, () => controls.clock()],
  ['POST', /^\/clock\/advance$/, (input) => controls.advanceClock(Number(input.seconds))],
  ['GET', /^\/faults$/, () => controls.faults()],
  ['POST', /^\/faults$/, (input) => controls.injectFault(parseFaultSpec(input))],
  [
    'DELETE',
    /^\/faults$/,
    () => {
      controls.clearFaults();
      return { cleared: true };
    },
  ],
  ['GET', /^\/calls$/, () => controls.callCounts()],
  [
    'DELETE',
    /^\/calls$/,
    () => {
      controls.resetCallCounts();
      return { cleared: true };
    },
  ],
  [
    'POST',
    /^\/payments$/,
    (input) =>
      controls.applyPayment({
        realmId: String(input.realmId ?? ''),
        invoiceId: String(input.invoiceId ?? ''),
        amount: Number(input.amount),
      }),
  ],
  [
    'POST',
    /^\/tokens\/revoke-all$/,
    (input) => ({ revoked: controls.revokeAllTokens(optionalRealm(input)) }),
  ],
  ['GET', /^\/settings$/, () => controls.settings()],
  ['POST', /^\/settings$/, (input) => controls.updateSettings(input as Partial<EmulatorSettings>)],
  [
    'GET',
    /^\/entities\/([^/]+)\/([^/]+)$/,
    (_input, [realmId = '', entity = '']) => controls.entities(realmId, entity),
  ],
  ['GET', /^\/sent-emails\/([^/]+)$/, (_input, [realmId = '']) => controls.sentEmails(realmId)],
  [
    'POST',
    /^\/customers\/merge$/,
    (input) =>
      controls.mergeCustomers({
        realmId: String(input.realmId ?? ''),
        fromId: String(input.fromId ?? ''),
        intoId: String(input.intoId ?? ''),
      }),
  ],
  ['GET', /^\/webhooks\/settings$/, () => controls.webhookSettings()],
  ['POST', /^\/webhooks\/settings$/, (input) => controls.configureWebhooks(input)],
  ['POST', /^\/webhooks\/flush$/, () => controls.flushWebhooks()],
  ['GET', /^\/webhooks\/deliveries$/, () => controls.webhookDeliveries()],
];

/** `/__control/*`: JSON test hooks, deliberately outside Intuit's URL space. */
export const handleControlRequest = async (
  ctx: EmulatorContext,
  controls: EmulatorControls,
  incoming: Incoming,
  path: string,
): Promise<Reply> => {
  const routes = routesFor(controls);
  for (const [method, pattern, route] of routes) {
    const match = pattern.exec(path);
    if (!match || method !== incoming.method) continue;
    try {
      const result = await route(bodyOf(incoming), match.slice(1).map(decodeURIComponent));
      return result === undefined ? emptyReply(204) : jsonReply(200, result);
    } catch (error) {
      if (error instanceof QboFaultError) return faultReply(error, ctx.clock.now());
      if (error instanceof ControlInputError || error instanceof RangeError || error instanceof SyntaxError)
        return jsonReply(400, { error: error.message });
      throw error;
    }
  }
  return jsonReply(404, { error: `No control route ${incoming.method} ${path}` });
};
