// The only module that spells the single table's key shapes (see README "Access patterns").
// Every item has PK/SK; listings use GSI1 (per-owner lists) and GSI2 (app-wide lists).
import { type IndexName, indexKeysOf } from './table-definition';

const USER_PROFILE_SK = 'PROFILE';
const ISSUE_SK = 'ISSUE';
export const ISSUE_INVOICE_SK_PREFIX = 'INVOICE#';

const ID_WIDTH = 12;
const padId = (id: number) => String(id).padStart(ID_WIDTH, '0');

export const userKey = (userId: string) => ({ PK: `USER#${userId}`, SK: USER_PROFILE_SK });
export const userListIndex = (name: string, userId: string) => ({
  GSI2PK: 'USERS',
  GSI2SK: `${name.toLowerCase()}#${userId}`,
});
export const USER_LIST_PARTITION = 'USERS';

export const emailGuardKey = (email: string) => ({ PK: `EMAIL#${email.toLowerCase()}`, SK: 'EMAIL' });

export const issueKey = (issueId: number) => ({ PK: `ISSUE#${issueId}`, SK: ISSUE_SK });
/**
 * A Scan filter for the issue items (not the entries or invoices beside them) that still have
 * `attribute`: only migrations Scan (a request path never does).
 */
export const issueItemsHaving = (attribute: string) => ({
  FilterExpression: '#sk = :issueSk AND attribute_exists(#attribute)',
  ExpressionAttributeNames: { '#sk': 'SK', '#attribute': attribute },
  ExpressionAttributeValues: { ':issueSk': ISSUE_SK },
});
export const issueCounterKey = () => ({ PK: 'COUNTER', SK: 'ISSUE' });
/**
 * A Scan filter for what predates money coming back (migrations only): connections not yet listed
 * by company, invoice records not yet on the Invoices page, and users linked to QuickBooks customers.
 */
export const unindexedForMoneyBack = () => ({
  FilterExpression:
    '(#sk = :connection AND attribute_not_exists(GSI1PK)) OR (begins_with(#sk, :invoice) AND attribute_not_exists(GSI2PK)) OR (#sk = :profile AND attribute_exists(qboCustomers))',
  ExpressionAttributeNames: { '#sk': 'SK' },
  ExpressionAttributeValues: {
    ':connection': 'QBO#CONNECTION',
    ':invoice': ISSUE_INVOICE_SK_PREFIX,
    ':profile': USER_PROFILE_SK,
  },
});
export const issueRequestorIndex = (requestorId: string, issueId: number) => ({
  GSI1PK: requestorPartition(requestorId),
  GSI1SK: `ISSUE#${padId(issueId)}`,
});
export const requestorPartition = (requestorId: string) => `REQUESTOR#${requestorId}`;
export const issueListIndex = (issueId: number) => ({ GSI2PK: ISSUE_LIST_PARTITION, GSI2SK: padId(issueId) });
export const ISSUE_LIST_PARTITION = 'ISSUES';

export const issueInvoiceKey = (issueId: number, realmId: string, invoiceId: string) => ({
  PK: `ISSUE#${issueId}`,
  SK: `${ISSUE_INVOICE_SK_PREFIX}${realmId}#${invoiceId}`,
});
export const issueInvoicePrefix = (realmId: string) => `${ISSUE_INVOICE_SK_PREFIX}${realmId}#`;
/** The realm and invoice id of an issue's invoice item, or undefined for any other item of the partition. */
export const parseIssueInvoiceSk = (sk: string) => {
  const [, realmId, invoiceId, ...rest] = sk.split('#');
  if (!sk.startsWith(ISSUE_INVOICE_SK_PREFIX) || !realmId || !invoiceId || rest.length) return undefined;
  return { realmId, invoiceId };
};

/** A billable entry of an issue: in the issue's partition, beside the issue and its invoices. */
export const ISSUE_ENTRY_SK_PREFIX = 'ENTRY#';
export const issueEntryKey = (issueId: number, entryId: string) => ({
  PK: issueKey(issueId).PK,
  SK: `${ISSUE_ENTRY_SK_PREFIX}${entryId}`,
});

// The catalogue is one partition: its items, and a guard per lower-cased name that keeps names unique.
const CATALOG_PARTITION = 'CATALOG';
export const CATALOG_ITEM_SK_PREFIX = 'ITEM#';
export const catalogPartitionKey = () => ({ PK: CATALOG_PARTITION });
export const catalogItemKey = (itemId: string) => ({
  PK: CATALOG_PARTITION,
  SK: `${CATALOG_ITEM_SK_PREFIX}${itemId}`,
});
export const catalogNameGuardKey = (name: string) => ({
  PK: CATALOG_PARTITION,
  SK: `NAME#${name.normalize('NFC').toLowerCase()}`,
});

