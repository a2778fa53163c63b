import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../../web/src/api/client';
import type { QboSyncEvent, QboSyncResult, UserQboLink } from '../../../../web/src/api/types';
import { formatCalendarDate, formatDateTime } from '../../../../web/src/lib/format';
import {
  backstopText,
  connectOutcome,
  describeSyncEvent,
  formatMoney,
  intuitReference,
  invoiceButtonLabel,
  lastWebhookText,
  linkInRealm,
  otherRealmIds,
  qboConnectUrl,
  qboProblem,
  recentSyncEvents,
  reconnectReason,
  usableConnection,
  withInvoice,
  withoutConnectOutcome,
  withSyncResult,
} from '../../../../web/src/lib/qbo';
import { anInvoice } from '../builders';

const connected = {
  connected: true as const,
  realmId: '9341450000000001',
  companyName: 'Sandbox Company US 1',
  environment: 'sandbox' as const,
  connectedAt: '2026-11-20T10:00:00.000Z',
};

const aLink = (realmId: string, customerId = '58'): UserQboLink => ({
  realmId,
  customerId,
  displayName: 'Ada Lovelace',
  syncedAt: '2026-11-20T10:00:00.000Z',
  customerUrl: `https://qbo.example/app/customerdetail?nameId=${customerId}`,
});

describe('connecting to QuickBooks', () => {
  it('starts the OAuth flow coming back to the page the user was on', () => {
    expect(qboConnectUrl('/users/u 1')).toBe('/api/qbo/connect?returnTo=%2Fusers%2Fu%201');
  });

  it.each([
    [{ qbo: 'connected' }, { ok: true, message: 'Connected to QuickBooks' }],
    [
      { qboError: 'state' },
      { ok: false, message: 'That QuickBooks sign-in link expired or was already used; try again' },
    ],
    [{ qboError: 'denied' }, { ok: false, message: 'QuickBooks connection was cancelled' }],
    [
      { qboError: 'exchange' },
      { ok: false, message: 'QuickBooks did not complete the connection; try again' },
    ],
    [
      { qboError: 'company' },
      { ok: false, message: 'QuickBooks did not complete the connection; try again' },
    ],
    [
      { qboError: 'surprise' },
      { ok: false, message: 'QuickBooks did not complete the connection; try again' },
    ],
    [{}, undefined],
  ])('says how the connection attempt went for %o', (query, expected) => {
    expect(connectOutcome(query)).toEqual(expected);
  });

  it('takes the callback’s parameters out of the address and keeps the rest', () => {
    expect(withoutConnectOutcome('/settings', { qbo: 'connected' })).toBe('/settings');
    expect(withoutConnectOutcome('/users', { qboError: 'denied', q: 'ada' })).toBe('/users?q=ada');
  });

  it('treats a connection that needs a reconnect as not usable', () => {
    expect(usableConnection(connected)).toBe(connected);
    expect(usableConnection({ connected: false })).toBeUndefined();
    expect(
      usableConnection({ ...connected, needsReconnect: { reason: 'revoked', at: connected.connectedAt } }),
    ).toBeUndefined();
  });
});

describe('QBO refusals', () => {
  it.each([
    ['qbo_sync_user_disabled', 'sync_disabled'],
    ['qbo_sync_invoice_disabled', 'sync_disabled'],
    ['qbo_not_connected', 'not_connected'],
    ['qbo_error', 'other'],
  ])('shows %s as %s', (code, problem) => {
    expect(qboProblem(new ApiError(409, code, 'x'))).toBe(problem);
  });

  it('gives the reconnect reason only when Intuit dropped the connection', () => {
    const dropped = new ApiError(409, 'qbo_not_connected', 'QuickBooks refused the saved sign-in', {
      reason: 'needs_reconnect',
    });
    const never = new ApiError(409, 'qbo_not_connected', 'Connect to QuickBooks first', {
      reason: 'not_connected',
    });

    expect(reconnectReason(dropped)).toBe('QuickBooks refused the saved sign-in');
    expect(reconnectReason(never)).toBeUndefined();
  });

  it('keeps Intuit’s reference for support', () => {
    expect(intuitReference(new ApiError(502, 'qbo_error', 'Bad', { intuitTid: 'tid-1' }))).toBe('tid-1');
    expect(intuitReference(new ApiError(503, 'qbo_unavailable', 'Down'))).toBeUndefined();
  });
});

describe('customer links', () => {
  it('finds the link in the viewer’s company and names the other companies once', () => {
    const links = [aLink('1'), aLink('2'), aLink('3', '9')];

    expect(linkInRealm(links, '2')?.realmId).toBe('2');
    expect(linkInRealm(links, '4')).toBeUndefined();
    expect(otherRealmIds([...links, aLink('3', '10')], '2')).toEqual(['1', '3']);
  });

  it('puts a sync’s result in place of the old link for that company', () => {
    const result: QboSyncResult = {
      customerId: '77',
      realmId: '1',
      customerUrl: 'https://qbo.example/app/customerdetail?nameId=77',
      created: true,
      outcome: 'recreated',
      displayName: 'Ada Lovelace (ada@example.com)',
      displayNameAdjusted: true,
      message: 'Recreated',
      syncedAt: '2026-11-21T10:00:00.000Z',
    };

    const links = withSyncResult([aLink('1'), aLink('2')], result);

    expect(links).toHaveLength(2);
    expect(linkInRealm(links, '1')).toMatchObject({ customerId: '77', displayName: result.displayName });
  });
});

