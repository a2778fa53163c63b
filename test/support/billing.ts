import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { CatalogItemView } from '../../shared/billing/catalog-item';
import { createCatalogItem } from '../../shared/billing/create-catalog-item';
import { createIssueEntry } from '../../shared/billing/create-issue-entry';
import { toCents } from '../../shared/invoices/money';
import type { Issue } from '../../shared/issues/issue';
import { getIssue } from '../../shared/issues/issue-repository';
import { parseIssueInvoiceSk, sortKeyOf } from '../../shared/keys';
import { timeBudget } from '../../shared/platform/time-budget';
import { getQboConnection } from '../../shared/qbo/qbo-connection-repository';
import type { Settings } from '../../shared/settings/settings';
import type { User } from '../../shared/users/user';
import type { TestApp, TestClient } from './app-harness';

export type CatalogItemBody = { id: string; name: string; version: number; qboItems: Record<string, string> };

/** A catalogue entry made by an admin through the API. */
export const aCatalogItem = async (
  admin: TestClient,
  fields: {
    name: string;
    kind: 'labour' | 'part';
    rate: string;
    taxable?: boolean;
    qboItems?: Record<string, string>;
  },
): Promise<CatalogItemBody> => {
  const response = await admin.request('POST', '/api/catalog', { taxable: false, ...fields });
  if (response.status !== 201) throw new Error(`catalogue create failed: ${JSON.stringify(response.body)}`);
  return response.body as CatalogItemBody;
};

/** The id of an item of the emulator's company, by name ("Services" is seeded in every company). */
export const qboItemId = (app: TestApp, realmId: string, name = 'Services'): string => {
  const item = (app.qbo?.entities(realmId, 'Item') ?? []).find((entity) => entity.Name === name);
  if (!item) throw new Error(`no QBO item named ${name} in ${realmId}`);
  return String(item.Id);
};

export type EntryBody = { id: string; version: number; amount: string; [field: string]: unknown };

/** Logs time or adds a part on an issue through the API. */
export const logEntry = async (client: TestClient, issueId: number, body: Record<string, unknown>) => {
  const response = await client.request('POST', `/api/issues/${issueId}/entries`, body);
  if (response.status !== 201) throw new Error(`entry create failed: ${JSON.stringify(response.body)}`);
  return response.body as EntryBody;
};

/** Bills a fixed amount on the issue: one part entry of quantity 1 at that unit price. */
export const billAmount = (
  client: TestClient,
  issueId: number,
  input: { catalogId: string; amount: string; description?: string },
) =>
  logEntry(client, issueId, {
    kind: 'part',
    catalogId: input.catalogId,
    date: '2025-03-04',
    quantity: '1',
    unitPrice: input.amount,
    description: input.description ?? 'Fixed fee',
  });

/** A part catalogue entry for fixed amounts, mapped to the company's "Services" item. */
export const aFixedFee = async (app: TestApp, admin: TestClient, realmId: string) =>
  aCatalogItem(admin, {
    name: 'Fixed fee',
    kind: 'part',
    rate: '0.00',
    qboItems: { [realmId]: qboItemId(app, realmId) },
  });

const billingActor = { id: 'test', role: 'admin' } as User;
const fixedFees = new WeakMap<TestApp, Map<string, Promise<CatalogItemView>>>();

/**
 * Bills a fixed amount on the issue straight through the domain (for browser tests whose subject is
 * elsewhere): one part entry on a "Fixed fee" catalogue entry mapped to the company's "Services" item.
 */
export const billAmountDirect = async (
  app: TestApp,
  input: { issue: Issue; realmId: string; amount: string; description: string },
) => {
  const perRealm = fixedFees.get(app) ?? new Map<string, Promise<CatalogItemView>>();
  fixedFees.set(app, perRealm);
  const fee =
    perRealm.get(input.realmId) ??
    createCatalogItem(app.runtime, {
      actor: billingActor,
      fields: {
        name: `Fixed fee ${input.realmId}`,
        kind: 'part',
        rate: 0,
        taxable: false,
        qboItems: { [input.realmId]: qboItemId(app, input.realmId) },
      },
    });
  perRealm.set(input.realmId, fee);
  return createIssueEntry(app.runtime, {
    actor: billingActor,
    issue: input.issue,
    fields: {
      kind: 'part',
      catalogId: (await fee).id,
      date: '2025-03-04',
      quantity: 100,
      unitPrice: toCents(input.amount),
      description: input.description,
      billable: true,
    },
  });
};

/**
 * Runs "Create invoice" in this process as a Lambda that dies after QuickBooks took the write and
 * before Deskbooks recorded it, at the end of its time budget (so its lease on the requestor soon expires).
 */
export const invoiceDyingBeforeItIsRecorded = async (input: {
  actor: User;
  issueId: number;
  settings: Settings;
}) => {
  const { createIssueInvoice } = await import('../../shared/invoices/create-issue-invoice');
  const { qboRuntime } = await import('../../shared/qbo/qbo-runtime');
  const deps = await qboRuntime();
  const recordsInvoice = (command: unknown) =>
    command instanceof TransactWriteCommand &&
    (command.input.TransactItems ?? []).some((item) =>
      parseIssueInvoiceSk(sortKeyOf(item.Update?.Key ?? {})),
    );
  const dyingTable = {
    ...deps.table,
    doc: {
      send: (command: unknown, options?: unknown) =>
        recordsInvoice(command)
          ? Promise.reject(new Error('Lambda timed out'))
          : deps.table.doc.send(command as never, options as never),
    },
  } as typeof deps.table;
  return createIssueInvoice(
    { ...deps, table: dyingTable },
    {
      actor: input.actor,
      issue: await getIssue(deps.table, input.issueId),
      settings: input.settings,
      connection: await getQboConnection(deps.table, input.actor.id),
      budget: timeBudget(Date.now() + 1_500),
    },
  );
};
