import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { syncFailureIndexes, syncFailureKey } from '../../../../shared/keys';
import type { QboConnection } from '../../../../shared/qbo/qbo-connection';
import { retrySyncFailure } from '../../../../shared/sync-health/retry-sync-failure';
import type { SyncFailure } from '../../../../shared/sync-health/sync-failure';
import type { User } from '../../../../shared/users/user';
import { leaseIsFreeOn, mockedTable, transactItems } from '../../support/dynamodb-mock';
import {
  aConnection,
  aStaffMember,
  aUser,
  emptyCompany,
  fakeQbo,
  NEW_CUSTOMER_ID,
  qboDeps,
  REALM_ID,
  roomyBudget,
  settingsWith,
  testCipher,
  userItem,
} from '../../support/qbo-fakes';

const { ddb, table } = mockedTable();
const cipher = testCipher();
const ann = aUser();
const sam = aStaffMember();
const subject = { kind: 'customer' as const, subjectId: ann.id, realmId: REALM_ID };
const samsFailure: SyncFailure = {
  ...subject,
  id: `customer.${ann.id}.${REALM_ID}`,
  failedAt: '2026-03-02T17:00:00.000Z',
  actorId: sam.id,
  code: 'qbo_error',
  message: 'QuickBooks: A business validation error has occurred',
  companyName: 'Sandbox Company',
};

const storedFailure = (failure: SyncFailure | undefined) =>
  ddb.on(GetCommand, { Key: syncFailureKey(subject.kind, subject.subjectId, subject.realmId) }).resolves({
    Item: failure && {
      ...syncFailureKey(failure.kind, failure.subjectId, failure.realmId),
      ...syncFailureIndexes(failure.actorId, failure.failedAt, failure.id),
      ...failure,
    },
  });

const retry = (viewer: User, connection: QboConnection = aConnection(cipher)) => {
  const qbo = fakeQbo(emptyCompany());
  const result = retrySyncFailure(qboDeps(table, { cipher, fetch: qbo.fetch }), {
    viewer,
    subject,
    settings: settingsWith(),
    connection,
    budget: roomyBudget(),
  });
  return { qbo, result };
};

beforeEach(() => {
  ddb.reset();
  ddb.on(TransactWriteCommand).resolves({});
  leaseIsFreeOn(ddb, userItem(ann));
  storedFailure(samsFailure);
});

describe('retrying a failed sync', () => {
  it('syncs the user again and clears the failure in the sync’s own closing transaction', async () => {
    const { result } = retry(sam);

    await expect(result).resolves.toMatchObject({
      retried: true,
      result: { customerId: NEW_CUSTOMER_ID, outcome: 'created' },
    });
    expect(transactItems(ddb).at(-1)?.Delete?.Key).toEqual(syncFailureKey('customer', ann.id, REALM_ID));
  });

  it('lets an admin retry anyone’s failure', async () => {
    const { result } = retry(aUser({ id: 'u-pat', role: 'admin' }));

    await expect(result).resolves.toMatchObject({ retried: true });
  });

  it('treats someone else’s failure as not found for staff, and calls nobody', async () => {
    const { qbo, result } = retry(aUser({ id: 'u-jordan', role: 'staff' }));

    await expect(result).rejects.toMatchObject({ code: 'not_found' });
    expect(qbo.calls).toEqual([]);
  });

  it('answers not found when there is no such failure', async () => {
    storedFailure(undefined);

    await expect(retry(sam).result).rejects.toMatchObject({ code: 'not_found' });
  });

  it('refuses from a connection to another company, naming the failure’s company', async () => {
    const other = { ...aConnection(cipher), realmId: '9130350000000002', companyName: 'Other Co' };

    const { qbo, result } = retry(sam, other);

    await expect(result).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('Sandbox Company'),
    });
    expect(qbo.calls).toEqual([]);
  });
});
