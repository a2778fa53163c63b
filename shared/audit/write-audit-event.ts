import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Table } from '../db/table';
import { auditKey } from '../keys';
import type { AuditEvent } from './audit-event';

export type WriteAuditEventDeps = { table: Table; now: () => Date };

/** Appends an event to its subject's trail; events are never changed afterwards. */
export const writeAuditEvent = async (
  deps: WriteAuditEventDeps,
  input: Omit<AuditEvent, 'id' | 'at'>,
): Promise<AuditEvent> => {
  const event: AuditEvent = { id: randomUUID(), at: deps.now().toISOString(), ...input };
  await deps.table.doc.send(
    new PutCommand({
      TableName: deps.table.name,
      Item: { ...auditKey(event.subject, event.at, event.id), ...event },
      ConditionExpression: 'attribute_not_exists(PK)',
    }),
  );
  return event;
};
