// The Custom conditionalCheckFailedHandler against a real DynamoDB Local, with the Lambda function
// played by the test (what it is sent is recorded, what it answers is scripted).
// https://docs.aws.amazon.com/appsync/latest/devguide/js-aws-appsync-resolver-reference-dynamodb-condition-expressions.html
import { CreateTableCommand, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DataSourceServices } from '../../../types.js';
import { DataSourceError, InvalidRequestError } from '../../errors.js';
import { createResolverEngine } from '../../index.js';
import { apiWith, invocationOf, unit } from '../../test-support/api-fixture.js';
import { startDynamoDBLocal, uniqueTableName, type RunningDynamoDB } from '../../test-support/dynamodb-local.js';
import { customConditionHandler, type ConditionCaller } from './condition-handler.js';
import { deleteItem, putItem, updateItem } from './items.js';
import { DynamoDBWireClient } from './wire-client.js';

const TABLE = uniqueTableName('condition-handler-people');
const HANDLER_ARN = 'arn:aws:lambda:us-west-2:123456789012:function:ConflictHandler';
let dynamodb: RunningDynamoDB;
let client: DynamoDBWireClient;
let invocations: Array<{ functionName: string; payload: Record<string, unknown> }>;
let answers: unknown[];

const caller: ConditionCaller = {
  typeName: 'Mutation',
  fieldName: 'updatePerson',
  outputType: 'Person',
  arguments: { id: '1', name: 'Steve', expectedVersion: 1 },
  identity: { sub: 'user-1', username: 'jeffTheAdmin' },
};
const services: Pick<DataSourceServices, 'invokeLambda'> = {
  invokeLambda: (functionName, payload) => {
    invocations.push({ functionName, payload: payload as Record<string, unknown> });
    const answer = answers.shift();
    return Promise.resolve(answer instanceof Error
      ? { payload: null, functionError: { errorType: 'Error', errorMessage: answer.message } }
      : { payload: answer });
  },
};
const custom = () => customConditionHandler(services, 'us-west-2', caller);

const S = (value: string) => ({ S: value });
const N = (value: number) => ({ N: value });
const customStrategy = { strategy: 'Custom', lambdaArn: HANDLER_ARN };
// The page's PutItem: write version + 1 when the stored version is the expected one.
const versionedPut = (name: string, version: number) => ({
  operation: 'PutItem',
  key: { id: S('1') },
  attributeValues: { name: S(name), version: N(version + 1) },
  condition: { expression: 'version = :expectedVersion', expressionValues: { ':expectedVersion': N(version) }, conditionalCheckFailedHandler: customStrategy },
});

async function stored(): Promise<Record<string, unknown> | undefined> {
  return (await dynamodb.client.send(new GetItemCommand({ TableName: TABLE, Key: { id: S('1') }, ConsistentRead: true }))).Item;
}

