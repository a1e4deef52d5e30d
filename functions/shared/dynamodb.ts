// The DynamoDB DocumentClient every function uses, and the reads and updates several share. AWS_ENDPOINT_URL_DYNAMODB (the sandbox) is
// honoured by the SDK itself.
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';

export function createDocumentClient(config: DynamoDBClientConfig = {}): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient(config), {
    marshallOptions: { removeUndefinedValues: true },
  });
}

/** One partition's items, page by page (a Query on pk). */
export async function* partitionPages(
  client: DynamoDBDocumentClient,
  tableName: string,
  pk: string,
  options: { projection?: string; consistentRead?: boolean } = {},
): AsyncGenerator<Record<string, unknown>[]> {
  let exclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ...(options.projection ? { ProjectionExpression: options.projection } : {}),
        ...(options.consistentRead ? { ConsistentRead: true } : {}),
        ExclusiveStartKey: exclusiveStartKey,
      }),
    );
    yield page.Items ?? [];
    exclusiveStartKey = page.LastEvaluatedKey;
  } while (exclusiveStartKey);
}

/** Every item of one partition, all pages, read consistently (it was usually just written). */
export async function readPartition(client: DynamoDBDocumentClient, tableName: string, pk: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for await (const page of partitionPages(client, tableName, pk, { consistentRead: true })) items.push(...page);
  return items;
}

export interface SetUpdate {
  UpdateExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Record<string, unknown>;
}

/** `SET #a = :a, ...` for the defined fields (undefined ones are left as they are), with placeholders for every name. */
export function setUpdate(fields: Record<string, unknown>): SetUpdate {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const assignments: string[] = [];
  for (const [field, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    names[`#${field}`] = field;
    values[`:${field}`] = value;
    assignments.push(`#${field} = :${field}`);
  }
  return { UpdateExpression: `SET ${assignments.join(', ')}`, ExpressionAttributeNames: names, ExpressionAttributeValues: values };
}
