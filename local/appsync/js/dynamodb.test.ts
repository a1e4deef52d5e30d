// The DynamoDB data source against a real DynamoDB Local.
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSourceServices, FieldResult } from '../types.js';
import { createResolverEngine, type LocalResolverEngine } from './index.js';
import { apiWith, invocationOf, unit } from './test-support/api-fixture.js';
import { startDynamoDBLocal, uniqueTableName, type RunningDynamoDB } from './test-support/dynamodb-local.js';

const TABLE = uniqueTableName('chat-table-physical');
let dynamodb: RunningDynamoDB;
let engine: LocalResolverEngine;

// Each resolver returns the data source result, or raises ctx.error as the project's resolvers do.
const resolver = (field: string, request: string) => unit('Query', field, `
import { util } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
export function request(ctx) { ${request} }
export function response(ctx) {
  if (ctx.error) { util.error(ctx.error.message, ctx.error.type, ctx.result); }
  return ctx.result;
}
`, 'chatTable');

const resolvers = [
  resolver('put', 'return ddb.put({ key: { pk: ctx.args.pk, sk: ctx.args.sk }, item: ctx.args.item, condition: ctx.args.condition });'),
  resolver('get', 'return ddb.get({ key: { pk: ctx.args.pk, sk: ctx.args.sk }, projection: ctx.args.projection });'),
  resolver('update', 'return ddb.update({ key: { pk: ctx.args.pk, sk: ctx.args.sk }, update: ctx.args.update, condition: ctx.args.condition });'),
  resolver('updateOps', `return ddb.update({ key: { pk: ctx.args.pk, sk: ctx.args.sk }, update: {
    count: ddb.operations.increment(2), tags: ddb.operations.append(['b']), title: ddb.operations.remove(), nested: ddb.operations.add({ inner: 'x', keep: 1 }) } });`),
  resolver('remove', 'return ddb.remove({ key: { pk: ctx.args.pk, sk: ctx.args.sk } });'),
  resolver('removeIf', 'return ddb.remove({ key: { pk: ctx.args.pk, sk: ctx.args.sk }, condition: ctx.args.condition });'),
  // The PutItem of "Checking for the desired result" (js-aws-appsync-resolver-reference-dynamodb-condition-expressions.html).
  resolver('versionedPut', `const { pk, sk, name, version } = ctx.args;
    return { operation: 'PutItem', key: util.dynamodb.toMapValues({ pk, sk }), attributeValues: util.dynamodb.toMapValues({ name, version: version + 1 }),
      condition: { expression: 'version = :expectedVersion', expressionValues: util.dynamodb.toMapValues({ ':expectedVersion': version }), equalsIgnore: ctx.args.equalsIgnore } };`),
  resolver('rawTransact', `return { operation: 'TransactWriteItems', transactItems: ctx.args.items.map((item) => ({ table: '${TABLE}', operation: 'ConditionCheck',
    key: util.dynamodb.toMapValues(item.key), condition: { expression: 'attribute_not_exists(pk)', returnValuesOnConditionCheckFailure: item.returnValues } })) };`),
  resolver('query', `return ddb.query({ query: { pk: { eq: ctx.args.pk }, sk: { beginsWith: 'MSG#' } },
    limit: ctx.args.limit, nextToken: ctx.args.nextToken, scanIndexForward: ctx.args.forward, filter: ctx.args.filter });`),
  resolver('byOwner', `return ddb.query({ index: 'byOwner', query: { gsi1pk: { eq: ctx.args.owner } }, scanIndexForward: false });`),
  resolver('scan', 'return ddb.scan({ filter: { kind: { eq: "scan" } } });'),
  resolver('rawQuery', `return { operation: 'Query', query: { expression: 'pk = :pk', expressionValues: util.dynamodb.toMapValues({ ':pk': ctx.args.pk }) } };`),
  resolver('transact', 'return ddb.transactWrite({ items: ctx.args.items });'),
  resolver('transactGet', `return ddb.transactGet({ items: ctx.args.keys.map((key) => ({ table: '${TABLE}', key })) });`),
  resolver('batchPut', `return ddb.batchPut({ tables: { '${TABLE}': ctx.args.items } });`),
  resolver('batchGet', `return ddb.batchGet({ tables: { '${TABLE}': { keys: ctx.args.keys } } });`),
  resolver('batchDelete', `return ddb.batchDelete({ tables: { '${TABLE}': ctx.args.keys } });`),
];

