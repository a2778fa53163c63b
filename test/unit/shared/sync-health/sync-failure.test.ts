import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../../../shared/errors';
import {
  QboBusyError,
  QboFaultError,
  QboNotConnectedError,
  QboThrottledError,
  QboUnavailableError,
} from '../../../../shared/qbo/qbo-errors';
import {
  parseSyncFailureId,
  syncFailureId,
  syncFailureOf,
} from '../../../../shared/sync-health/sync-failure';

const subject = { kind: 'customer' as const, subjectId: 'u-ann', realmId: '9130350000000001' };
const AT = '2026-03-02T18:00:00.000Z';
const failureFrom = (error: unknown) =>
  syncFailureOf(subject, { error, actorId: 'u-staff', at: AT, companyName: 'Sandbox Company' });

describe('what a failed sync keeps for Sync health', () => {
  it('keeps QuickBooks’ own message, its intuit_tid and the fault’s code and element', () => {
    const error = new QboFaultError(
      400,
      [
        {
          code: '6240',
          message: 'Duplicate Name Exists Error',
          detail: 'The name supplied already exists.',
          element: 'DisplayName',
        },
      ],
      'tid-123',
    );

    expect(failureFrom(error)).toEqual({
      ...subject,
      id: 'customer.u-ann.9130350000000001',
      failedAt: AT,
      actorId: 'u-staff',
      code: 'qbo_error',
      message: 'QuickBooks: The name supplied already exists.',
      intuitTid: 'tid-123',
      qboFault: { code: '6240', element: 'DisplayName' },
      companyName: 'Sandbox Company',
    });
  });

  it.each([
    ['QuickBooks not answering', new QboUnavailableError('HTTP 503', 'tid-9'), 'qbo_unavailable'],
    [
      'a connection QuickBooks no longer accepts',
      new QboNotConnectedError('needs_reconnect'),
      'qbo_not_connected',
    ],
    ['a conflict found under the lease', new ConflictError('Map “Labour” first'), 'conflict'],
  ])('keeps %s, with its code and message', (_what, error, code) => {
    expect(failureFrom(error)).toMatchObject({ code, message: error.message });
  });

  it('keeps the reference QuickBooks gave a 503', () => {
    expect(failureFrom(new QboUnavailableError('HTTP 503', 'tid-9'))?.intuitTid).toBe('tid-9');
  });

  it('says nothing of an unexpected error’s cause', () => {
    expect(failureFrom(new Error('socket hang up at 10.0.0.7'))).toMatchObject({
      code: 'internal_error',
      message: 'Something went wrong on our side. Try again later.',
    });
  });

  it.each([
    ['QuickBooks asking to slow down (429)', new QboThrottledError(5, 'tid-1')],
    ['another request holding the lease', new QboBusyError('This customer')],
  ])('is nothing for %s', (_what, error) => {
    expect(failureFrom(error)).toBeUndefined();
  });
});

describe('a failure’s id', () => {
  it.each([
    {
      kind: 'customer' as const,
      subjectId: '3f0c7a52-0000-4000-8000-000000000000',
      realmId: '9341450000000001',
    },
    { kind: 'invoice' as const, subjectId: '42', realmId: '9341450000000002' },
  ])('reads back as the subject it names ($kind)', (named) => {
    expect(parseSyncFailureId(syncFailureId(named))).toEqual(named);
  });

  it.each(['customer.u-ann', 'job.1.2', 'invoice.1.2.3', 'invoice..1'])('refuses %s', (id) => {
    expect(parseSyncFailureId(id)).toBeUndefined();
  });
});
