import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../../shared/errors';
import { parseInput } from '../../../../shared/http/parse-input';
import { IssuePathSchema, PageQuerySchema, UserPathSchema } from '../../../../shared/http/path-params';

const fieldErrorsOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return (error.details as { fieldErrors: object }).fieldErrors;
    throw error;
  }
  throw new Error('expected a validation error');
};

describe('ids in the path', () => {
  it.each(['1', '7', '007', '999999999999'])('reads the issue number %s', (id) => {
    expect(parseInput(IssuePathSchema, { id }, 'id')).toEqual({ id: Number(id) });
  });

  it.each([
    '0',
    '-1',
    '1.5',
    '1e3',
    '1e400',
    '0x10',
    ' 7 ',
    '99999999999999999999999',
    '1000000000000',
    '9'.repeat(5000),
    '%E0%A4%A',
    '',
  ])('refuses the issue number %s with a 400 on id', (id) => {
    expect(fieldErrorsOf(() => parseInput(IssuePathSchema, { id }, 'id'))).toEqual({
      id: ['Not an issue number'],
    });
  });

  it('reads a user id', () => {
    const id = '8b1f7a52-0a52-4c1e-9a53-3f0d7c2f1e2a';

    expect(parseInput(UserPathSchema, { id }, 'id')).toEqual({ id });
  });

  it.each(['not-a-uuid', `8b1f7a52-0a52-4c1e-9a53-3f0d7c2f1e2a${'a'.repeat(3000)}`, '%E0%A4%A', '\u{1F600}'])(
    'refuses the user id %s with a 400 on id',
    (id) => {
      expect(fieldErrorsOf(() => parseInput(UserPathSchema, { id }, 'id'))).toEqual({
        id: ['Not a user id'],
      });
    },
  );
});

describe('paging in the query string', () => {
  it('pages by 25 unless told', () => {
    expect(parseInput(PageQuerySchema, undefined, 'query')).toEqual({ limit: 25 });
    expect(parseInput(PageQuerySchema, { limit: '100' }, 'query')).toEqual({ limit: 100 });
  });

  it.each(['0', '101', '1e1', '2.5', '5,6', '', 'x'.repeat(10_000)])('refuses the limit %s', (limit) => {
    expect(fieldErrorsOf(() => parseInput(PageQuerySchema, { limit }, 'query'))).toHaveProperty('limit');
  });

  it('refuses a cursor longer than any this API hands out', () => {
    expect(fieldErrorsOf(() => parseInput(PageQuerySchema, { cursor: 'a'.repeat(2001) }, 'query'))).toEqual({
      cursor: ['Not a cursor from this list'],
    });
  });
});