describe('sync history', () => {
  const event = (overrides: Partial<QboSyncEvent>): QboSyncEvent => ({
    id: overrides.at ?? 'e',
    at: '2026-11-20T10:00:00.000Z',
    actorId: 'staff-1',
    ...overrides,
  });

  it.each([
    [event({ outcome: 'created', displayName: 'Ada' }), 'Created customer "Ada"'],
    [event({ outcome: 'linked', displayName: 'Ada' }), 'Linked to existing customer "Ada"'],
    [
      event({ outcome: 'recreated', displayName: 'Ada' }),
      'Recreated customer "Ada" (the old one was deleted in QuickBooks)',
    ],
    [event({ error: { code: 'qbo_error', message: 'Duplicate Name' } }), 'Failed: Duplicate Name'],
    [event({ error: { code: 'qbo_unavailable' } }), 'Failed: qbo_unavailable'],
  ])('says what happened in plain words', (entry, words) => {
    expect(describeSyncEvent(entry)).toBe(words);
  });

  it('shows the newest five, newest first', () => {
    const history = ['03', '01', '07', '05', '02', '06', '04'].map((day) =>
      event({ at: `2026-11-${day}T10:00:00.000Z` }),
    );

    expect(recentSyncEvents(history).map((entry) => entry.at.slice(8, 10))).toEqual([
      '07',
      '06',
      '05',
      '04',
      '03',
    ]);
  });
});

describe('invoices', () => {
  it('offers "Update invoice" once the issue has one in the viewer’s company', () => {
    expect(invoiceButtonLabel({}, '1')).toBe('Create invoice');
    expect(
      invoiceButtonLabel(
        { qboInvoices: { '2': { invoiceId: '5', syncToken: '0', syncedAt: '', generation: 0 } } },
        '1',
      ),
    ).toBe('Create invoice');
    expect(
      invoiceButtonLabel(
        { qboInvoices: { '1': { invoiceId: '5', syncToken: '0', syncedAt: '', generation: 0 } } },
        '1',
      ),
    ).toBe('Update invoice');
    expect(invoiceButtonLabel({}, '1', true)).toBe('Update invoice');
  });

  it('replaces an updated invoice in the list and adds a new one at the end', () => {
    const list = [anInvoice({ id: '1' }), anInvoice({ id: '2' })];

    expect(withInvoice(list, anInvoice({ id: '2', balance: '0.00' })).map((i) => i.balance)).toEqual([
      '150.00',
      '0.00',
    ]);
    expect(withInvoice(list, anInvoice({ id: '3' })).map((i) => i.id)).toEqual(['1', '2', '3']);
  });

  it('shows QBO’s decimal strings as money without float drift', () => {
    expect(formatMoney('150.00', 'USD', 'en-US')).toBe('$150.00');
    expect(formatMoney('0.10', 'USD', 'en-US')).toBe('$0.10');
    expect(formatMoney('12345678901234567.89', 'USD', 'en-US')).toBe('$12,345,678,901,234,567.89');
    expect(formatMoney('99.95', 'GBP', 'en-GB')).toBe('£99.95');
  });

  it('still shows the amount when the currency code is unknown', () => {
    expect(formatMoney('10.00', 'not a code', 'en-US')).toBe('10.00 not a code');
  });

  it('shows a due date as the same calendar day in every time zone', () => {
    expect(formatCalendarDate('2026-12-01')).toContain('2026');
    expect(formatCalendarDate('2026-12-01')).toMatch(/\b1\b/);
    expect(formatCalendarDate('not a date')).toBe('not a date');
    expect(formatCalendarDate(undefined)).toBe('');
  });
});

describe('webhooks and the backstop', () => {
  const at = '2026-11-20T10:00:00.000Z';
  const company = { realmId: '9341450000000001', companyName: 'Sandbox Company US 1' };

  it('says when the last webhook came, or that none has', () => {
    expect(lastWebhookText({ lastWebhookAt: at })).toBe(`Last webhook received: ${formatDateTime(at)}`);
    expect(lastWebhookText({})).toBe('No webhook received yet');
  });

  it('says when the backstop last ran for a company and what it found', () => {
    expect(backstopText({ ...company, backstopRanAt: at, backstopChanges: 3 })).toBe(
      `Backstop last ran: ${formatDateTime(at)} (3 changes)`,
    );
    expect(backstopText({ ...company, backstopRanAt: at, backstopChanges: 1 })).toBe(
      `Backstop last ran: ${formatDateTime(at)} (1 change)`,
    );
  });

  it('says the backstop has not run for a company it never ran for', () => {
    expect(backstopText(company)).toBe('Not run yet');
  });
});
