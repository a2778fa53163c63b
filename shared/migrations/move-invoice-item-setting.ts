import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { auditEventItem } from '../audit/write-audit-event';
import { listCatalogItems } from '../billing/catalog-repository';
import { isConditionFailure, type Table } from '../db/table';
import { settingsKey } from '../keys';
import { SETTINGS_AUDIT_SUBJECT } from '../settings/update-settings';
import { ensureLegacyCatalogItem } from './legacy-catalog-item';
import { MIGRATION_ACTOR_ID, type MigrationDeps } from './migration-deps';

/** What invoices used before the "Invoice item" setting was saved: the seed's default. */
const DEFAULT_INVOICE_ITEM_NAME = 'Services';
const SETTING = 'settings.qbo.invoiceItemName';
// An admin saving another name between our read and our write: read again, a few times at most.
const ATTEMPTS = 3;

export type InvoiceItemMove = {
  /** The QuickBooks item invoices used: the setting's, or the one an earlier run moved. */
  invoiceItemName: string;
  /** Catalogue entries made (0 or 1) and settings items changed (0 or 1). */
  created: number;
  settingRemoved: number;
};

const storedInvoiceItemName = async (table: Table): Promise<string | undefined> => {
  const { Item } = await table.doc.send(
    new GetCommand({ TableName: table.name, Key: settingsKey(), ConsistentRead: true }),
  );
  const name = (Item?.qbo as { invoiceItemName?: unknown } | undefined)?.invoiceItemName;
  return typeof name === 'string' ? name : undefined;
};

/** Removes the setting if it still names `name`, with its audit event; false if it changed meanwhile. */
const removeSetting = async (deps: MigrationDeps, name: string, catalogItemId: string): Promise<boolean> => {
  const { table } = deps;
  try {
    await table.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: table.name,
              Key: settingsKey(),
              // Not a new settings version: what the app reads of the settings is the same.
              UpdateExpression: 'REMOVE #qbo.#item',
              ConditionExpression: '#qbo.#item = :name',
              ExpressionAttributeNames: { '#qbo': 'qbo', '#item': 'invoiceItemName' },
              ExpressionAttributeValues: { ':name': name },
            },
          },
          auditEventItem(deps, {
            subject: SETTINGS_AUDIT_SUBJECT,
            actorId: MIGRATION_ACTOR_ID,
            action: 'settings.invoice_item_moved_to_catalog',
            details: { invoiceItemName: name, catalogItemId },
          }),
        ],
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
};

/**
 * No setting to move: it was moved by an earlier run (whose labour entry still names its QuickBooks
 * item), or never saved, when invoices used "Services". A catalogue with nothing in it, as on a new
 * install, gets that default labour entry.
 */
const withoutSetting = async (deps: MigrationDeps): Promise<InvoiceItemMove> => {
  const catalog = await listCatalogItems(deps.table);
  const moved = catalog.find((item) => item.kind === 'labour' && item.qboItemName);
  const invoiceItemName = moved?.qboItemName ?? DEFAULT_INVOICE_ITEM_NAME;
  if (catalog.length) return { invoiceItemName, created: 0, settingRemoved: 0 };
  const { created } = await ensureLegacyCatalogItem(deps, {
    name: invoiceItemName,
    kind: 'labour',
    qboItemName: invoiceItemName,
    migratedFrom: 'the default invoice item',
  });
  return { invoiceItemName, created: created ? 1 : 0, settingRemoved: 0 };
};

/**
 * The "Invoice item" setting becomes the catalogue's labour entry of that name (made if the catalogue
 * has none), which invoices bill by that QuickBooks item's name until an admin maps it; then the
 * setting is removed.
 */
export const moveInvoiceItemSetting = async (deps: MigrationDeps): Promise<InvoiceItemMove> => {
  let created = 0;
  for (let attempt = 1; ; attempt++) {
    const stored = await storedInvoiceItemName(deps.table);
    if (stored === undefined) {
      const moved = await withoutSetting(deps);
      return { ...moved, created: created + moved.created };
    }
    const invoiceItemName = stored.trim() || DEFAULT_INVOICE_ITEM_NAME;
    const labour = await ensureLegacyCatalogItem(deps, {
      name: invoiceItemName,
      kind: 'labour',
      qboItemName: invoiceItemName,
      migratedFrom: SETTING,
    });
    if (labour.created) created += 1;
    if (await removeSetting(deps, stored, labour.item.id))
      return { invoiceItemName, created, settingRemoved: 1 };
    if (attempt >= ATTEMPTS) throw new Error(`${SETTING} kept changing while it was being moved; run again`);
  }
};
