import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { TransactItem } from './lease';
import type { Table } from './table';

// The closing write of a request runs after its time budget may be spent (it records what QuickBooks
// did and gives the lease back), so it gets its own short allowance from the budget's reserve.
const CLOSING_WRITE_MS = 1_000;

/** One TransactWriteItems: all items are written, or none. */
export const transact = async (table: Table, items: TransactItem[]): Promise<void> => {
  await table.doc.send(new TransactWriteCommand({ TransactItems: items }), {
    abortSignal: AbortSignal.timeout(CLOSING_WRITE_MS),
  });
};

/** The indexes of the items whose condition failed in a cancelled transaction. */
export const failedConditions = (error: unknown): number[] => {
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return reasons.flatMap((reason, index) => (reason.Code === 'ConditionalCheckFailed' ? [index] : []));
};
