// Concurrent GetItems batched into BatchGetItem: every caller must get what its own GetItem would
// have answered. Against a real DynamoDB Local, with the operations the client sent recorded;
// unprocessed keys (which DynamoDB Local never leaves) with a scripted client.
import { CreateTableCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DataSourceError } from '../../errors.js';
import { startDynamoDBLocal, uniqueTableName, type RunningDynamoDB } from '../../test-support/dynamodb-local.js';
import { GetItemCoalescer } from './get-coalescer.js';
import { getItem } from './items.js';
import { DynamoDBWireClient } from './wire-client.js';

const TABLE = uniqueTableName('coalescer-posts');
const NUMERIC_TABLE = uniqueTableName('coalescer-numbers');
let dynamodb: RunningDynamoDB;
let client: DynamoDBWireClient;
let sent: Array<{ operation: string; input: Record<string, unknown> }>;
let gets: GetItemCoalescer;

const S = (value: string) => ({ S: value });
const keyOf = (id: string) => ({ id: S(id) });
const getRequest = (key: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ operation: 'GetItem', key, ...extra });

beforeAll(async () => {
  dynamodb = await startDynamoDBLocal();
  const table = (name: string, type: 'S' | 'N') => dynamodb.client.send(new CreateTableCommand({
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: 'id', AttributeType: type }],
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
  }));
  await table(TABLE, 'S');
  await table(NUMERIC_TABLE, 'N');
  for (let i = 0; i < 120; i += 1) {
    await dynamodb.client.send(new PutItemCommand({ TableName: TABLE, Item: { id: S(`p${i}`), title: S(`post ${i}`), views: { N: String(i) } } }));
  }
  await dynamodb.client.send(new PutItemCommand({ TableName: NUMERIC_TABLE, Item: { id: { N: '7' }, label: S('seven') } }));
  await dynamodb.client.send(new PutItemCommand({ TableName: NUMERIC_TABLE, Item: { id: { N: '1.5' }, label: S('one and a half') } }));
}, 60_000);

afterAll(async () => {
  client?.close();
  await dynamodb?.stop();
});

