import { TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { syncUserToQbo } from '../../../../shared/customers/sync-user-to-qbo';
import type { QboConnection } from '../../../../shared/qbo/qbo-connection';
import {
  conditionFailed,
  leaseHolderOf,
  leaseIsFreeOn,
  mockedTable,
  transactItems,
  writeCounts,
} from '../../support/dynamodb-mock';
import {
  aConnection,
  aStaffMember,
  aUser,
  emptyCompany,
  fakeQbo,
  NEW_CUSTOMER_ID,
  NOW,
  type QboRoutes,
  qboDeps,
  qboFault,
  queryAnswer,
  REALM_ID,
  roomyBudget,
  settingsWith,
  testCipher,
  userItem,
} from '../../support/qbo-fakes';

const { ddb, table } = mockedTable();
const cipher = testCipher();
const ann = aUser();

const sync = (routes: QboRoutes, options: { syncUser?: boolean; connection?: QboConnection | null } = {}) => {
  const qbo = fakeQbo(routes);
  const result = syncUserToQbo(qboDeps(table, { cipher, fetch: qbo.fetch }), {
    actor: aStaffMember(),
    userId: ann.id,
    settings: settingsWith({ syncUser: options.syncUser ?? true }),
    connection: options.connection === null ? undefined : (options.connection ?? aConnection(cipher)),
    budget: roomyBudget(),
  });
  return { qbo, result };
};

beforeEach(() => {
  ddb.reset();
  ddb.on(TransactWriteCommand).resolves({});
});

describe('syncing a user to QuickBooks', () => {
  it('creates a customer when nobody in QuickBooks matches', async () => {
    // Prepare
    leaseIsFreeOn(ddb, userItem(ann));

    // Act
    const { qbo, result } = sync(emptyCompany());

    // Assess
    await expect(result).resolves.toMatchObject({
      customerId: NEW_CUSTOMER_ID,
      outcome: 'created',
      created: true,
    });
    const creates = qbo.calls.filter((call) => call.method === 'POST');
    expect(creates).toEqual([
      expect.objectContaining({
        body: expect.objectContaining({
          DisplayName: 'Ann Lee',
          PrimaryEmailAddr: { Address: 'ann@example.com' },
        }),
      }),
    ]);
  });

  it('records the link, the audit entry, the end of its last failure and the lease release in one transaction', async () => {
    // Prepare
    leaseIsFreeOn(ddb, userItem(ann));

    // Act
    await sync(emptyCompany()).result;

    // Assess
    const [release, pointer, audit, failureGone, ...rest] = transactItems(ddb);
    expect(release?.Update).toMatchObject({
      Key: { PK: 'USER#u-ann', SK: 'PROFILE' },
      UpdateExpression: 'SET #map = :map REMOVE #lease',
      ConditionExpression: '#lease.holder = :leaseHolder',
      ExpressionAttributeValues: {
        ':leaseHolder': leaseHolderOf(ddb),
        ':map': {
          [REALM_ID]: {
            realmId: REALM_ID,
            customerId: NEW_CUSTOMER_ID,
            syncToken: '0',
            syncedAt: NOW.toISOString(),
          },
        },
      },
    });
    expect(pointer?.Put?.Item).toMatchObject({
      PK: `QBOCUSTOMER#${REALM_ID}#${NEW_CUSTOMER_ID}`,
      userId: 'u-ann',
      GSI1PK: `REALM#${REALM_ID}#CUSTOMERS`,
      syncedAt: NOW.toISOString(),
    });
    expect(audit?.Put?.Item).toMatchObject({
      subject: 'qbo-customer:u-ann',
      actorId: 'u-staff',
      action: 'qbo.customer.synced',
      details: { realmId: REALM_ID, customerId: NEW_CUSTOMER_ID, outcome: 'created' },
    });
    expect(failureGone?.Delete?.Key).toEqual({ PK: 'SYNCFAILURE#customer#u-ann', SK: `REALM#${REALM_ID}` });
    expect(rest).toEqual([]);
    expect(writeCounts(ddb)).toEqual({ updates: 1, puts: 0, transactions: 1 });
  });

  it('reuses the QBO customer with the same email instead of creating one', async () => {
    // Prepare
    leaseIsFreeOn(ddb, userItem(ann));
    const existing = {
      Id: '41',
      SyncToken: '3',
      DisplayName: 'Ann Lee',
      PrimaryEmailAddr: { Address: 'ann@example.com' },
    };
    const routes: QboRoutes = {
      'GET /query': (call) =>
        queryAnswer('Customer', call.statement?.includes('PrimaryEmailAddr') ? [existing] : []),
      'POST /customer': (call) => ({ Customer: { ...existing, ...call.body, SyncToken: '4' } }),
    };

    // Act
    const { qbo, result } = sync(routes);

    // Assess
    await expect(result).resolves.toMatchObject({ customerId: '41', outcome: 'linked', created: false });
    const writes = qbo.calls.filter((call) => call.method === 'POST');
    expect(writes.map((call) => call.body)).toEqual([
      expect.objectContaining({ Id: '41', SyncToken: '3', sparse: true }),
    ]);
  });

  it('still releases the lease, audits the failure and keeps it for Sync health when QuickBooks refuses', async () => {
    // Prepare
    leaseIsFreeOn(ddb, userItem(ann));
    const refusing: QboRoutes = {
      ...emptyCompany(),
      'POST /customer': () => qboFault(400, '6000', 'A business validation error has occurred'),
    };

    // Act
    const { result } = sync(refusing);

    // Assess
    await expect(result).rejects.toMatchObject({ code: 'qbo_error' });
    const [release, audit, failure, ...rest] = transactItems(ddb);
    expect(release?.Update).toMatchObject({
      Key: { PK: 'USER#u-ann', SK: 'PROFILE' },
      UpdateExpression: 'REMOVE #lease',
      ExpressionAttributeValues: { ':leaseHolder': leaseHolderOf(ddb) },
    });
    expect(audit?.Put?.Item).toMatchObject({
      subject: 'qbo-customer:u-ann',
      action: 'qbo.customer.sync_failed',
      details: { realmId: REALM_ID, error: { code: 'qbo_error' } },
    });
    expect(failure?.Put?.Item).toMatchObject({
      PK: 'SYNCFAILURE#customer#u-ann',
      SK: `REALM#${REALM_ID}`,
      GSI1PK: 'SYNCFAILURES#u-staff',
      GSI2PK: 'SYNCFAILURES',
      kind: 'customer',
      subjectId: 'u-ann',
      actorId: 'u-staff',
      failedAt: NOW.toISOString(),
      code: 'qbo_error',
      message: 'QuickBooks: A business validation error has occurred',
    });
    expect(rest).toEqual([]);
    expect(writeCounts(ddb)).toEqual({ updates: 1, puts: 0, transactions: 1 });
  });

  it('refuses while Sync user to QBO is switched off, touching nothing', async () => {
    // Act
    const { qbo, result } = sync(emptyCompany(), { syncUser: false });

    // Assess
    await expect(result).rejects.toMatchObject({ code: 'qbo_sync_user_disabled' });
    expect(ddb.calls()).toHaveLength(0);
    expect(qbo.calls).toEqual([]);
  });

  it('answers 404 for a user that does not exist', async () => {
    // Prepare
    ddb.on(UpdateCommand).rejects(conditionFailed());

    // Act
    const { qbo, result } = sync(emptyCompany());

    // Assess
    await expect(result).rejects.toMatchObject({ code: 'not_found', message: 'User not found' });
    expect(qbo.calls).toEqual([]);
  });

  it('asks to connect QuickBooks first when the viewer has no connection', async () => {
    // Act
    const { result } = sync(emptyCompany(), { connection: null });

    // Assess
    await expect(result).rejects.toMatchObject({ code: 'qbo_not_connected' });
    expect(ddb.calls()).toHaveLength(0);
  });
});
