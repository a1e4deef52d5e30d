// arn:aws:states:::dynamodb:getItem|putItem|updateItem|deleteItem (optimized, errors 'DynamoDB.<Exception>')
// and arn:aws:states:::aws-sdk:dynamodb:<action> (SDK integration, errors 'DynamoDb.<Exception>').
// Both take and return the low-level API shape (AttributeValue JSON); binary values are base64 in JSON.
// https://docs.aws.amazon.com/step-functions/latest/dg/connect-ddb.html
import {
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { serviceCause, TaskFailedError } from './task-errors.js';
import type { ServiceClientConfig } from './task-services.js';

export const dynamodbActions = ['getItem', 'putItem', 'updateItem', 'deleteItem', 'query'] as const;
export type DynamoDBAction = (typeof dynamodbActions)[number];

export type DynamoDBInvoker = (
  action: DynamoDBAction,
  errorPrefix: 'DynamoDB' | 'DynamoDb',
  parameters: Record<string, unknown>,
  signal: AbortSignal,
) => Promise<unknown>;

export function createDynamoDBInvoker(config: ServiceClientConfig): { invoke: DynamoDBInvoker; close(): void } {
  const client = new DynamoDBClient({ endpoint: config.endpoint, region: config.region, credentials: config.credentials, maxAttempts: 1 });
  return {
    async invoke(action, errorPrefix, parameters, signal) {
      // The low-level input shape is exactly the Parameters block, with binaries as bytes.
      const input = fromJson(parameters) as never;
      const command = (() => {
        switch (action) {
          case 'getItem':
            return new GetItemCommand(input);
          case 'putItem':
            return new PutItemCommand(input);
          case 'updateItem':
            return new UpdateItemCommand(input);
          case 'deleteItem':
            return new DeleteItemCommand(input);
          case 'query':
            return new QueryCommand(input);
        }
      })();
      try {
        const { $metadata, ...output } = (await client.send(command as never, { abortSignal: signal })) as Record<string, unknown> & {
          $metadata: { httpStatusCode?: number; requestId?: string };
        };
        return {
          ...(toJson(output) as Record<string, unknown>),
          SdkHttpMetadata: { HttpStatusCode: $metadata.httpStatusCode ?? 200 },
          SdkResponseMetadata: { RequestId: $metadata.requestId ?? '' },
        };
      } catch (error) {
        throw new TaskFailedError(`${errorPrefix}.${(error as Error).name}`, serviceCause('AmazonDynamoDBv2', error), { cause: error });
      }
    },
    close: () => client.destroy(),
  };
}

/** JSON -> SDK input: { B: base64 } and { BS: [base64] } become bytes. */
function fromJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromJson);
  if (typeof value !== 'object' || value === null) return value;
  const result: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'B' && typeof inner === 'string') result[key] = Buffer.from(inner, 'base64');
    else if (key === 'BS' && Array.isArray(inner) && inner.every((item) => typeof item === 'string')) {
      result[key] = inner.map((item: string) => Buffer.from(item, 'base64'));
    } else result[key] = fromJson(inner);
  }
  return result;
}

/** SDK output -> JSON: bytes become base64. */
function toJson(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value !== 'object' || value === null) return value;
  const result: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) if (inner !== undefined) result[key] = toJson(inner);
  return result;
}
