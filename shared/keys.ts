// The only module that spells the single table's key shapes (see README "Access patterns").
// Every item has PK/SK; listings use GSI1 (per-owner lists) and GSI2 (app-wide lists).

export const USER_PROFILE_SK = 'PROFILE';
export const ISSUE_SK = 'ISSUE';
export const INVOICE_SK_PREFIX = 'INVOICE#';

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
export const issueCounterKey = () => ({ PK: 'COUNTER', SK: 'ISSUE' });
export const issueRequestorIndex = (requestorId: string, issueId: number) => ({
  GSI1PK: requestorPartition(requestorId),
  GSI1SK: `ISSUE#${padId(issueId)}`,
});
export const requestorPartition = (requestorId: string) => `REQUESTOR#${requestorId}`;
export const issueListIndex = (issueId: number) => ({ GSI2PK: ISSUE_LIST_PARTITION, GSI2SK: padId(issueId) });
export const ISSUE_LIST_PARTITION = 'ISSUES';

export const issueInvoiceKey = (issueId: number, realmId: string, invoiceId: string) => ({
  PK: `ISSUE#${issueId}`,
  SK: `${INVOICE_SK_PREFIX}${realmId}#${invoiceId}`,
});
export const issueInvoicePrefix = (realmId: string) => `${INVOICE_SK_PREFIX}${realmId}#`;
export const parseIssueInvoiceSk = (sk: string) => {
  const [, realmId, invoiceId] = sk.split('#');
  if (!sk.startsWith(INVOICE_SK_PREFIX) || !realmId || !invoiceId)
    throw new Error(`Not an invoice key: ${sk}`);
  return { realmId, invoiceId };
};

export const settingsKey = () => ({ PK: 'SETTINGS', SK: 'APP' });

export const qboConnectionKey = (userId: string) => ({ PK: `USER#${userId}`, SK: 'QBO#CONNECTION' });
export const sessionKey = (tokenHash: string) => ({ PK: `SESSION#${tokenHash}`, SK: 'SESSION' });
export const oauthStateKey = (state: string) => ({ PK: `OAUTHSTATE#${state}`, SK: 'STATE' });

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
