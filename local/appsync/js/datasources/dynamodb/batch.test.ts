// Batch results when DynamoDB leaves part of a batch unprocessed (DynamoDB Local never does, so
// the client is a fake answering as DynamoDB would).
// https://docs.aws.amazon.com/appsync/latest/devguide/js-aws-appsync-resolver-reference-dynamodb-batch-get-item.html
// https://docs.aws.amazon.com/appsync/latest/devguide/js-aws-appsync-resolver-reference-dynamodb-batch-put-item.html
import type { DynamoDBWireClient } from './wire-client.js';
import { describe, expect, it } from 'vitest';
import { batchDeleteItem, batchGetItem, batchPutItem } from './batch.js';

const answering = (output: unknown) => ({ call: async () => output }) as unknown as DynamoDBWireClient;
const S = (value: string) => ({ S: value });

describe('DynamoDB batch operations with unprocessed entries', () => {
  it('BatchGetItem: an item not retrieved is null in data, in request order, and an unprocessed key is also listed in unprocessedKeys', async () => {
    const client = answering({
      Responses: { posts: [{ id: S('p3'), title: S('third') }, { id: S('p1'), title: S('first') }], authors: [] },
      UnprocessedKeys: { authors: { Keys: [{ id: S('a1') }] } },
    });
    const result = await batchGetItem(client, {
      operation: 'BatchGetItem',
      tables: { posts: { keys: [{ id: S('p1') }, { id: S('p2') }, { id: S('p3') }] }, authors: { keys: [{ id: S('a1') }] } },
    });
    expect(result).toEqual({
      data: { posts: [{ id: 'p1', title: 'first' }, null, { id: 'p3', title: 'third' }], authors: [null] },
      unprocessedKeys: { posts: [], authors: [{ id: 'a1' }] },
    });
  });

  it('BatchPutItem and BatchDeleteItem: unprocessed entries are null in data and listed in the unprocessed block', async () => {
    const put = await batchPutItem(
      answering({ UnprocessedItems: { posts: [{ PutRequest: { Item: { id: S('p2'), title: S('b') } } }] } }),
      { operation: 'BatchPutItem', tables: { posts: [{ id: S('p1'), title: S('a') }, { id: S('p2'), title: S('b') }] } },
    );
    expect(put).toEqual({ data: { posts: [{ id: 'p1', title: 'a' }, null] }, unprocessedItems: { posts: [{ id: 'p2', title: 'b' }] } });

    const removed = await batchDeleteItem(
      answering({ UnprocessedItems: { posts: [{ DeleteRequest: { Key: { id: S('p1') } } }] } }),
      { operation: 'BatchDeleteItem', tables: { posts: [{ id: S('p1') }, { id: S('p2') }] } },
    );
    expect(removed).toEqual({ data: { posts: [null, { id: 'p2' }] }, unprocessedKeys: { posts: [{ id: 'p1' }] } });
  });
});
