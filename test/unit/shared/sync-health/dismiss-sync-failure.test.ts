import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { syncFailureKey } from '../../../../shared/keys';
import { dismissSyncFailure } from '../../../../shared/sync-health/dismiss-sync-failure';
import { conditionFailed, mockedTable } from '../../support/dynamodb-mock';
import { aStaffMember, aUser, REALM_ID } from '../../support/qbo-fakes';

const { ddb, table } = mockedTable();
const subject = { kind: 'invoice' as const, subjectId: '7', realmId: REALM_ID };
const sam = aStaffMember();

beforeEach(() => {
  ddb.reset();
  ddb.on(DeleteCommand).resolves({});
});

describe('dismissing a failed sync', () => {
  it('deletes a staff member’s failure only while it is theirs', async () => {
    await dismissSyncFailure({ table }, { viewer: sam, subject });

    const [call] = ddb.commandCalls(DeleteCommand);
    expect(call?.args[0].input).toMatchObject({
      Key: syncFailureKey('invoice', '7', REALM_ID),
      ExpressionAttributeValues: { ':actorId': sam.id },
    });
  });

  it('lets an admin dismiss anyone’s failure', async () => {
    await dismissSyncFailure({ table }, { viewer: aUser({ id: 'u-pat', role: 'admin' }), subject });

    expect(ddb.commandCalls(DeleteCommand)[0]?.args[0].input.ExpressionAttributeValues).toBeUndefined();
  });

  it('answers not found for a failure that is gone or someone else’s', async () => {
    ddb.on(DeleteCommand).rejects(conditionFailed());

    await expect(dismissSyncFailure({ table }, { viewer: sam, subject })).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});