const call = (field: string, args: Record<string, unknown>): Promise<FieldResult> =>
  engine.resolveField(invocationOf('Query', field, args));

beforeAll(async () => {
  dynamodb = await startDynamoDBLocal();
  await dynamodb.client.send(new CreateTableCommand({
    TableName: TABLE,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'S' },
      { AttributeName: 'gsi1pk', AttributeType: 'S' }, { AttributeName: 'gsi1sk', AttributeType: 'S' },
    ],
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
    GlobalSecondaryIndexes: [{
      IndexName: 'byOwner',
      KeySchema: [{ AttributeName: 'gsi1pk', KeyType: 'HASH' }, { AttributeName: 'gsi1sk', KeyType: 'RANGE' }],
      Projection: { ProjectionType: 'ALL' },
    }],
  }));
  const services: DataSourceServices = {
    dynamodb: { endpoint: dynamodb.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } },
    invokeLambda: () => Promise.reject(new Error('unused')),
  };
  engine = createResolverEngine(apiWith({
    dataSources: [{ name: 'chatTable', type: 'AMAZON_DYNAMODB', tableName: TABLE }],
    resolvers,
  }), services, { log: () => {} });
}, 60_000);

afterAll(async () => {
  engine?.close();
  await dynamodb?.stop();
});

