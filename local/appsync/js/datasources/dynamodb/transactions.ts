// TransactGetItems and TransactWriteItems. Tables are physical names.
// TransactWriteItems -> { keys, cancellationReasons: null }; when cancelled,
// ctx.error is 'DynamoDB:TransactionCanceledException' and ctx.result holds
// { keys: null, cancellationReasons: [{ item?, type, message }] } in request order; a failed
// condition's current item is in `item` unless returnValuesOnConditionCheckFailure is false.
// https://docs.aws.amazon.com/appsync/latest/devguide/js-aws-appsync-resolver-reference-dynamodb-transact-write-items.html
import { InvalidRequestError } from '../../errors.js';
import { fromWireItem, toWireItem } from '../../runtime/attribute-values.js';
import { expressionText, mergePlaceholders, requireKey, type RequestExpression } from './expressions.js';
import { cancellationReasons, toDataSourceError } from './errors.js';
import type { DynamoDBWireClient, WireItem } from './wire-client.js';

type Json = Record<string, unknown>;

function itemsOf(request: Json): Json[] {
  if (!Array.isArray(request.transactItems)) throw new InvalidRequestError("Transact operation: 'transactItems' is required");
  return request.transactItems as Json[];
}

function tableOf(item: Json): string {
  if (typeof item.table !== 'string' || item.table === '') throw new InvalidRequestError("Transact item: 'table' is required");
  return item.table;
}

export async function transactGetItems(client: DynamoDBWireClient, request: Json): Promise<unknown> {
  const items = itemsOf(request);
  try {
    const output = await client.call<{ Responses?: Array<{ Item?: WireItem }> }>('TransactGetItems', {
      TransactItems: items.map((item) => {
        const projection = item.projection as RequestExpression | undefined;
        return {
          Get: {
            TableName: tableOf(item),
            Key: requireKey(item.key, 'TransactGetItems'),
            ProjectionExpression: expressionText(projection, 'projection'),
            ...(projection ? { ExpressionAttributeNames: mergePlaceholders(projection).ExpressionAttributeNames } : {}),
          },
        };
      }),
    });
    return {
      items: (output.Responses ?? []).map((response) => (response.Item ? fromWireItem(response.Item) : null)),
      cancellationReasons: null,
    };
  } catch (error) {
    if (error instanceof InvalidRequestError) throw error;
    throw toDataSourceError(error, { items: null, cancellationReasons: cancellationReasons(error) });
  }
}

type TransactCondition = RequestExpression & { returnValuesOnConditionCheckFailure?: boolean };

/** "This value defaults to true": the item that failed its condition comes back in the reasons. */
function returnValuesOnFailure(condition: TransactCondition | undefined, conditionText: string | undefined) {
  return conditionText !== undefined && condition?.returnValuesOnConditionCheckFailure !== false
    ? { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const }
    : {};
}

function writeItem(item: Json): Record<string, unknown> {
  const condition = item.condition as TransactCondition | undefined;
  const conditionText = expressionText(condition, 'condition');
  const onFailure = returnValuesOnFailure(condition, conditionText);
  const base = { TableName: tableOf(item), Key: requireKey(item.key, `TransactWriteItems ${String(item.operation)}`) };
  switch (item.operation) {
    case 'PutItem':
      return {
        Put: {
          TableName: base.TableName,
          Item: { ...toWireItem(item.attributeValues as Json), ...base.Key },
          ConditionExpression: conditionText,
          ...onFailure,
          ...mergePlaceholders(condition),
        },
      };
    case 'UpdateItem': {
      const update = item.update as RequestExpression | undefined;
      const updateText = expressionText(update, 'update');
      if (updateText === undefined) throw new InvalidRequestError("TransactWriteItems UpdateItem: 'update' is required");
      return { Update: { ...base, UpdateExpression: updateText, ConditionExpression: conditionText, ...onFailure, ...mergePlaceholders(update, condition) } };
    }
    case 'DeleteItem':
      return { Delete: { ...base, ConditionExpression: conditionText, ...onFailure, ...mergePlaceholders(condition) } };
    case 'ConditionCheck':
      if (conditionText === undefined) throw new InvalidRequestError("TransactWriteItems ConditionCheck: 'condition' is required");
      return { ConditionCheck: { ...base, ConditionExpression: conditionText, ...onFailure, ...mergePlaceholders(condition) } };
    default:
      throw new InvalidRequestError(`TransactWriteItems: unknown operation '${String(item.operation)}'`);
  }
}

export async function transactWriteItems(client: DynamoDBWireClient, request: Json): Promise<unknown> {
  const items = itemsOf(request);
  const transactItems = items.map(writeItem);
  try {
    await client.call('TransactWriteItems', { TransactItems: transactItems });
    return { keys: items.map((item) => fromWireItem(toWireItem(item.key as Json))), cancellationReasons: null };
  } catch (error) {
    throw toDataSourceError(error, { keys: null, cancellationReasons: cancellationReasons(error) });
  }
}
