import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { decodeCursor, encodeCursor } from '../db/cursor';
import type { Table } from '../db/table';
import { auditPartition, partitionQuery, withoutKeys } from '../keys';
import type { AuditEvent } from './audit-event';

/** A subject's trail, newest first, one Query per page. */
export const listAuditEvents = async (
  deps: { table: Table },
  input: { subject: string; limit: number; cursor?: string },
): Promise<{ items: AuditEvent[]; nextCursor?: string }> => {
  const partition = auditPartition(input.subject);
  const startKey = decodeCursor({ partition }, input.cursor);
  const page = await deps.table.doc.send(
    new QueryCommand({
      TableName: deps.table.name,
      ...partitionQuery({ PK: partition }),
      ScanIndexForward: false,
      Limit: input.limit,
      ExclusiveStartKey: startKey,
    }),
  );
  return {
    items: (page.Items ?? []).map((item) => withoutKeys(item) as AuditEvent),
    nextCursor: encodeCursor({ partition }, page.LastEvaluatedKey),
  };
};
