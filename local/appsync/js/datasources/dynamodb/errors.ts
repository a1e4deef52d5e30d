// DynamoDB's errors -> `ctx.error` as AppSync reports DynamoDB failures:
// type 'DynamoDB:<exception>' (validation failures are 'DynamoDB:DynamoDbException'),
// message with AppSync's "(Service: DynamoDb, Status Code: ..., Request ID: ...)" suffix.
// https://docs.aws.amazon.com/appsync/latest/devguide/troubleshooting-and-common-mistakes.html
import { DataSourceError } from '../../errors.js';
import { fromWireItem } from '../../runtime/attribute-values.js';
import { DynamoDBServiceError, type WireItem } from './wire-client.js';

type WireCancellationReason = { Code?: string; Message?: string; Item?: WireItem };

/** A call that failed without an answer from DynamoDB (a refused connection) is an InternalServerError. */
export function toDataSourceError(error: unknown, result: unknown = null): DataSourceError {
  if (!(error instanceof DynamoDBServiceError)) {
    const message = error instanceof Error ? error.message : String(error);
    return new DataSourceError(message, 'DynamoDB:InternalServerError', result, { cause: error });
  }
  const type = error.name === 'ValidationException' ? 'DynamoDB:DynamoDbException' : `DynamoDB:${error.name}`;
  const suffix = ` (Service: DynamoDb, Status Code: ${error.statusCode}, Request ID: ${error.requestId ?? 'null'})`;
  return new DataSourceError(`${error.message}${suffix}`, type, result, { cause: error });
}

export interface CancellationReason {
  type: string;
  message: string;
  /** The item whose condition failed, unless the request set returnValuesOnConditionCheckFailure to false. */
  item?: Record<string, unknown>;
}

/**
 * TransactionCanceledException's reasons as AppSync lists them, in request order:
 * { item?, type, message }, with { type: 'None', message: 'None' } for the items that were fine.
 * https://docs.aws.amazon.com/appsync/latest/devguide/js-aws-appsync-resolver-reference-dynamodb-transact-write-items.html
 */
export function cancellationReasons(error: unknown): CancellationReason[] | null {
  const reasons = error instanceof DynamoDBServiceError ? (error.details.CancellationReasons as WireCancellationReason[] | undefined) : undefined;
  if (!reasons) return null;
  return reasons.map((reason) => ({
    ...(reason.Item ? { item: fromWireItem(reason.Item) } : {}),
    type: reason.Code ?? 'None',
    message: reason.Message ?? 'None',
  }));
}