export const settingsKey = () => ({ PK: 'SETTINGS', SK: 'APP' });

export const qboConnectionKey = (userId: string) => ({ PK: `USER#${userId}`, SK: 'QBO#CONNECTION' });
/** On a connection item: the company's connections, to find one for work nobody asked for (webhooks, CDC). */
export const realmConnectionsPartition = (realmId: string) => `REALM#${realmId}#CONNECTIONS`;
export const realmConnectionIndex = (realmId: string, userId: string) => ({
  GSI1PK: realmConnectionsPartition(realmId),
  GSI1SK: userId,
});

// Money coming back from QuickBooks (webhooks and the CDC backstop).
export const QBO_EVENT_PK_PREFIX = 'QBOEVENT#';
/** An event of the inbox: written once, its stream record feeds the worker. */
export const qboEventKey = (realmId: string, occurredAt: string, eventId: string) => ({
  PK: `${QBO_EVENT_PK_PREFIX}${realmId}`,
  SK: `${occurredAt}#${eventId}`,
});
/** Which issue an invoice of a company was made from. */
export const qboInvoicePointerKey = (realmId: string, invoiceId: string) => ({
  PK: `QBOINVOICE#${realmId}#${invoiceId}`,
  SK: 'INVOICE',
});
/** Which user a customer of a company is. */
export const qboCustomerPointerKey = (realmId: string, customerId: string) => ({
  PK: `QBOCUSTOMER#${realmId}#${customerId}`,
  SK: 'CUSTOMER',
});
/** A company Deskbooks is connected to, with its CDC cursor; GSI2 `REALMS` lists them for the backstop. */
export const realmKey = (realmId: string) => ({ PK: `REALM#${realmId}`, SK: 'CDC' });
export const REALM_LIST_PARTITION = 'REALMS';
export const realmListIndex = (realmId: string) => ({ GSI2PK: REALM_LIST_PARTITION, GSI2SK: realmId });
export const webhookStatusKey = () => ({ PK: 'WEBHOOKS', SK: 'STATUS' });
/** The Invoices page: every invoice Deskbooks made, newest first. */
export const INVOICE_LIST_PARTITION = 'INVOICES';
/** Invoices with money still owed, by due date (sparse GSI1): the Invoices page's outstanding and overdue totals. */
export const OPEN_INVOICES_PARTITION = 'OPENINVOICES';
export const openInvoiceIndex = (
  open: { dueDate?: string } | undefined,
  realmId: string,
  invoiceId: string,
): { GSI1PK: string | null; GSI1SK: string | null } =>
  open
    ? { GSI1PK: OPEN_INVOICES_PARTITION, GSI1SK: `${open.dueDate ?? '9999-12-31'}#${realmId}#${invoiceId}` }
    : { GSI1PK: null, GSI1SK: null };
export const invoiceListIndex = (createdAt: string, realmId: string, invoiceId: string) => ({
  GSI2PK: INVOICE_LIST_PARTITION,
  GSI2SK: `${createdAt}#${realmId}#${invoiceId}`,
});
// Sync health and bulk sync (issue 14).
/** A company's pacing slot: the QuickBooks units and batch calls Deskbooks' bulk work spent in it. */
export const REALM_PACE_SK_PREFIX = 'PACE#';
const SLOT_WIDTH = 12;
export const realmPaceKey = (realmId: string, slot: number) => ({
  PK: `REALM#${realmId}`,
  SK: `${REALM_PACE_SK_PREFIX}${String(slot).padStart(SLOT_WIDTH, '0')}`,
});

