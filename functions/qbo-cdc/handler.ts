import type { Context } from 'aws-lambda';
import { budgetFromLambda } from '../../shared/platform/time-budget';
import { qboRuntime } from '../../shared/qbo/qbo-runtime';
import { runBackstop } from '../../shared/qbo-events/backstop';

/** The change-data-capture backstop, started by its schedule: what webhooks missed, caught up. */
export const handler = async (
  _event: unknown,
  context: Pick<Context, 'getRemainingTimeInMillis'>,
): Promise<{ companies: number; changes: number }> =>
  runBackstop(await qboRuntime(), budgetFromLambda(context));
