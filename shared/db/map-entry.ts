import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure, type Table } from './table';

/**
 * Sets `attribute[entryKey] = value` on an existing item, creating the map on first use
 * (DynamoDB cannot set a nested path in a map that does not exist yet). Returns the item after.
 */
export const setMapEntry = async (
  table: Table,
  key: Record<string, string>,
  attribute: string,
  entryKey: string,
  value: unknown,
): Promise<Record<string, unknown>> => {
  const send = (
    expression: string,
    condition: string,
    values: Record<string, unknown>,
    names: Record<string, string>,
  ) =>
    table.doc.send(
      new UpdateCommand({
        TableName: table.name,
        Key: key,
        UpdateExpression: expression,
        ConditionExpression: `attribute_exists(PK) AND ${condition}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      }),
    );
  try {
    const result = await send(
      'SET #map.#entry = :value',
      'attribute_exists(#map)',
      { ':value': value },
      {
        '#map': attribute,
        '#entry': entryKey,
      },
    );
    return result.Attributes ?? {};
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const result = await send(
      'SET #map = :map',
      'attribute_not_exists(#map)',
      { ':map': { [entryKey]: value } },
      {
        '#map': attribute,
      },
    );
    return result.Attributes ?? {};
  }
};