beforeAll(async () => {
  dynamodb = await startDynamoDBLocal();
  await dynamodb.client.send(new CreateTableCommand({
    TableName: TABLE,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
  }));
  client = new DynamoDBWireClient({ endpoint: dynamodb.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
}, 60_000);

afterAll(async () => {
  client?.close();
  await dynamodb?.stop();
});

beforeEach(async () => {
  invocations = [];
  answers = [];
  await dynamodb.client.send(new PutItemCommand({ TableName: TABLE, Item: { id: S('1'), name: { S: 'Steve' }, version: { N: '8' } } }));
});

describe('conditionalCheckFailedHandler Custom', () => {
  it('invokes the function with arguments, requestMapping, currentValue, resolver and identity', async () => {
    answers.push({ action: 'reject' });
    const request = versionedPut('Steve', 1);
    await putItem(client, TABLE, request, custom()).catch(() => undefined);
    expect(invocations).toHaveLength(1);
    expect(invocations[0]?.functionName).toBe('ConflictHandler');
    expect(invocations[0]?.payload).toEqual({
      arguments: caller.arguments,
      requestMapping: request,
      currentValue: { id: S('1'), name: S('Steve'), version: { N: '8' } },
      resolver: { tableName: TABLE, awsRegion: 'us-west-2', parentType: 'Mutation', field: 'updatePerson', outputType: 'Person' },
      identity: caller.identity,
    });
  });

  it('reject: behaves as the Reject strategy (ConditionalCheckFailedException, the current item in ctx.result)', async () => {
    answers.push({ action: 'reject' });
    const error = await putItem(client, TABLE, versionedPut('Steve', 1), custom()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataSourceError);
    expect(error).toMatchObject({ type: 'DynamoDB:ConditionalCheckFailedException', result: { id: '1', name: 'Steve', version: 8 } });
    expect(await stored()).toEqual({ id: S('1'), name: S('Steve'), version: { N: '8' } });
  });

  it('discard: succeeds with the value in DynamoDB and writes nothing', async () => {
    answers.push({ action: 'discard' });
    await expect(putItem(client, TABLE, versionedPut('Bob', 1), custom())).resolves.toEqual({ id: '1', name: 'Steve', version: 8 });
    expect(await stored()).toEqual({ id: S('1'), name: S('Steve'), version: { N: '8' } });
  });

  it('retry: runs the same operation on the same key with the retryMapping (the page\'s example function)', async () => {
    answers.push({
      action: 'retry',
      retryMapping: {
        attributeValues: { name: S('Bob'), version: N(9) },
        condition: { expression: 'version = :expectedVersion', expressionValues: { ':expectedVersion': N(8) } },
      },
    });
    await expect(putItem(client, TABLE, versionedPut('Bob', 1), custom())).resolves.toEqual({ id: '1', name: 'Bob', version: 9 });
    expect(await stored()).toEqual({ id: S('1'), name: S('Bob'), version: { N: '9' } });
  });

  it('a retry that fails again follows the Reject strategy, without asking the function again', async () => {
    answers.push({ action: 'retry', retryMapping: { attributeValues: { name: S('Bob'), version: N(3) }, condition: { expression: 'version = :v', expressionValues: { ':v': N(2) } } } });
    const error = await putItem(client, TABLE, versionedPut('Bob', 1), custom()).catch((e: unknown) => e);
    expect(error).toMatchObject({ type: 'DynamoDB:ConditionalCheckFailedException', result: { id: '1', name: 'Steve', version: 8 } });
    expect(invocations).toHaveLength(1);
  });

  it('UpdateItem: retry with a new update expression', async () => {
    answers.push({ action: 'retry', retryMapping: { update: { expression: 'SET #n = :n', expressionNames: { '#n': 'name' }, expressionValues: { ':n': S('Ann') } } } });
    const request = {
      operation: 'UpdateItem',
      key: { id: S('1') },
      update: { expression: 'SET #n = :n', expressionNames: { '#n': 'name' }, expressionValues: { ':n': S('Zed') } },
      condition: { expression: 'version = :v', expressionValues: { ':v': N(1) }, conditionalCheckFailedHandler: customStrategy },
    };
    await expect(updateItem(client, TABLE, request, custom())).resolves.toEqual({ id: '1', name: 'Ann', version: 8 });
  });

  it('DeleteItem: the function is asked when the item is there, and discard keeps it', async () => {
    answers.push({ action: 'discard' });
    const request = { operation: 'DeleteItem', key: { id: S('1') }, condition: { expression: 'version = :v', expressionValues: { ':v': N(1) }, conditionalCheckFailedHandler: customStrategy } };
    await expect(deleteItem(client, TABLE, request, custom())).resolves.toEqual({ id: '1', name: 'Steve', version: 8 });
    expect(await stored()).toBeDefined();
  });

  it('a PutItem whose item already is as expected succeeds without asking the function', async () => {
    const request = { ...versionedPut('Steve', 7), condition: { ...versionedPut('Steve', 7).condition, expressionValues: { ':expectedVersion': N(1) } } };
    await expect(putItem(client, TABLE, request, custom())).resolves.toEqual({ id: '1', name: 'Steve', version: 8 });
    expect(invocations).toHaveLength(0);
  });

  it('a failing function is ctx.error Lambda:Unhandled; an unknown action is a request error', async () => {
    answers.push(new Error('handler crashed'));
    await expect(putItem(client, TABLE, versionedPut('Bob', 1), custom())).rejects.toMatchObject({ type: 'Lambda:Unhandled', message: 'handler crashed' });
    answers.push({ action: 'overwrite' });
    await expect(putItem(client, TABLE, versionedPut('Bob', 1), custom())).rejects.toBeInstanceOf(InvalidRequestError);
  });

  it('through the engine: a resolver\'s PutItem tells the function its field, arguments and caller, and returns what the retry wrote', async () => {
    answers.push({ action: 'retry', retryMapping: { attributeValues: { name: S('Eve'), version: N(9) } } });
    const engine = createResolverEngine(apiWith({
      dataSources: [{ name: 'people', type: 'AMAZON_DYNAMODB', tableName: TABLE }],
      resolvers: [unit('Mutation', 'renamePerson', `
import { util } from '@aws-appsync/utils';
export function request(ctx) {
  return { operation: 'PutItem', key: util.dynamodb.toMapValues({ id: ctx.args.id }),
    attributeValues: util.dynamodb.toMapValues({ name: ctx.args.name, version: 2 }),
    condition: { expression: 'version = :one', expressionValues: util.dynamodb.toMapValues({ ':one': 1 }),
      conditionalCheckFailedHandler: { strategy: 'Custom', lambdaArn: '${HANDLER_ARN}' } } };
}
export function response(ctx) { if (ctx.error) { util.error(ctx.error.message, ctx.error.type); } return ctx.result; }`, 'people')],
    }), { dynamodb: { endpoint: dynamodb.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }, ...services }, { log: () => {} });
    const result = await engine.resolveField({ ...invocationOf('Mutation', 'renamePerson', { id: '1', name: 'Zoe' }), outputType: 'Person' });
    engine.close();
    expect(result.errors).toEqual([]);
    expect(result.data).toEqual({ id: '1', name: 'Eve', version: 9 });
    expect(invocations[0]?.payload).toMatchObject({
      arguments: { id: '1', name: 'Zoe' },
      resolver: { tableName: TABLE, parentType: 'Mutation', field: 'renamePerson', outputType: 'Person' },
      identity: { sub: 'user-1', username: 'alice' },
    });
  });
});
