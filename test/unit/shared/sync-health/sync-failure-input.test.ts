import { describe, expect, it } from 'vitest';
import type { ValidationError } from '../../../../shared/errors';
import { parseInput } from '../../../../shared/http/parse-input';
import {
  SyncFailurePathSchema,
  SyncFailureQuerySchema,
} from '../../../../shared/sync-health/sync-failure-input';

const USER_ID = '3f0c7a52-0000-4000-8000-000000000000';
/** The fields a 400 names, or none when the input parses. */
const fieldsRefused = (run: () => unknown): string[] => {
  try {
    run();
    return [];
  } catch (error) {
    return Object.keys(((error as ValidationError).details as { fieldErrors: object }).fieldErrors);
  }
};

describe('the failure in the path', () => {
  it('is read as the subject and company it names', () => {
    expect(parseInput(SyncFailurePathSchema, { id: `customer.${USER_ID}.9341450000000001` }, 'id')).toEqual({
      id: { kind: 'customer', subjectId: USER_ID, realmId: '9341450000000001' },
    });
  });

  it.each([
    'customer.12.9341450000000001',
    'invoice.abc.9341450000000001',
    'invoice.0.9341450000000001',
    'issue.12.9341450000000001',
    `customer.${USER_ID}.934/1`,
    `customer.${USER_ID}.${'9'.repeat(65)}`,
    '',
  ])('is a 400 naming id for %j', (id) => {
    expect(fieldsRefused(() => parseInput(SyncFailurePathSchema, { id }, 'id'))).toEqual(['id']);
  });
});

describe('the list’s query', () => {
  it('takes a page, or one subject', () => {
    expect(parseInput(SyncFailureQuerySchema, {}, 'query')).toEqual({ limit: 25 });
    expect(parseInput(SyncFailureQuerySchema, { kind: 'invoice', subjectId: '7' }, 'query')).toMatchObject({
      kind: 'invoice',
      subjectId: '7',
    });
  });

  it.each([
    [{ kind: 'customer' }, 'subjectId'],
    [{ subjectId: '7' }, 'kind'],
    [{ kind: 'customer', subjectId: '7' }, 'subjectId'],
    [{ kind: 'invoice', subjectId: USER_ID }, 'subjectId'],
    [{ kind: 'job', subjectId: '7' }, 'kind'],
  ])('is a 400 naming the field for %j', (query, field) => {
    expect(fieldsRefused(() => parseInput(SyncFailureQuerySchema, query, 'query'))).toEqual([field]);
  });
});
