import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { completeCustomerLease } from '../../../../shared/customers/customer-lease';
import { userKey } from '../../../../shared/keys';
import { QboFaultError } from '../../../../shared/qbo/qbo-errors';
import { syncFailed } from '../../../../shared/sync-health/sync-health-items';
import type { QboCustomerLink } from '../../../../shared/users/user';
import { mockedTable, transactItems } from '../../support/dynamodb-mock';
import { aUser, NOW, REALM_ID, syncedTo } from '../../support/qbo-fakes';

const { ddb, table } = mockedTable();
const deps = { table, now: () => NOW };
const heldFor = (user = aUser()) => ({ lease: { key: userKey(user.id), holder: 'h-1', item: {} }, user });
const linkTo = (customerId: string): QboCustomerLink => ({
  realmId: REALM_ID,
  customerId,
  syncToken: '0',
  displayName: 'Ann Lee',
  syncedAt: NOW.toISOString(),
});
const refused = new QboFaultError(
  400,
  [{ code: '6000', message: 'A business validation error has occurred' }],
  'tid-1',
);
const failureKey = { PK: 'SYNCFAILURE#customer#u-ann', SK: `REALM#${REALM_ID}` };

beforeEach(() => {
  ddb.reset();
  ddb.on(TransactWriteCommand).resolves({});
});

describe('what a sync’s closing transaction records for Sync health', () => {
  it('counts the new customer and no longer the one it replaced, when a user is linked to another customer', async () => {
    await completeCustomerLease(deps, heldFor(aUser(syncedTo('41'))), { link: linkTo('58'), audit: [] });

    const puts = transactItems(ddb).flatMap((item) => (item.Put ? [item.Put.Item] : []));
    expect(puts).toEqual([
      expect.objectContaining({ PK: `QBOCUSTOMER#${REALM_ID}#58`, GSI1PK: `REALM#${REALM_ID}#CUSTOMERS` }),
      { PK: `QBOCUSTOMER#${REALM_ID}#41`, SK: 'CUSTOMER', userId: 'u-ann', realmId: REALM_ID },
    ]);
  });

  it('clears the customer’s last failure with the company when the link is recorded', async () => {
    await completeCustomerLease(deps, heldFor(), { link: linkTo('58'), audit: [] });

    expect(transactItems(ddb).at(-1)?.Delete?.Key).toEqual(failureKey);
  });

  it('keeps a failure of the customer found after an earlier success in the same request, and writes the item once', async () => {
    const failure = syncFailed(
      { kind: 'customer', subjectId: 'u-ann', realmId: REALM_ID },
      { error: refused, actorId: 'u-staff', at: NOW.toISOString() },
    );

    await completeCustomerLease(deps, heldFor(), { link: linkTo('58'), audit: [], health: failure });

    const onFailure = transactItems(ddb).filter(
      (item) => item.Put?.Item?.PK === failureKey.PK || item.Delete?.Key?.PK === failureKey.PK,
    );
    expect(onFailure).toEqual([
      {
        Put: expect.objectContaining({ Item: expect.objectContaining({ ...failureKey, code: 'qbo_error' }) }),
      },
    ]);
  });

  it('writes only the subject’s own failure item, never one every sync shares', async () => {
    await completeCustomerLease(deps, heldFor(), {
      audit: [],
      health: syncFailed(
        { kind: 'customer', subjectId: 'u-ann', realmId: REALM_ID },
        { error: refused, actorId: 'u-staff', at: NOW.toISOString() },
      ),
    });

    const keys = transactItems(ddb).map(
      (item) => item.Put?.Item?.PK ?? item.Update?.Key?.PK ?? item.Delete?.Key?.PK,
    );
    expect(keys).toEqual(['USER#u-ann', failureKey.PK]);
  });
});
