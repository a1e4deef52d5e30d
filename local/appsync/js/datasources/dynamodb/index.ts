// AMAZON_DYNAMODB data source: one JSON-protocol client (keep-alive) to services.dynamodb.endpoint.
import type { DataSourceServices } from '../../../types.js';
import { DataSourceError, InvalidRequestError } from '../../errors.js';
import { batchDeleteItem, batchGetItem, batchPutItem } from './batch.js';
import { deleteItem, getItem, putItem, updateItem } from './items.js';
import { query, scan } from './lists.js';
import { transactGetItems, transactWriteItems } from './transactions.js';
import { PaginationTokens } from './pagination-token.js';
import { DynamoDBWireClient } from './wire-client.js';

export class DynamoDBDataSource {
  private client: DynamoDBWireClient | undefined;
  private readonly tokens = new PaginationTokens();

  constructor(private readonly config: DataSourceServices['dynamodb']) {}

  private wire(): DynamoDBWireClient {
    this.client ??= new DynamoDBWireClient(this.config);
    return this.client;
  }

  /** Runs one request object against `tableName`; throws DataSourceError or InvalidRequestError. */
  async invoke(tableName: string, request: Record<string, unknown>): Promise<unknown> {
    const client = this.wire();
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
    this.client?.close();
    this.client = undefined;
  }
}
