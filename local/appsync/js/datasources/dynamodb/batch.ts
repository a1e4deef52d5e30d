// BatchGetItem, BatchPutItem, BatchDeleteItem. Tables are named by their
// physical names. Results: { data: { table: [...] }, unprocessedKeys | unprocessedItems }, data in
// request order with null where an item was not retrieved (or not written): an unprocessed entry
// is null in data and listed in the unprocessed block.
// https://docs.aws.amazon.com/appsync/latest/devguide/js-aws-appsync-resolver-reference-dynamodb-batch-get-item.html
// https://docs.aws.amazon.com/appsync/latest/devguide/js-aws-appsync-resolver-reference-dynamodb-batch-put-item.html
// https://docs.aws.amazon.com/appsync/latest/devguide/js-aws-appsync-resolver-reference-dynamodb-batch-delete-item.html
import { isDeepStrictEqual } from 'node:util';
import { InvalidRequestError } from '../../errors.js';
import { fromWireItem, toWireItem } from '../../runtime/attribute-values.js';
import { expressionText, mergePlaceholders, type RequestExpression } from './expressions.js';
import { toDataSourceError } from './errors.js';
import type { DynamoDBWireClient, WireItem } from './wire-client.js';

type Item = WireItem;
interface KeysAndAttributes {
  Keys: Item[];
  ConsistentRead?: boolean;
  ProjectionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
}
interface WriteRequest {
  PutRequest?: { Item: Item };
  DeleteRequest?: { Key: Item };
}
type Json = Record<string, unknown>;

function tablesOf<T>(request: Json): Record<string, T> {
  const tables = request.tables;
  if (typeof tables !== 'object' || tables === null) throw new InvalidRequestError("Batch operation: 'tables' is required");
  return tables as Record<string, T>;
}

const keyOf = (item: Json, key: Json): boolean =>
  Object.keys(key).every((name) => isDeepStrictEqual(item[name], key[name]));

export async function batchGetItem(client: DynamoDBWireClient, request: Json): Promise<unknown> {
  const tables = tablesOf<{ keys: Json[]; consistentRead?: boolean; projection?: RequestExpression }>(request);
  const requestItems: Record<string, KeysAndAttributes> = {};
  for (const [table, spec] of Object.entries(tables)) {
    requestItems[table] = {
      Keys: spec.keys.map((key) => toWireItem(key)),
      ConsistentRead: spec.consistentRead === true ? true : undefined,
      ProjectionExpression: expressionText(spec.projection, 'projection'),
      ...(spec.projection ? { ExpressionAttributeNames: mergePlaceholders(spec.projection).ExpressionAttributeNames } : {}),
    };
  }
  try {
    const output = await client.call<{ Responses?: Record<string, Item[]>; UnprocessedKeys?: Record<string, KeysAndAttributes> }>('BatchGetItem', { RequestItems: requestItems });
    const data: Record<string, unknown[]> = {};
    const unprocessedKeys: Record<string, unknown[]> = {};
    for (const [table, spec] of Object.entries(tables)) {
      const found = (output.Responses?.[table] ?? []).map(fromWireItem);
      const unprocessed = (output.UnprocessedKeys?.[table]?.Keys ?? []).map(fromWireItem);
      // "If an item has not been retrieved from the table, a null element appears in the data block for that table."
      data[table] = spec.keys
        .map((key) => fromWireItem(toWireItem(key)))
        .map((key) => (unprocessed.some((u) => keyOf(u, key)) ? null : found.find((item) => keyOf(item, key)) ?? null));
      unprocessedKeys[table] = unprocessed;
    }
    return { data, unprocessedKeys };
  } catch (error) {
    throw toDataSourceError(error);
  }
}

async function batchWrite(
  client: DynamoDBWireClient,
  request: Json,
  toWrite: (entry: Item) => WriteRequest,
  fromUnprocessed: (write: WriteRequest) => Item | undefined,
  unprocessedName: 'unprocessedItems' | 'unprocessedKeys',
): Promise<unknown> {
  const tables = tablesOf<Json[]>(request);
  const requestItems: Record<string, WriteRequest[]> = {};
  for (const [table, entries] of Object.entries(tables)) requestItems[table] = entries.map((e) => toWrite(toWireItem(e)));
  try {
    const output = await client.call<{ UnprocessedItems?: Record<string, WriteRequest[]> }>('BatchWriteItem', { RequestItems: requestItems });
    const data: Record<string, unknown[]> = {};
    const unprocessed: Record<string, unknown[]> = {};
    for (const [table, entries] of Object.entries(tables)) {
      const left = (output.UnprocessedItems?.[table] ?? []).map(fromUnprocessed).filter((i): i is Item => !!i).map(fromWireItem);
      unprocessed[table] = left;
      // "Items that haven't been processed are marked as null inside the data block."
      data[table] = entries
        .map((entry) => fromWireItem(toWireItem(entry)))
        .map((entry) => (left.some((l) => isDeepStrictEqual(l, entry)) ? null : entry));
    }
    return { data, [unprocessedName]: unprocessed };
  } catch (error) {
    throw toDataSourceError(error);
  }
}

export function batchPutItem(client: DynamoDBWireClient, request: Json): Promise<unknown> {
  return batchWrite(client, request, (item) => ({ PutRequest: { Item: item } }), (w) => w.PutRequest?.Item, 'unprocessedItems');
}

export function batchDeleteItem(client: DynamoDBWireClient, request: Json): Promise<unknown> {
  return batchWrite(client, request, (key) => ({ DeleteRequest: { Key: key } }), (w) => w.DeleteRequest?.Key, 'unprocessedKeys');
}
