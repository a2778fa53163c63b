import { BatchGetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { issueKey, syncFailureIndexes, syncFailureKey, userKey } from '../../../../shared/keys';
import { listSyncFailures } from '../../../../shared/sync-health/list-sync-failures';
import type { SyncFailure } from '../../../../shared/sync-health/sync-failure';
import { mockedTable } from '../../support/dynamodb-mock';
import { aStaffMember, aUser, REALM_ID } from '../../support/qbo-fakes';

const { ddb, table } = mockedTable();
const sam = aStaffMember();
const pat = aUser({ id: 'u-pat', name: 'Pat Admin', role: 'admin' });
const ann = aUser();

const aFailure = (
  overrides: Partial<SyncFailure> & Pick<SyncFailure, 'kind' | 'subjectId'>,
): SyncFailure => ({
  id: `${overrides.kind}.${overrides.subjectId}.${REALM_ID}`,
  realmId: REALM_ID,
  failedAt: '2026-03-02T18:00:00.000Z',
  actorId: sam.id,
  code: 'qbo_error',
  message: 'QuickBooks: A business validation error has occurred',
  intuitTid: 'tid-1',
  ...overrides,
});
const stored = (failure: SyncFailure) => ({
  ...syncFailureKey(failure.kind, failure.subjectId, failure.realmId),
  ...syncFailureIndexes(failure.actorId, failure.failedAt, failure.id),
  ...failure,
});

const samsCustomer = aFailure({ kind: 'customer', subjectId: ann.id });
const patsInvoice = aFailure({
  kind: 'invoice',
  subjectId: '7',
  actorId: pat.id,
  failedAt: '2026-03-02T19:00:00.000Z',
});

beforeEach(() => {
  ddb.reset();
  // Each index partition holds what its key says: GSI2 every failure, GSI1 one actor's.
  ddb.on(QueryCommand).callsFake((input) => {
    const partition = input.ExpressionAttributeValues?.[':pk'];
    const all = [patsInvoice, samsCustomer].map(stored);
    if (input.IndexName === 'GSI2') return { Items: all };
    if (input.IndexName === 'GSI1') return { Items: all.filter((item) => item.GSI1PK === partition) };
    return { Items: all.filter((item) => item.PK === partition) };
  });
  ddb.on(BatchGetCommand).resolves({
    Responses: {
      test: [
        { ...userKey(ann.id), ...ann },
        { ...userKey(sam.id), ...sam },
        { ...userKey(pat.id), ...pat },
        { ...issueKey(7), id: 7, title: 'Printer jams' },
      ],
    },
  });
});

describe('listing failed syncs', () => {
  it('shows an admin every failure, named and linked, newest first', async () => {
    const list = await listSyncFailures({ table }, { viewer: pat, limit: 25 });

    expect(list.items).toEqual([
      {
        ...patsInvoice,
        actorName: 'Pat Admin',
        subject: { label: '#7 Printer jams', path: '/issues/7' },
      },
      { ...samsCustomer, actorName: 'Sam Staff', subject: { label: 'Ann Lee', path: '/users/u-ann' } },
    ]);
  });

  it('shows staff only the failures of their own syncs', async () => {
    const list = await listSyncFailures({ table }, { viewer: sam, limit: 25 });

    expect(list.items.map((item) => item.id)).toEqual([samsCustomer.id]);
  });

  it('names every subject and actor of the page in one read', async () => {
    await listSyncFailures({ table }, { viewer: pat, limit: 25 });

    expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(1);
  });

  it('shows one subject’s failures whoever’s sync failed', async () => {
    const list = await listSyncFailures(
      { table },
      { viewer: sam, limit: 25, subject: { kind: 'invoice', subjectId: '7' } },
    );

    expect(list.items.map((item) => item.id)).toEqual([patsInvoice.id]);
    expect(list.nextCursor).toBeUndefined();
  });

  it('names a subject that is gone by its id', async () => {
    ddb.on(BatchGetCommand).resolves({ Responses: { test: [] } });

    const list = await listSyncFailures({ table }, { viewer: pat, limit: 25 });

    expect(list.items.map((item) => item.subject.label)).toEqual(['#7', 'User u-ann']);
  });
});
