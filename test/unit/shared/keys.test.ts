import { describe, expect, it } from 'vitest';
import {
  CATALOG_ITEM_SK_PREFIX,
  catalogItemKey,
  catalogNameGuardKey,
  emailGuardKey,
  ISSUE_ENTRY_SK_PREFIX,
  issueEntryKey,
  issueInvoiceKey,
  issueItemsHaving,
  issueKey,
  issueListIndex,
  issueRequestorIndex,
  oauthStateKey,
  PASSKEY_SK_PREFIX,
  parseIssueInvoiceSk,
  parseQboPointerKey,
  passkeyChallengeKey,
  passkeyKey,
  qboConnectionKey,
  qboCustomerPointerKey,
  qboInvoicePointerKey,
  realmConnectionsPartition,
  realmCustomerIndex,
  realmInvoiceIndex,
  sessionKey,
  userKey,
} from '../../../shared/keys';

describe('single-table keys', () => {
  it('reads the realm and invoice id back out of an issue invoice key', () => {
    const key = issueInvoiceKey(42, '9341450000000001', '130');

    expect(parseIssueInvoiceSk(key.SK)).toEqual({ realmId: '9341450000000001', invoiceId: '130' });
    expect(key.PK).toBe(issueKey(42).PK);
  });

  it('refuses to parse a key that is not an invoice key', () => {
    expect(parseIssueInvoiceSk('ISSUE')).toBeUndefined();
  });

  it('sorts issue numbers numerically in the list indexes', () => {
    const sortKeys = [9, 10, 100].map((id) => issueListIndex(id).GSI2SK);

    expect([...sortKeys].sort()).toEqual(sortKeys);
    expect(issueRequestorIndex('u1', 9).GSI1SK < issueRequestorIndex('u1', 10).GSI1SK).toBe(true);
  });

  it('gives the email guard the same key whatever the letter case', () => {
    expect(emailGuardKey('Ann@Example.com')).toEqual(emailGuardKey('ann@example.com'));
  });

  it('filters a migration’s Scan to the issue items themselves, not the entries and invoices beside them', () => {
    const filter = issueItemsHaving('amount');

    expect(filter.ExpressionAttributeValues[':issueSk']).toBe(issueKey(1).SK);
    expect(issueEntryKey(1, 'x').SK).not.toBe(issueKey(1).SK);
    expect(issueInvoiceKey(1, 'r', 'i').SK).not.toBe(issueKey(1).SK);
    expect(filter.ExpressionAttributeNames).toEqual({ '#sk': 'SK', '#attribute': 'amount' });
  });

  it('never lets different kinds of item share a partition', () => {
    const partitions = [userKey('1').PK, issueKey(1).PK, sessionKey('1').PK, emailGuardKey('1').PK];

    expect(new Set(partitions).size).toBe(partitions.length);
  });
});

describe('billing keys', () => {
  it('keeps an issue’s billable entries in the issue’s partition, apart from its invoices', () => {
    const entry = issueEntryKey(42, '01ARYZ6S410000000000000000');

    expect(entry.PK).toBe(issueKey(42).PK);
    expect(entry.SK.startsWith(ISSUE_ENTRY_SK_PREFIX)).toBe(true);
    expect(parseIssueInvoiceSk(entry.SK)).toBeUndefined();
    expect(entry.SK).not.toBe(issueKey(42).SK);
  });

  it('gives catalogue names the same guard whatever the letter case, apart from the items', () => {
    expect(catalogNameGuardKey('On-site Labour')).toEqual(catalogNameGuardKey('on-site labour'));
    expect(catalogNameGuardKey('x').SK.startsWith(CATALOG_ITEM_SK_PREFIX)).toBe(false);
    expect(catalogItemKey('x').PK).toBe(catalogNameGuardKey('x').PK);
  });
});

describe('sync health keys', () => {
  it('reads what a customer or invoice pointer names back out of its key', () => {
    expect(parseQboPointerKey(qboCustomerPointerKey('9341450000000001', '58'))).toEqual({
      kind: 'customer',
      realmId: '9341450000000001',
      qboId: '58',
    });
    expect(parseQboPointerKey(qboInvoicePointerKey('9341450000000001', '130'))).toEqual({
      kind: 'invoice',
      realmId: '9341450000000001',
      qboId: '130',
    });
    expect(parseQboPointerKey(userKey('u-ann'))).toBeUndefined();
  });

  it('keeps a company’s customers, invoices and connections in partitions of their own, newest sync last', () => {
    const customers = realmCustomerIndex('r1', '2026-01-01T00:00:00.000Z', '58');
    const invoices = realmInvoiceIndex('r1', '2026-01-01T00:00:00.000Z', '130');
    const later = realmCustomerIndex('r1', '2026-01-02T00:00:00.000Z', '7');

    expect(new Set([customers.GSI1PK, invoices.GSI1PK, realmConnectionsPartition('r1')]).size).toBe(3);
    expect(customers.GSI1SK < later.GSI1SK).toBe(true);
  });
});

describe('passkey keys', () => {
  it('keeps a user’s passkeys in the user’s partition, apart from the profile and the QBO connection', () => {
    const passkey = passkeyKey('u1', 'a'.repeat(32));

    expect(passkey.PK).toBe(userKey('u1').PK);
    expect(passkey.SK.startsWith(PASSKEY_SK_PREFIX)).toBe(true);
    expect([userKey('u1').SK, qboConnectionKey('u1').SK]).not.toContain(passkey.SK);
  });

  it('gives each challenge a partition of its own', () => {
    const partitions = [
      passkeyChallengeKey('u1').PK,
      userKey('u1').PK,
      sessionKey('u1').PK,
      oauthStateKey('u1').PK,
    ];

    expect(new Set(partitions).size).toBe(partitions.length);
  });
});
