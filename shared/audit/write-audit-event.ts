import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Table } from '../db/table';
import { auditKey, ITEM_IS_NEW, securityActivityIndex } from '../keys';
import { type AuditEvent, isSecurityAction } from './audit-event';

export type WriteAuditEventDeps = { table: Table; now: () => Date };

const newEvent = (deps: WriteAuditEventDeps, input: Omit<AuditEvent, 'id' | 'at'>): AuditEvent => ({
  id: randomUUID(),
  at: deps.now().toISOString(),
  ...input,
});

const putOf = (table: Table, event: AuditEvent) => ({
  TableName: table.name,
  Item: {
    ...auditKey(event.subject, event.at, event.id),
    ...(isSecurityAction(event.action) ? securityActivityIndex(event.at, event.id) : {}),
    ...event,
  },
  ConditionExpression: ITEM_IS_NEW,
});

/** Appends an event to its subject's trail; events are never changed afterwards. */
export const writeAuditEvent = async (
  deps: WriteAuditEventDeps,
  input: Omit<AuditEvent, 'id' | 'at'>,
): Promise<AuditEvent> => {
  const event = newEvent(deps, input);
  await deps.table.doc.send(new PutCommand(putOf(deps.table, event)));
  return event;
};

/** The same append as one item of a transaction (with the write it records). */
export const auditEventItem = (deps: WriteAuditEventDeps, input: Omit<AuditEvent, 'id' | 'at'>) => ({
  Put: putOf(deps.table, newEvent(deps, input)),
});
