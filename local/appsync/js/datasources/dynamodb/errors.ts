// SDK errors -> `ctx.error` as AppSync reports DynamoDB failures:
// type 'DynamoDB:<exception>' (validation failures are 'DynamoDB:DynamoDbException'),
// message with AppSync's "(Service: DynamoDb, Status Code: ..., Request ID: ...)" suffix.
// https://docs.aws.amazon.com/appsync/latest/devguide/troubleshooting-and-common-mistakes.html
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { DataSourceError } from '../../errors.js';
import { fromSdkItem } from '../../runtime/attribute-values.js';

interface SdkError {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; requestId?: string };
  CancellationReasons?: Array<{ Code?: string; Message?: string; Item?: Record<string, AttributeValue> }>;
}

export function toDataSourceError(error: unknown, result: unknown = null): DataSourceError {
  const sdk = (error ?? {}) as SdkError;
  const name = sdk.name ?? 'InternalServerError';
  const type = name === 'ValidationException' ? 'DynamoDB:DynamoDbException' : `DynamoDB:${name}`;
  const status = sdk.$metadata?.httpStatusCode;
  const suffix = status === undefined
    ? ''
    : ` (Service: DynamoDb, Status Code: ${status}, Request ID: ${sdk.$metadata?.requestId ?? 'null'})`;
  return new DataSourceError(`${sdk.message ?? name}${suffix}`, type, result, { cause: error });
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
  const reasons = (error as SdkError | undefined)?.CancellationReasons;
  if (!reasons) return null;
  return reasons.map((reason) => ({
    ...(reason.Item ? { item: fromSdkItem(reason.Item) } : {}),
    type: reason.Code ?? 'None',
    message: reason.Message ?? 'None',
  }));
}