describe('single items', () => {
  it('puts, gets (with projection), updates and deletes an item', async () => {
    const put = await call('put', { pk: 'CONV#1', sk: 'META', item: { title: 'Hello', count: 1, tags: ['a'], flag: true, none: null } });
    expect(put).toEqual({ data: { pk: 'CONV#1', sk: 'META', title: 'Hello', count: 1, tags: ['a'], flag: true, none: null }, errors: [] });

    expect((await call('get', { pk: 'CONV#1', sk: 'META' })).data).toMatchObject({ title: 'Hello', count: 1 });
    expect((await call('get', { pk: 'CONV#1', sk: 'META', projection: ['title'] })).data).toEqual({ title: 'Hello' });
    expect((await call('get', { pk: 'CONV#404', sk: 'META' })).data).toBeNull();

    const updated = await call('update', { pk: 'CONV#1', sk: 'META', update: { title: 'Renamed' }, condition: { count: { eq: 1 } } });
    expect(updated.errors).toEqual([]);
    expect(updated.data).toMatchObject({ title: 'Renamed', count: 1 });

    const ops = await call('updateOps', { pk: 'CONV#1', sk: 'META' });
    expect(ops.errors).toEqual([]);
    expect(ops.data).toEqual({ pk: 'CONV#1', sk: 'META', count: 3, tags: ['a', 'b'], flag: true, none: null, nested: { inner: 'x', keep: 1 } });
    // A plain nested object updates paths inside the existing map.
    const nested = await call('update', { pk: 'CONV#1', sk: 'META', update: { nested: { inner: 'y' } } });
    expect((nested.data as { nested: unknown }).nested).toEqual({ inner: 'y', keep: 1 });

    expect((await call('remove', { pk: 'CONV#1', sk: 'META' })).data).toMatchObject({ count: 3 });
    expect((await call('get', { pk: 'CONV#1', sk: 'META' })).data).toBeNull();
  });

  it('reports a failed condition as DynamoDB:ConditionalCheckFailedException', async () => {
    await call('put', { pk: 'CONV#2', sk: 'META', item: { v: 1 } });
    const failed = await call('put', { pk: 'CONV#2', sk: 'META', item: { v: 2 }, condition: { pk: { attributeExists: false } } });
    expect(failed.data).toBeNull();
    expect(failed.errors[0]?.errorType).toBe('DynamoDB:ConditionalCheckFailedException');
    expect(failed.errors[0]?.message).toMatch(/conditional request failed.*\(Service: DynamoDb, Status Code: 400/i);
  });

  it('treats a failed put condition as success when the item already is as expected', async () => {
    const args = { pk: 'CONV#3', sk: 'META', item: { v: 1 }, condition: { pk: { attributeExists: false } } };
    expect((await call('put', args)).errors).toEqual([]);
    expect(await call('put', args)).toEqual({ data: { pk: 'CONV#3', sk: 'META', v: 1 }, errors: [] });
  });
});

// https://docs.aws.amazon.com/appsync/latest/devguide/js-aws-appsync-resolver-reference-dynamodb-condition-expressions.html
describe('condition check failures (Handling a condition check failure)', () => {
  beforeAll(async () => {
    expect((await call('put', { pk: 'PERSON#1', sk: 'META', item: { name: 'Steve', version: 8 } })).errors).toEqual([]);
  });

  it('PutItem: an item that differs only in equalsIgnore attributes is a success returning the item retrieved from DynamoDB', async () => {
    const same = await call('versionedPut', { pk: 'PERSON#1', sk: 'META', name: 'Steve', version: 1, equalsIgnore: ['version'] });
    expect(same).toEqual({ data: { pk: 'PERSON#1', sk: 'META', name: 'Steve', version: 8 }, errors: [] });
  });

  it('Reject: ctx.error is DynamoDB:ConditionalCheckFailedException and ctx.result the item currently in DynamoDB', async () => {
    const current = { pk: 'PERSON#1', sk: 'META', name: 'Steve', version: 8 };
    const put = await call('versionedPut', { pk: 'PERSON#1', sk: 'META', name: 'Steve', version: 1 });
    expect(put.errors).toEqual([expect.objectContaining({ errorType: 'DynamoDB:ConditionalCheckFailedException', data: current })]);
    // UpdateItem cannot know whether the item is as expected: it always follows the strategy.
    const update = await call('update', { pk: 'PERSON#1', sk: 'META', update: { name: 'Steve' }, condition: { version: { eq: 1 } } });
    expect(update.errors).toEqual([expect.objectContaining({ errorType: 'DynamoDB:ConditionalCheckFailedException', data: current })]);
    const remove = await call('removeIf', { pk: 'PERSON#1', sk: 'META', condition: { version: { eq: 1 } } });
    expect(remove.errors).toEqual([expect.objectContaining({ errorType: 'DynamoDB:ConditionalCheckFailedException', data: current })]);
    expect((await call('get', { pk: 'PERSON#1', sk: 'META' })).data).toEqual(current);
  });

  it('DeleteItem: a failed condition on an item that is not there is a success', async () => {
    expect(await call('removeIf', { pk: 'PERSON#404', sk: 'META', condition: { version: { eq: 1 } } })).toEqual({ data: null, errors: [] });
  });
});

describe('queries', () => {
  beforeAll(async () => {
    const items = ['01', '02', '03', '04', '05'].map((n) => ({ pk: 'CONV#Q', sk: `MSG#${n}`, n: Number(n), kind: 'scan' }));
    expect((await call('batchPut', { items })).errors).toEqual([]);
  });

  it('pages with an opaque nextToken in both directions', async () => {
    const first = await call('query', { pk: 'CONV#Q', limit: 2 });
    const page1 = first.data as { items: Array<{ n: number }>; nextToken: string; scannedCount: number };
    expect(page1.items.map((i) => i.n)).toEqual([1, 2]);
    expect(page1.scannedCount).toBe(2);
    expect(page1.nextToken).toMatch(/^[\w-]+\.[\w-]+$/);
    const page2 = (await call('query', { pk: 'CONV#Q', limit: 10, nextToken: page1.nextToken })).data as { items: Array<{ n: number }>; nextToken: unknown };
    expect(page2.items.map((i) => i.n)).toEqual([3, 4, 5]);
    expect(page2.nextToken).toBeNull();

    const newestFirst = (await call('query', { pk: 'CONV#Q', limit: 2, forward: false })).data as { items: Array<{ n: number }> };
    expect(newestFirst.items.map((i) => i.n)).toEqual([5, 4]);
    const filtered = (await call('query', { pk: 'CONV#Q', filter: { n: { gt: 3 } } })).data as { items: unknown[]; scannedCount: number };
    expect(filtered.items).toHaveLength(2);
    expect(filtered.scannedCount).toBe(5);
  });

  it('rejects a tampered nextToken', async () => {
    const page = (await call('query', { pk: 'CONV#Q', limit: 1 })).data as { nextToken: string };
    const [payload = '', signature = ''] = page.nextToken.split('.');
    const forged = Buffer.from(JSON.stringify({ pk: { S: 'CONV#Q' }, sk: { S: 'MSG#04' } })).toString('base64url');
    expect(payload).not.toBe(forged);
    const result = await call('query', { pk: 'CONV#Q', nextToken: `${forged}.${signature}` });
    expect(result.data).toBeNull();
    expect(result.errors[0]?.message).toMatch(/nextToken/);
  });

  it('queries an index, scans, and accepts raw request objects', async () => {
    await call('put', { pk: 'CONV#A', sk: 'META', item: { gsi1pk: 'OWNER#u', gsi1sk: '2024-01-01' } });
    await call('put', { pk: 'CONV#B', sk: 'META', item: { gsi1pk: 'OWNER#u', gsi1sk: '2024-02-01' } });
    const byOwner = (await call('byOwner', { owner: 'OWNER#u' })).data as { items: Array<{ pk: string }> };
    expect(byOwner.items.map((i) => i.pk)).toEqual(['CONV#B', 'CONV#A']);
    const scanned = (await call('scan', {})).data as { items: unknown[] };
    expect(scanned.items).toHaveLength(5);
    const raw = (await call('rawQuery', { pk: 'CONV#Q' })).data as { items: unknown[] };
    expect(raw.items).toHaveLength(5);
  });
});

describe('batches and transactions', () => {
  it('batch gets in request order with null for missing keys, and batch deletes', async () => {
    const keys = [{ pk: 'CONV#Q', sk: 'MSG#02' }, { pk: 'CONV#Q', sk: 'MSG#99' }, { pk: 'CONV#Q', sk: 'MSG#01' }];
    const got = await call('batchGet', { keys });
    expect(got.errors).toEqual([]);
    const data = (got.data as { data: Record<string, Array<{ n: number } | null>>; unprocessedKeys: Record<string, unknown[]> });
    expect(data.data[TABLE]?.map((i) => i?.n ?? null)).toEqual([2, null, 1]);
    expect(data.unprocessedKeys[TABLE]).toEqual([]);
    const deleted = await call('batchDelete', { keys: [{ pk: 'CONV#Q', sk: 'MSG#05' }] });
    expect(deleted.data).toEqual({ data: { [TABLE]: [{ pk: 'CONV#Q', sk: 'MSG#05' }] }, unprocessedKeys: { [TABLE]: [] } });
  });

  it('writes a transaction and reports cancellation reasons in order', async () => {
    const ok = await call('transact', { items: [
      { putItem: { table: TABLE, key: { pk: 'CONV#T', sk: 'MSG#1' }, item: { role: 'user' }, condition: { pk: { attributeExists: false } } } },
      { updateItem: { table: TABLE, key: { pk: 'CONV#T', sk: 'META' }, update: { lastMessageAt: 'now' } } },
    ] });
    expect(ok).toEqual({ data: { keys: [{ pk: 'CONV#T', sk: 'MSG#1' }, { pk: 'CONV#T', sk: 'META' }], cancellationReasons: null }, errors: [] });

    const cancelled = await call('transact', { items: [
      { updateItem: { table: TABLE, key: { pk: 'CONV#T', sk: 'META' }, update: { lastMessageAt: 'later' } } },
      { putItem: { table: TABLE, key: { pk: 'CONV#T', sk: 'MSG#1' }, item: { role: 'user' }, condition: { pk: { attributeExists: false } } } },
    ] });
    expect(cancelled.data).toBeNull();
    expect(cancelled.errors[0]?.errorType).toBe('DynamoDB:TransactionCanceledException');
    expect(cancelled.errors[0]?.data).toEqual({
      keys: null,
      cancellationReasons: [
        { type: 'None', message: 'None' },
        // The item in the table comes back where the condition failed (returnValuesOnConditionCheckFailure defaults to true).
        { item: { pk: 'CONV#T', sk: 'MSG#1', role: 'user' }, type: 'ConditionalCheckFailed', message: expect.any(String) },
      ],
    });

    // returnValuesOnConditionCheckFailure: false leaves the item out.
    const withoutItem = await call('rawTransact', { items: [{ key: { pk: 'CONV#T', sk: 'NEW' }, returnValues: false }, { key: { pk: 'CONV#T', sk: 'MSG#1' }, returnValues: false }] });
    expect(withoutItem.errors[0]?.data).toEqual({ keys: null, cancellationReasons: [{ type: 'None', message: 'None' }, { type: 'ConditionalCheckFailed', message: expect.any(String) }] });

    const got = (await call('transactGet', { keys: [{ pk: 'CONV#T', sk: 'META' }, { pk: 'CONV#T', sk: 'NOPE' }] })).data;
    expect(got).toEqual({ items: [{ pk: 'CONV#T', sk: 'META', lastMessageAt: 'now' }, null], cancellationReasons: null });
  });
});
