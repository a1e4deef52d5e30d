// AMAZON_DYNAMODB data source: one JSON-protocol client (keep-alive) to services.dynamodb.endpoint.
import type { DataSourceServices } from '../../../types.js';
import { DataSourceError, InvalidRequestError } from '../../errors.js';
import { batchDeleteItem, batchGetItem, batchPutItem } from './batch.js';
import { deleteItem, putItem, updateItem } from './items.js';
import { query, scan } from './lists.js';
import { transactGetItems, transactWriteItems } from './transactions.js';
import { PaginationTokens } from './pagination-token.js';
import { DynamoDBWireClient } from './wire-client.js';
import { GetItemCoalescer } from './get-coalescer.js';
import { customConditionHandler, type ConditionCaller } from './condition-handler.js';

export class DynamoDBDataSource {
  private connection: { client: DynamoDBWireClient; gets: GetItemCoalescer } | undefined;
  private readonly tokens = new PaginationTokens();

  constructor(private readonly services: Pick<DataSourceServices, 'dynamodb' | 'invokeLambda'>) {}

  private open(): { client: DynamoDBWireClient; gets: GetItemCoalescer } {
    if (!this.connection) {
      const client = new DynamoDBWireClient(this.services.dynamodb);
      this.connection = { client, gets: new GetItemCoalescer(client) };
    }
    return this.connection;
  }

  /**
   * Runs one request object against `tableName` for `caller` (whose field a Custom
   * conditionalCheckFailedHandler is told about); throws DataSourceError or InvalidRequestError.
   */
  async invoke(tableName: string, request: Record<string, unknown>, caller: ConditionCaller): Promise<unknown> {
    const { client, gets } = this.open();
    // Only the writes can have a failed condition to hand to a Custom handler.
    const custom = () => customConditionHandler(this.services, this.services.dynamodb.region, caller);
    switch (request.operation) {
      case 'GetItem': return gets.get(tableName, request);
      case 'PutItem': return putItem(client, tableName, request, custom());
      case 'UpdateItem': return updateItem(client, tableName, request, custom());
      case 'DeleteItem': return deleteItem(client, tableName, request, custom());
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
    this.connection?.client.close();
    this.connection = undefined;
  }
}
