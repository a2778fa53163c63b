import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  actorSyncFailuresPartition,
  REALM_LIST_PARTITION,
  realmCustomersPartition,
  realmInvoicesPartition,
  SYNC_FAILURE_LIST_PARTITION,
} from '../../../../shared/keys';
import { getSyncHealth } from '../../../../shared/sync-health/get-sync-health';
import { mockedTable } from '../../support/dynamodb-mock';
import { aStaffMember, aUser } from '../../support/qbo-fakes';

const { ddb, table } = mockedTable();
const sam = aStaffMember();
const pat = aUser({ id: 'u-pat', role: 'admin' });

/** Per partition: its COUNT pages and its newest item. */
type Partition = { counts: number[]; newest?: Record<string, unknown> };

const answer = (partitions: Record<string, Partition>) =>
  ddb.on(QueryCommand).callsFake((input) => {
    const partition = String(input.ExpressionAttributeValues?.[':pk']);
    if (partition === REALM_LIST_PARTITION)
      return {
        Items: [
          { realmId: 'r2', companyName: 'Beta Ltd' },
          { realmId: 'r1', companyName: 'Acme Co' },
        ],
      };
    const held = partitions[partition] ?? { counts: [0] };
    if (input.Select !== 'COUNT') return { Items: held.newest ? [held.newest] : [] };
    // Pages follow ExclusiveStartKey: { page: n }.
    const page = Number((input.ExclusiveStartKey as { page?: number } | undefined)?.page ?? 0);
    const last = page === held.counts.length - 1;
    return { Count: held.counts[page], ...(last ? {} : { LastEvaluatedKey: { page: page + 1 } }) };
  });

beforeEach(() => ddb.reset());

describe('Sync health', () => {
  it('counts each company’s synced customers and invoices across pages, with the last sync of either', async () => {
    answer({
      [realmCustomersPartition('r1')]: {
        counts: [1000, 234],
        newest: { syncedAt: '2026-03-02T10:00:00.000Z' },
      },
      [realmInvoicesPartition('r1')]: { counts: [12], newest: { syncedAt: '2026-03-02T11:00:00.000Z' } },
      [SYNC_FAILURE_LIST_PARTITION]: { counts: [3] },
    });

    const health = await getSyncHealth({ table }, { viewer: pat });

    expect(health).toEqual({
      companies: [
        {
          realmId: 'r1',
          companyName: 'Acme Co',
          customersSynced: 1234,
          invoicesSynced: 12,
          lastSyncedAt: '2026-03-02T11:00:00.000Z',
        },
        { realmId: 'r2', companyName: 'Beta Ltd', customersSynced: 0, invoicesSynced: 0 },
      ],
      failures: 3,
    });
  });

  it('counts for staff only the failures of their own syncs', async () => {
    answer({
      [SYNC_FAILURE_LIST_PARTITION]: { counts: [3] },
      [actorSyncFailuresPartition(sam.id)]: { counts: [1] },
    });

    expect((await getSyncHealth({ table }, { viewer: sam })).failures).toBe(1);
  });

  it('never scans: every read is a Query', async () => {
    answer({});

    await getSyncHealth({ table }, { viewer: pat });

    expect(ddb.calls().every((call) => call.args[0] instanceof QueryCommand)).toBe(true);
  });
});