beforeEach(() => {
  client?.close();
  client = new DynamoDBWireClient({ endpoint: dynamodb.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  sent = [];
  const call = client.call.bind(client);
  client.call = <Output>(operation: string, input: object) => {
    sent.push({ operation, input: input as Record<string, unknown> });
    return call<Output>(operation, input);
  };
  gets = new GetItemCoalescer(client);
});

const operations = () => sent.map((entry) => entry.operation);

describe('GetItems in the same turn', () => {
  it('go as one BatchGetItem, each caller getting its own item and null for a key with none', async () => {
    const results = await Promise.all([gets.get(TABLE, getRequest(keyOf('p3'))), gets.get(TABLE, getRequest(keyOf('p1'))), gets.get(TABLE, getRequest(keyOf('missing')))]);
    expect(results).toEqual([{ id: 'p3', title: 'post 3', views: 3 }, { id: 'p1', title: 'post 1', views: 1 }, null]);
    expect(operations()).toEqual(['BatchGetItem']);
  });

  it('a lone GetItem is sent as a GetItem', async () => {
    await expect(gets.get(TABLE, getRequest(keyOf('p2')))).resolves.toEqual({ id: 'p2', title: 'post 2', views: 2 });
    expect(operations()).toEqual(['GetItem']);
  });

  it('the same key asked twice is read once and both callers get the item', async () => {
    const results = await Promise.all([gets.get(TABLE, getRequest(keyOf('p5'))), gets.get(TABLE, getRequest(keyOf('p5')))]);
    expect(results).toEqual([{ id: 'p5', title: 'post 5', views: 5 }, { id: 'p5', title: 'post 5', views: 5 }]);
    expect(operations()).toEqual(['GetItem']);
  });

  it('more than 100 keys go as several batches of at most 100', async () => {
    const ids = Array.from({ length: 120 }, (_, i) => `p${i}`);
    const results = await Promise.all(ids.map((id) => gets.get(TABLE, getRequest(keyOf(id)))));
    expect(results.map((item) => (item as { id: string }).id)).toEqual(ids);
    expect(operations()).toEqual(['BatchGetItem', 'BatchGetItem']);
    expect(sent.map((entry) => ((entry.input.RequestItems as Record<string, { Keys: unknown[] }>)[TABLE]?.Keys.length))).toEqual([100, 20]);
  });

  it('strongly consistent and eventually consistent reads batch apart, with the batch saying ConsistentRead', async () => {
    await Promise.all([
      gets.get(TABLE, getRequest(keyOf('p1'), { consistentRead: true })), gets.get(TABLE, getRequest(keyOf('p2'), { consistentRead: true })),
      gets.get(TABLE, getRequest(keyOf('p3'))), gets.get(TABLE, getRequest(keyOf('p4'))),
    ]);
    const consistency = sent.map((entry) => (entry.input.RequestItems as Record<string, { ConsistentRead?: boolean }>)[TABLE]?.ConsistentRead ?? false);
    expect(operations()).toEqual(['BatchGetItem', 'BatchGetItem']);
    expect(consistency.sort()).toEqual([false, true]);
  });

  it('a GetItem with a projection is never batched', async () => {
    const projection = { expression: '#t', expressionNames: { '#t': 'title' } };
    const results = await Promise.all([gets.get(TABLE, getRequest(keyOf('p1'), { projection })), gets.get(TABLE, getRequest(keyOf('p2'), { projection }))]);
    expect(results).toEqual([{ title: 'post 1' }, { title: 'post 2' }]);
    expect(operations()).toEqual(['GetItem', 'GetItem']);
  });

  it('a key that does not match the schema fails the batch: every caller then gets its own GetItem answer, the bad one its error', async () => {
    const results = await Promise.allSettled([
      gets.get(TABLE, getRequest(keyOf('p1'))),
      gets.get(TABLE, getRequest({ wrong: S('x') })),
      gets.get(TABLE, getRequest(keyOf('p2'))),
    ]);
    expect(results[0]).toEqual({ status: 'fulfilled', value: { id: 'p1', title: 'post 1', views: 1 } });
    expect(results[2]).toEqual({ status: 'fulfilled', value: { id: 'p2', title: 'post 2', views: 2 } });
    expect(operations()).toEqual(['BatchGetItem', 'GetItem', 'GetItem', 'GetItem']);
    const failure = (results[1] as PromiseRejectedResult).reason as DataSourceError;
    const alone = (await getItem(client, TABLE, getRequest({ wrong: S('x') })).catch((error: unknown) => error)) as DataSourceError;
    const withoutRequestId = (error: DataSourceError) => ({ type: error.type, message: error.message.replace(/Request ID: [^)]*/, '') });
    expect(failure).toBeInstanceOf(DataSourceError);
    expect(withoutRequestId(failure)).toEqual(withoutRequestId(alone));
    expect(failure.type).toBe('DynamoDB:DynamoDbException');
  });

  it('a table that does not exist: each caller gets ResourceNotFoundException', async () => {
    const results = await Promise.allSettled([gets.get('no-such-table', getRequest(keyOf('a'))), gets.get('no-such-table', getRequest(keyOf('b')))]);
    for (const result of results) expect(result).toMatchObject({ status: 'rejected', reason: { type: 'DynamoDB:ResourceNotFoundException' } });
  });

  it('a request without a key gets its own error and does not join the batch', async () => {
    const results = await Promise.allSettled([gets.get(TABLE, { operation: 'GetItem' }), gets.get(TABLE, getRequest(keyOf('p1')))]);
    expect(results[0]).toMatchObject({ status: 'rejected', reason: { name: 'InvalidRequestError' } });
    expect(results[1]).toEqual({ status: 'fulfilled', value: { id: 'p1', title: 'post 1', views: 1 } });
  });

  it('numbers: a key written as a JSON number matches; one DynamoDB writes back differently ("1.50") gets its own GetItem', async () => {
    const results = await Promise.all([
      gets.get(NUMERIC_TABLE, getRequest({ id: { N: 7 } })),
      gets.get(NUMERIC_TABLE, getRequest({ id: { N: '1.50' } })),
      gets.get(NUMERIC_TABLE, getRequest({ id: { N: '8' } })),
    ]);
    expect(results).toEqual([{ id: 7, label: 'seven' }, { id: 1.5, label: 'one and a half' }, null]);
    // The batch returned an item it could not match ("1.5"), so the keys without an item were asked again.
    expect(operations()).toEqual(['BatchGetItem', 'GetItem', 'GetItem']);
  });
});

describe('keys the batch left unprocessed', () => {
  it('are read with their own GetItem, and the keys without an item are then not taken as absent', async () => {
    const scripted: Array<{ operation: string; input: Record<string, unknown> }> = [];
    const fake = {
      call: (operation: string, input: Record<string, unknown>) => {
        scripted.push({ operation, input });
        if (operation === 'BatchGetItem') {
          return Promise.resolve({ Responses: { [TABLE]: [{ id: S('a'), n: { N: '1' } }] }, UnprocessedKeys: { [TABLE]: { Keys: [keyOf('b')] } } });
        }
        const id = (input.Key as Record<string, { S: string } | undefined>).id?.S;
        return Promise.resolve(id === 'b' ? { Item: { id: S('b'), n: { N: '2' } } } : {});
      },
    } as unknown as DynamoDBWireClient;
    const coalescer = new GetItemCoalescer(fake);
    const results = await Promise.all(['a', 'b', 'c'].map((id) => coalescer.get(TABLE, getRequest(keyOf(id)))));
    expect(results).toEqual([{ id: 'a', n: 1 }, { id: 'b', n: 2 }, null]);
    expect(scripted.map((entry) => entry.operation)).toEqual(['BatchGetItem', 'GetItem', 'GetItem']);
  });
});
