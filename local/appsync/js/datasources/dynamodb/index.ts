// AMAZON_DYNAMODB data source: one SDK client (keep-alive) to services.dynamodb.endpoint.
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DataSourceServices } from '../../../types.js';
import { DataSourceError, InvalidRequestError } from '../../errors.js';
import { batchDeleteItem, batchGetItem, batchPutItem } from './batch.js';
import { deleteItem, getItem, putItem, updateItem } from './items.js';
import { query, scan } from './lists.js';
import { transactGetItems, transactWriteItems } from './transactions.js';
import { PaginationTokens } from './pagination-token.js';

export class DynamoDBDataSource {
  private client: DynamoDBClient | undefined;
  private readonly tokens = new PaginationTokens();

  constructor(private readonly config: DataSourceServices['dynamodb']) {}

  private sdk(): DynamoDBClient {
    this.client ??= new DynamoDBClient({
      endpoint: this.config.endpoint,
      region: this.config.region,
      credentials: this.config.credentials,
      maxAttempts: 3,
      requestHandler: {
        httpAgent: new HttpAgent({ keepAlive: true, maxSockets: 64 }),
        httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets: 64 }),
      },
    });
    return this.client;
  }

  /** Runs one request object against `tableName`; throws DataSourceError or InvalidRequestError. */
  async invoke(tableName: string, request: Record<string, unknown>): Promise<unknown> {
    const client = this.sdk();
    switch (request.operation) {
      case 'GetItem': return getItem(client, tableName, request);
      case 'PutItem': return putItem(client, tableName, request);
      case 'UpdateItem': return updateItem(client, tableName, request);
      case 'DeleteItem': return deleteItem(client, tableName, request);
      case 'Query': return query(client, tableName, request, this.tokens);
      case 'Scan': return scan(client, tableName, request, this.tokens);
      case 'BatchGetItem': return batchGetItem(client, request);
      case 'BatchPutItem': return batchPutItem(client, request);
      case 'BatchDeleteItem': return batchDeleteItem(client, request);
      case 'TransactGetItems': return transactGetItems(client, request);
      case 'TransactWriteItems': return transactWriteItems(client, request);
      case 'Sync':
        throw new DataSourceError('Sync needs a versioned data source (conflict detection), which the local runtime does not model', 'DynamoDB:UnsupportedOperation');
      default:
        throw new InvalidRequestError(`Unsupported operation '${String(request.operation)}'. Supported: GetItem, PutItem, UpdateItem, DeleteItem, Query, Scan, BatchGetItem, BatchPutItem, BatchDeleteItem, TransactGetItems, TransactWriteItems`);
    }
  }

  close(): void {
    this.client?.destroy();
    this.client = undefined;
  }
}
