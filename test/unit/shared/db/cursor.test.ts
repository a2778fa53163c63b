import { describe, expect, it } from 'vitest';
import { type CursorScope, decodeCursor, encodeCursor } from '../../../../shared/db/cursor';
import { ValidationError } from '../../../../shared/errors';
import {
  auditKey,
  auditPartition,
  ISSUE_LIST_PARTITION,
  issueKey,
  issueListIndex,
  issueRequestorIndex,
  USER_LIST_PARTITION,
  userKey,
  userListIndex,
} from '../../../../shared/keys';

const USERS: CursorScope = { indexName: 'GSI2', partition: USER_LIST_PARTITION };
const ISSUES: CursorScope = { indexName: 'GSI2', partition: ISSUE_LIST_PARTITION };
const ISSUES_OF_U1: CursorScope = { indexName: 'GSI1', partition: issueRequestorIndex('u1', 7).GSI1PK };
const TRAIL: CursorScope = { partition: auditPartition('u1') };

const userRow = { ...userKey('u1'), ...userListIndex('Ann', 'u1'), name: 'Ann', email: 'ann@example.com' };
const tampered = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

const refusal = (scope: CursorScope, cursor: string) => {
  try {
    decodeCursor(scope, cursor);
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('paging cursors', () => {
  it('resumes after the row it was made from, carrying only its key', () => {
    const cursor = encodeCursor(USERS, userRow);

    expect(decodeCursor(USERS, cursor)).toEqual({ ...userKey('u1'), ...userListIndex('Ann', 'u1') });
  });

  it('round-trips a table listing’s LastEvaluatedKey', () => {
    const key = auditKey('u1', '2026-01-01T00:00:00.000Z', 'e1');

    expect(decodeCursor(TRAIL, encodeCursor(TRAIL, key))).toEqual(key);
  });

  it('starts at the first page without a cursor', () => {
    expect(decodeCursor(USERS, undefined)).toBeUndefined();
    expect(decodeCursor(USERS, '')).toBeUndefined();
    expect(encodeCursor(USERS, undefined)).toBeUndefined();
  });

  it.each([
    ['not base64 JSON', USERS, '%%%not-a-cursor'],
    ['JSON that is not an object', USERS, tampered('USERS')],
    ['null', USERS, tampered(null)],
    ['an array', USERS, tampered([userKey('u1')])],
    ['a key missing the index attributes', USERS, tampered(userKey('u1'))],
    [
      'an extra attribute',
      USERS,
      tampered({ ...userKey('u1'), ...userListIndex('Ann', 'u1'), role: 'admin' }),
    ],
    [
      'a number where a key is',
      USERS,
      tampered({ ...userKey('u1'), ...userListIndex('Ann', 'u1'), GSI2SK: 7 }),
    ],
    [
      'an object where a key is',
      USERS,
      tampered({ ...userKey('u1'), ...userListIndex('Ann', 'u1'), GSI2SK: { S: 'a' } }),
    ],
    ['an empty key value', USERS, tampered({ ...userKey('u1'), ...userListIndex('Ann', 'u1'), SK: '' })],
    [
      'an over-long key value',
      USERS,
      encodeCursor(USERS, { ...userKey('u1'), ...userListIndex('a'.repeat(2000), 'u1') }),
    ],
    [
      'another listing of the same index',
      USERS,
      encodeCursor(ISSUES, { ...issueKey(7), ...issueListIndex(7) }),
    ],
    [
      'another partition of the same index',
      ISSUES_OF_U1,
      encodeCursor(ISSUES_OF_U1, { ...issueKey(7), ...issueRequestorIndex('u2', 7) }),
    ],
    ['an index key on a table listing', TRAIL, encodeCursor(USERS, userRow)],
    ['a table key on an index listing', USERS, encodeCursor(TRAIL, userKey('u1'))],
  ])('refuses %s as a 400 on cursor', (_what, scope, cursor) => {
    const error = refusal(scope, cursor ?? '');

    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).details).toEqual({
      fieldErrors: { cursor: ['Not a cursor from this list'] },
    });
  });
});