/** A bulk job and its items (chunks of subjects); an inserted job or item wakes the jobs worker. */
export const JOB_PK_PREFIX = 'JOB#';
export const JOB_SK = 'JOB';
export const JOB_ITEM_SK_PREFIX = 'ITEM#';
export const jobKey = (jobId: string) => ({ PK: `${JOB_PK_PREFIX}${jobId}`, SK: JOB_SK });
export const jobItemKey = (jobId: string, itemNumber: number) => ({
  PK: `${JOB_PK_PREFIX}${jobId}`,
  SK: `${JOB_ITEM_SK_PREFIX}${String(itemNumber).padStart(6, '0')}`,
});
/** Which job, and which of its items (undefined: the job itself), a stream record's keys name. */
export const parseJobKey = (key: { PK: string; SK: string }): { jobId: string; itemNumber?: number } => ({
  jobId: key.PK.slice(JOB_PK_PREFIX.length),
  ...(key.SK.startsWith(JOB_ITEM_SK_PREFIX)
    ? { itemNumber: Number(key.SK.slice(JOB_ITEM_SK_PREFIX.length)) }
    : {}),
});
/** Every job, newest last, per kind (GSI2): the page finds the running or latest job of a kind. */
export const jobListPartition = (kind: string) => `JOBS#${kind}`;
export const jobListIndex = (kind: string, createdAt: string, jobId: string) => ({
  GSI2PK: jobListPartition(kind),
  GSI2SK: `${createdAt}#${jobId}`,
});

/**
 * The last failed sync of one record (a user as a customer, an issue as an invoice) with one company.
 * A later success deletes it. GSI2 lists all failures (admins), GSI1 those of one actor (staff).
 */
export type SyncSubjectKind = 'customer' | 'invoice';
export const syncFailurePartition = (kind: SyncSubjectKind, subjectId: string) =>
  `SYNCFAILURE#${kind}#${subjectId}`;
export const syncFailureKey = (kind: SyncSubjectKind, subjectId: string, realmId: string) => ({
  PK: syncFailurePartition(kind, subjectId),
  SK: `REALM#${realmId}`,
});
export const SYNC_FAILURE_LIST_PARTITION = 'SYNCFAILURES';
export const actorSyncFailuresPartition = (actorId: string) => `SYNCFAILURES#${actorId}`;
export const syncFailureIndexes = (actorId: string, failedAt: string, failureId: string) => ({
  GSI1PK: actorSyncFailuresPartition(actorId),
  GSI1SK: `${failedAt}#${failureId}`,
  GSI2PK: SYNC_FAILURE_LIST_PARTITION,
  GSI2SK: `${failedAt}#${failureId}`,
});

export const sessionKey = (tokenHash: string) => ({ PK: `SESSION#${tokenHash}`, SK: 'SESSION' });
export const oauthStateKey = (state: string) => ({ PK: `OAUTHSTATE#${state}`, SK: 'STATE' });

// Passkeys (WebAuthn): each credential in its user's partition, by a hash of its credential ID (which
// can be up to 1023 bytes, too long for a sort key); each challenge its own item, deleted when used.
export const PASSKEY_SK_PREFIX = 'PASSKEY#';
export const passkeyKey = (userId: string, passkeyId: string) => ({
  PK: `USER#${userId}`,
  SK: `${PASSKEY_SK_PREFIX}${passkeyId}`,
});
export const passkeyChallengeKey = (challenge: string) => ({
  PK: `PASSKEYCHALLENGE#${challenge}`,
  SK: 'CHALLENGE',
});

export const auditPartition = (subject: string) => `AUDIT#${subject}`;
export const auditKey = (subject: string, at: string, eventId: string) => ({
  PK: auditPartition(subject),
  SK: `${at}#${eventId}`,
});

export const userSessionsPartition = (userId: string) => `SESSIONS#${userId}`;
export const sessionUserIndex = (userId: string, tokenHash: string) => ({
  GSI1PK: userSessionsPartition(userId),
  GSI1SK: tokenHash,
});

// Conditions and queries that name key attributes are built here too, so no other module spells them.
export const ITEM_EXISTS = 'attribute_exists(PK)';
export const ITEM_IS_NEW = 'attribute_not_exists(PK)';

/** A Query over one partition, optionally only the sort keys that begin with `sortPrefix`. */
export const partitionQuery = (key: { PK: string }, sortPrefix?: string) => ({
  KeyConditionExpression: sortPrefix ? '#pk = :pk AND begins_with(#sk, :skPrefix)' : '#pk = :pk',
  ExpressionAttributeNames: { '#pk': 'PK', ...(sortPrefix ? { '#sk': 'SK' } : {}) },
  ExpressionAttributeValues: { ':pk': key.PK, ...(sortPrefix ? { ':skPrefix': sortPrefix } : {}) },
});

/** The same Query reading only the sort keys; `sortKeyOf` reads them back. */
export const sortKeysQuery = (key: { PK: string }, sortPrefix: string) => {
  const query = partitionQuery(key, sortPrefix);
  return {
    ...query,
    ProjectionExpression: '#sk',
    ExpressionAttributeNames: { ...query.ExpressionAttributeNames, '#sk': 'SK' },
  };
};
export const sortKeyOf = (item: Record<string, unknown>) => String(item.SK);

