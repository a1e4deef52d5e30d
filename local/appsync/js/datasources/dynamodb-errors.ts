// SDK errors -> `ctx.error` as AppSync reports DynamoDB failures:
// type 'DynamoDB:<exception>' (validation failures are 'DynamoDB:DynamoDbException'),
// message with AppSync's "(Service: DynamoDb, Status Code: ..., Request ID: ...)" suffix.
// https://docs.aws.amazon.com/appsync/latest/devguide/troubleshooting-and-common-mistakes.html
import { DataSourceError } from '../errors.js';

interface SdkError {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; requestId?: string };
  CancellationReasons?: Array<{ Code?: string; Message?: string }>;
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

/** TransactionCanceledException's reasons as AppSync lists them: { type, message } per item, 'None' where fine. */
export function cancellationReasons(error: unknown): Array<{ type: string; message: string }> | null {
  const reasons = (error as SdkError | undefined)?.CancellationReasons;
  if (!reasons) return null;
  return reasons.map((reason) => ({ type: reason.Code ?? 'None', message: reason.Message ?? 'null' }));
}
