import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Table } from '../db/table';
import { webhookStatusKey } from '../keys';
import { listRealms } from '../qbo/realm-registry';
import type { WebhookStatus } from './event-inbox';

export type QboSyncStatus = {
  /** What an admin pastes into the Intuit app's webhook settings. */
  webhookUrl: string;
  lastWebhookAt?: string;
  webhookDeliveries: number;
  companies: { realmId: string; companyName: string; backstopRanAt?: string; backstopChanges?: number }[];
};

/** Settings → QBO: whether webhooks arrive, and when the backstop last ran per company. */
export const getQboSyncStatus = async (deps: { table: Table; publicUrl: string }): Promise<QboSyncStatus> => {
  const [{ Item }, realms] = await Promise.all([
    deps.table.doc.send(new GetCommand({ TableName: deps.table.name, Key: webhookStatusKey() })),
    listRealms(deps.table),
  ]);
  const webhooks = (Item ?? {}) as WebhookStatus;
  return {
    webhookUrl: `${deps.publicUrl.replace(/\/$/, '')}/api/qbo/webhooks`,
    ...(webhooks.lastReceivedAt ? { lastWebhookAt: webhooks.lastReceivedAt } : {}),
    webhookDeliveries: Number(webhooks.deliveries ?? 0),
    companies: realms.map((realm) => ({
      realmId: realm.realmId,
      companyName: realm.companyName ?? realm.realmId,
      ...(realm.cdcRanAt ? { backstopRanAt: realm.cdcRanAt } : {}),
      ...(realm.cdcChanges !== undefined ? { backstopChanges: realm.cdcChanges } : {}),
    })),
  };
};
