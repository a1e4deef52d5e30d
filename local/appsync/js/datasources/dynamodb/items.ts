// GetItem, PutItem, UpdateItem, DeleteItem.
// https://docs.aws.amazon.com/appsync/latest/devguide/js-resolver-reference-dynamodb.html
import { isDeepStrictEqual } from 'node:util';
import { InvalidRequestError } from '../../errors.js';
import { fromWireItem, toWireItem } from '../../runtime/attribute-values.js';
import { DynamoDBServiceError, type DynamoDBWireClient, type WireItem } from './wire-client.js';
import { expressionText, mergePlaceholders, requireKey, type RequestExpression } from './expressions.js';
import type { CustomConditionHandler } from './condition-handler.js';
import { toDataSourceError } from './errors.js';

export interface ConditionSpec extends RequestExpression {
  equalsIgnore?: string[];
  consistentRead?: boolean;
  conditionalCheckFailedHandler?: { strategy: 'Custom' | 'Reject'; lambdaArn?: string };
}

type Request = Record<string, unknown>;
type Item = WireItem;

export async function getItem(client: DynamoDBWireClient, table: string, request: Request): Promise<unknown> {
  const projection = request.projection as RequestExpression | undefined;
  try {
    const output = await client.call<{ Item?: Item }>('GetItem', {
      TableName: table,
      Key: requireKey(request.key, 'GetItem'),
      ConsistentRead: request.consistentRead === true ? true : undefined,
      ProjectionExpression: expressionText(projection, 'projection'),
      ...mergePlaceholders(projection),
    });
    return output.Item ? fromWireItem(output.Item) : null;
  } catch (error) {
    if (error instanceof InvalidRequestError) throw error;
    throw toDataSourceError(error);
  }
}

/**
 * A failed condition is not an error when the item already is what the write
 * would make it ("Handling a condition check failure"; equalsIgnore lists the
 * attributes left out of that comparison).
 * https://docs.aws.amazon.com/appsync/latest/devguide/js-aws-appsync-resolver-reference-dynamodb-condition-expressions.html
 * The current item comes with the failure (ReturnValuesOnConditionCheckFailure ALL_OLD): the
 * strongly consistent read AppSync makes after it, without a second request.
 */
function alreadyAsExpected(current: Item | undefined, expected: Item, condition: ConditionSpec | undefined): boolean {
  if (!current) return false;
  const ignore = new Set(condition?.equalsIgnore ?? []);
  const strip = (item: Item): Record<string, unknown> =>
    Object.fromEntries(Object.entries(fromWireItem(item)).filter(([name]) => !ignore.has(name)));
  return isDeepStrictEqual(strip(current), strip(expected));
}

function conditionParams(condition: ConditionSpec | undefined): { ConditionExpression?: string; ReturnValuesOnConditionCheckFailure?: 'ALL_OLD' } {
  const text = expressionText(condition, 'condition');
  return text === undefined ? {} : { ConditionExpression: text, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' };
}

/** The item in the table when a condition failed, or undefined (none, or another error). */
function conditionFailureItem(error: unknown): { failed: boolean; current: Item | undefined } {
  const failed = error instanceof DynamoDBServiceError && error.name === 'ConditionalCheckFailedException';
  return { failed, current: failed ? (error.details.Item as Item | undefined) : undefined };
}

/**
 * The "Reject" strategy: ctx.error is the failure and ctx.result the item currently in DynamoDB,
 * so the response handler can pass it on with util.appendError.
 */
function rejected(error: unknown, current: Item | undefined) {
  return toDataSourceError(error, current ? fromWireItem(current) : null);
}

/**
 * The configured strategy for a failed condition: Reject, or Custom, which asks `custom` (a
 * Lambda function) and may succeed with the item in DynamoDB (discard) or `retry` a new request.
 */
async function followStrategy(
  table: string,
  request: Request,
  error: unknown,
  current: Item | undefined,
  custom: CustomConditionHandler | undefined,
  retry: (request: Request) => Promise<unknown>,
): Promise<unknown> {
  const strategy = (request.condition as ConditionSpec | undefined)?.conditionalCheckFailedHandler?.strategy;
  if (strategy !== 'Custom' || !custom) throw rejected(error, current);
  const decision = await custom.decide(table, request, current);
  if (decision.action === 'discard') return current ? fromWireItem(current) : null;
  if (decision.action === 'retry') return retry(decision.request);
  throw rejected(error, current);
}

export async function putItem(client: DynamoDBWireClient, table: string, request: Request, custom?: CustomConditionHandler): Promise<unknown> {
  const condition = request.condition as ConditionSpec | undefined;
  const item: Item = { ...toWireItem(request.attributeValues as Record<string, unknown>), ...requireKey(request.key, 'PutItem') };
  try {
    await client.call('PutItem', {
      TableName: table,
      Item: item,
      ...conditionParams(condition),
      ...mergePlaceholders(condition),
    });
    return fromWireItem(item);
  } catch (error) {
    if (error instanceof InvalidRequestError) throw error;
    const { failed, current } = conditionFailureItem(error);
    // "it treats the operation as successful and returns the item that was retrieved from DynamoDB"
    if (failed && current && alreadyAsExpected(current, item, condition)) return fromWireItem(current);
    if (!failed) throw rejected(error, current);
    // A retry that fails again follows the Reject strategy: it gets no handler.
    return followStrategy(table, request, error, current, custom, (retried) => putItem(client, table, retried));
  }
}

export async function updateItem(client: DynamoDBWireClient, table: string, request: Request, custom?: CustomConditionHandler): Promise<unknown> {
  const condition = request.condition as ConditionSpec | undefined;
  const update = request.update as RequestExpression | undefined;
  const updateText = expressionText(update, 'update');
  if (updateText === undefined) throw new InvalidRequestError("UpdateItem: 'update' is required");
  try {
    const output = await client.call<{ Attributes?: Item }>('UpdateItem', {
      TableName: table,
      Key: requireKey(request.key, 'UpdateItem'),
      UpdateExpression: updateText,
      ...conditionParams(condition),
      ...mergePlaceholders(update, condition),
      ReturnValues: 'ALL_NEW',
    });
    return output.Attributes ? fromWireItem(output.Attributes) : null;
  } catch (error) {
    if (error instanceof InvalidRequestError) throw error;
    // UpdateItem cannot tell whether the item is already as expected: always the configured strategy.
    const { failed, current } = conditionFailureItem(error);
    if (!failed) throw rejected(error, current);
    return followStrategy(table, request, error, current, custom, (retried) => updateItem(client, table, retried));
  }
}

export async function deleteItem(client: DynamoDBWireClient, table: string, request: Request, custom?: CustomConditionHandler): Promise<unknown> {
  const condition = request.condition as ConditionSpec | undefined;
  try {
    const output = await client.call<{ Attributes?: Item }>('DeleteItem', {
      TableName: table,
      Key: requireKey(request.key, 'DeleteItem'),
      ...conditionParams(condition),
      ...mergePlaceholders(condition),
      ReturnValues: 'ALL_OLD',
    });
    return output.Attributes ? fromWireItem(output.Attributes) : null;
  } catch (error) {
    if (error instanceof InvalidRequestError) throw error;
    const { failed, current } = conditionFailureItem(error);
    // DeleteItem: "If no item was returned, it treats the operation as successful."
    if (failed && !current) return null;
    if (!failed) throw rejected(error, current);
    return followStrategy(table, request, error, current, custom, (retried) => deleteItem(client, table, retried));
  }
}
