// Query and Scan: { items, nextToken, scannedCount }.
// https://docs.aws.amazon.com/appsync/latest/devguide/js-resolver-reference-dynamodb.html
import { DataSourceError, InvalidRequestError } from '../../errors.js';
import { fromWireItem } from '../../runtime/attribute-values.js';
import { expressionText, mergePlaceholders, type RequestExpression } from './expressions.js';
import { toDataSourceError } from './errors.js';
import { InvalidPaginationTokenError, type PaginationTokens } from './pagination-token.js';
import type { DynamoDBWireClient, WireItem } from './wire-client.js';

type Request = Record<string, unknown>;

function commonParams(table: string, request: Request, tokens: PaginationTokens) {
  const filter = request.filter as RequestExpression | undefined;
  const projection = request.projection as RequestExpression | undefined;
  const index = typeof request.index === 'string' ? request.index : undefined;
  const scope = `${table}\n${index ?? ''}`;
  let exclusiveStartKey;
  try {
    exclusiveStartKey = tokens.decode(scope, request.nextToken as string | undefined);
  } catch (error) {
    if (!(error instanceof InvalidPaginationTokenError)) throw error;
    throw new DataSourceError('Invalid nextToken: it was altered or belongs to another query', 'DynamoDB:DynamoDbException');
  }
  const select = typeof request.select === 'string' ? request.select : undefined;
  return {
    scope,
    filter,
    projection,
    params: {
      TableName: table,
      IndexName: index,
      Limit: typeof request.limit === 'number' ? request.limit : undefined,
      ConsistentRead: request.consistentRead === true ? true : undefined,
      ExclusiveStartKey: exclusiveStartKey,
      FilterExpression: expressionText(filter, 'filter'),
      ProjectionExpression: expressionText(projection, 'projection'),
      Select: projection ? undefined : select,
    },
  };
}

export async function query(client: DynamoDBWireClient, table: string, request: Request, tokens: PaginationTokens): Promise<unknown> {
  const keyCondition = request.query as RequestExpression | undefined;
  const keyText = expressionText(keyCondition, 'query');
  if (keyText === undefined) throw new InvalidRequestError("Query: 'query' is required");
  const { scope, filter, projection, params } = commonParams(table, request, tokens);
  return page(scope, tokens, () =>
    client.call('Query', {
      ...params,
      KeyConditionExpression: keyText,
      ScanIndexForward: request.scanIndexForward === false ? false : undefined,
      ...mergePlaceholders(keyCondition, filter, projection),
    }),
  );
}

export async function scan(client: DynamoDBWireClient, table: string, request: Request, tokens: PaginationTokens): Promise<unknown> {
  const { scope, filter, projection, params } = commonParams(table, request, tokens);
  return page(scope, tokens, () =>
    client.call('Scan', {
      ...params,
      Segment: typeof request.segment === 'number' ? request.segment : undefined,
      TotalSegments: typeof request.totalSegments === 'number' ? request.totalSegments : undefined,
      ...mergePlaceholders(filter, projection),
    }),
  );
}

/** Runs a Query or Scan and answers as AppSync does: plain items, an opaque nextToken, scannedCount. */
async function page(
  scope: string,
  tokens: PaginationTokens,
  send: () => Promise<{ Items?: WireItem[]; LastEvaluatedKey?: WireItem; ScannedCount?: number }>,
): Promise<unknown> {
  try {
    const output = await send();
    return {
      items: (output.Items ?? []).map(fromWireItem),
      nextToken: tokens.encode(scope, output.LastEvaluatedKey),
      scannedCount: output.ScannedCount ?? 0,
    };
  } catch (error) {
    if (error instanceof InvalidRequestError) throw error;
    throw toDataSourceError(error);
  }
}