export type TableKey = { PK: string; SK: string };

/** A Query over one partition of an index. */
export const indexPartitionQuery = (indexName: IndexName, partition: string) => ({
  IndexName: indexName,
  KeyConditionExpression: '#pk = :pk',
  ExpressionAttributeNames: { '#pk': indexKeysOf(indexName).partitionKey },
  ExpressionAttributeValues: { ':pk': partition },
});

/** Strips the table's key attributes (and the expiry) from a stored item. */
export const withoutKeys = <T extends Record<string, unknown>>(item: T) => {
  const { PK: _pk, SK: _sk, GSI1PK: _g1, GSI1SK: _g1s, GSI2PK: _g2, GSI2SK: _g2s, ttl: _ttl, ...rest } = item;
  return rest;
};

/** Stable text for a key, to find a BatchGetItem answer by the key it was asked for. */
export const keyId = (key: { PK: unknown; SK: unknown }) => `${String(key.PK)}\n${String(key.SK)}`;

// Sync health: what Deskbooks has synced with each company, read from the pointers its syncs write.
/** On a customer pointer while it is its user's link in the company (GSI1): the company's synced customers. */
export const realmCustomersPartition = (realmId: string) => `REALM#${realmId}#CUSTOMERS`;
export const realmCustomerIndex = (realmId: string, syncedAt: string, customerId: string) => ({
  GSI1PK: realmCustomersPartition(realmId),
  GSI1SK: `${syncedAt}#${customerId}`,
});
/** On an invoice pointer (GSI1): every invoice Deskbooks made in the company, by its last sync. */
export const realmInvoicesPartition = (realmId: string) => `REALM#${realmId}#INVOICES`;
export const realmInvoiceIndex = (realmId: string, syncedAt: string, invoiceId: string) => ({
  GSI1PK: realmInvoicesPartition(realmId),
  GSI1SK: `${syncedAt}#${invoiceId}`,
});
const QBO_CUSTOMER_POINTER_SK = qboCustomerPointerKey('', '').SK;
const QBO_INVOICE_POINTER_SK = qboInvoicePointerKey('', '').SK;
/** A Scan filter for the customer and invoice pointers not yet counted by company (migrations only). */
export const unindexedSyncPointers = () => ({
  FilterExpression:
    '((#sk = :customer AND begins_with(#pk, :customerPk)) OR (#sk = :invoice AND begins_with(#pk, :invoicePk))) AND attribute_not_exists(GSI1PK)',
  ExpressionAttributeNames: { '#pk': 'PK', '#sk': 'SK' },
  ExpressionAttributeValues: {
    ':customer': QBO_CUSTOMER_POINTER_SK,
    ':customerPk': 'QBOCUSTOMER#',
    ':invoice': QBO_INVOICE_POINTER_SK,
    ':invoicePk': 'QBOINVOICE#',
  },
});
/** What a customer or invoice pointer's key names, or undefined for any other key. */
export const parseQboPointerKey = (key: {
  PK: unknown;
  SK: unknown;
}): { kind: SyncSubjectKind; realmId: string; qboId: string } | undefined => {
  const [prefix, realmId, qboId, ...rest] = String(key.PK).split('#');
  if (!realmId || !qboId || rest.length) return undefined;
  if (prefix === 'QBOCUSTOMER' && key.SK === QBO_CUSTOMER_POINTER_SK)
    return { kind: 'customer', realmId, qboId };
  if (prefix === 'QBOINVOICE' && key.SK === QBO_INVOICE_POINTER_SK)
    return { kind: 'invoice', realmId, qboId };
  return undefined;
};

// Accounts that hold (issue 15).
/**
 * Failed sign-ins counted per account (by a hash of the email, known or not, so answers stay alike)
 * and per client address (by a hash of it).
 */
export type SignInThrottleScope = 'account' | 'address';
export const signInThrottleKey = (scope: SignInThrottleScope, subjectHash: string) => ({
  PK: `SIGNINTHROTTLE#${scope}#${subjectHash}`,
  SK: 'THROTTLE',
});
/** On an audit event of an account's security (GSI2): the app-wide Activity list, newest last. */
export const SECURITY_ACTIVITY_PARTITION = 'SECURITYACTIVITY';
export const securityActivityIndex = (at: string, eventId: string) => ({
  GSI2PK: SECURITY_ACTIVITY_PARTITION,
  GSI2SK: `${at}#${eventId}`,
});
