import { ConflictError, ValidationError } from '../errors';
import { toQboAmount } from '../invoices/money';
import type { TimeBudget } from '../platform/time-budget';
import { type QboApiDeps, qboSessionFor, requestIdFor } from '../qbo/qbo-api-client';
import type { QboConnection } from '../qbo/qbo-connection';
import { FAULT, QboFaultError } from '../qbo/qbo-errors';
import type { QueryResponse } from '../qbo/qbo-query';
import {
  BILLABLE_ITEM_TYPES,
  type CreateItemInput,
  type IncomeAccountView,
  type ItemView,
  type QboAccount,
  type QboItem,
  toIncomeAccountView,
  toItemView,
} from './qbo-item';

type InCompany = { connection: QboConnection | undefined; budget: TimeBudget };
type CompanyList<T> = { realmId: string; companyName: string; items: T[] };

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);

/** The company's active products and services a catalogue entry can map to: one QBO query. */
export const listQboItems = async (deps: QboApiDeps, input: InCompany): Promise<CompanyList<ItemView>> => {
  const qbo = qboSessionFor(deps, input.connection, input.budget);
  const types = BILLABLE_ITEM_TYPES.map((type) => `'${type}'`).join(', ');
  const result = await qbo.query<QueryResponse<'Item', QboItem>>(
    `SELECT * FROM Item WHERE Type IN (${types}) MAXRESULTS 1000`,
  );
  const items = (result.QueryResponse?.Item ?? []).map(toItemView).sort(byName);
  return { realmId: qbo.realmId, companyName: qbo.companyName, items };
};

/** The company's income accounts, for "Create in QuickBooks": one QBO query. */
export const listIncomeAccounts = async (
  deps: QboApiDeps,
  input: InCompany,
): Promise<CompanyList<IncomeAccountView>> => {
  const qbo = qboSessionFor(deps, input.connection, input.budget);
  const result = await qbo.query<QueryResponse<'Account', QboAccount>>(
    "SELECT * FROM Account WHERE AccountType = 'Income' MAXRESULTS 1000",
  );
  const items = (result.QueryResponse?.Account ?? []).map(toIncomeAccountView).sort(byName);
  return { realmId: qbo.realmId, companyName: qbo.companyName, items };
};

/** "Create in QuickBooks": a Service or NonInventory item on the chosen income account. */
export const createQboItem = async (
  deps: QboApiDeps,
  input: InCompany & { fields: CreateItemInput },
): Promise<{ realmId: string; item: ItemView }> => {
  const qbo = qboSessionFor(deps, input.connection, input.budget);
  const { name, type, incomeAccountId, description, unitPrice } = input.fields;
  try {
    const created = await qbo.request<{ Item: QboItem }>({
      method: 'POST',
      path: '/item',
      // A retried click replays the first answer instead of meeting its own item as a name clash.
      requestId: requestIdFor(`item:${qbo.realmId}:${name}`),
      body: {
        Name: name,
        Type: type,
        IncomeAccountRef: { value: incomeAccountId },
        ...(description ? { Description: description } : {}),
        ...(unitPrice !== undefined ? { UnitPrice: toQboAmount(unitPrice) } : {}),
      },
    });
    return { realmId: qbo.realmId, item: toItemView(created.Item) };
  } catch (error) {
    if (error instanceof QboFaultError && error.hasCode(FAULT.duplicateName))
      throw new ConflictError(`QuickBooks already has a product or service named “${name}”`);
    if (error instanceof QboFaultError && error.hasCode(FAULT.invalidReference))
      throw ValidationError.forField('incomeAccountId', 'Choose an income account of this company');
    throw error;
  }
};
