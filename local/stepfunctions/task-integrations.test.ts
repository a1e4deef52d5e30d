// ASL examples against the real local services: the model server (Bedrock) and DynamoDB Local.
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startModelServer, type ModelServer } from '../bedrock/index.js';
import { uniqueTableName, useTestDynamoDB, type TestDynamoDB } from '../dynamodb/test-dynamodb.js';
import { startStepFunctionsLocal, type InvokeLambda, type StepFunctionsLocal } from './index.js';

/** On the DynamoDB Local the unit test files share. */
const RESULTS_TABLE = uniqueTableName('Results');
const region = 'us-east-1';
const accountId = '000000000000';
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const arnOf = (name: string) => `arn:aws:states:${region}:${accountId}:stateMachine:${name}`;
const novaModelArn = `arn:aws:bedrock:${region}::foundation-model/amazon.nova-lite-v1:0`;

const novaBody = (text: string) => ({
  schemaVersion: 'messages-v1',
  messages: [{ role: 'user', content: [{ text }] }],
  inferenceConfig: { max_new_tokens: 20 },
});

const machines: Record<string, object> = {
  bedrockAndDynamo: {
    StartAt: 'Generate',
    States: {
      Generate: {
        Type: 'Task',
        Resource: 'arn:aws:states:::bedrock:invokeModel',
        Parameters: { ModelId: novaModelArn, 'Body.$': '$.body' },
        ResultSelector: { 'text.$': '$.Body.output.message.content[0].text', 'contentType.$': '$.ContentType' },
        ResultPath: '$.generated',
        Next: 'Store',
      },
      Store: {
        Type: 'Task',
        Resource: 'arn:aws:states:::dynamodb:putItem',
        Parameters: {
          TableName: RESULTS_TABLE,
          Item: { pk: { 'S.$': '$.id' }, text: { 'S.$': '$.generated.text' }, blob: { B: 'aGVsbG8=' } },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
        ResultPath: null,
        Next: 'Read',
      },
      Read: {
        Type: 'Task',
        Resource: 'arn:aws:states:::dynamodb:getItem',
        Parameters: { TableName: RESULTS_TABLE, Key: { pk: { 'S.$': '$.id' } } },
        ResultPath: '$.read',
        Next: 'List',
      },
      List: {
        Type: 'Task',
        Resource: 'arn:aws:states:::aws-sdk:dynamodb:query',
        Parameters: {
          TableName: RESULTS_TABLE,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': { 'S.$': '$.id' } },
        },
        ResultSelector: { 'count.$': '$.Count' },
        ResultPath: '$.listed',
        Next: 'StoreAgain',
      },
      StoreAgain: {
        Type: 'Task',
        Resource: 'arn:aws:states:::dynamodb:putItem',
        Parameters: { TableName: RESULTS_TABLE, Item: { pk: { 'S.$': '$.id' } }, ConditionExpression: 'attribute_not_exists(pk)' },
        Catch: [{ ErrorEquals: ['DynamoDB.ConditionalCheckFailedException'], ResultPath: '$.duplicate', Next: 'Done' }],
        Next: 'Done',
      },
      Done: { Type: 'Succeed' },
    },
  },
  retryThrottle: {
    StartAt: 'Generate',
    States: {
      Generate: {
        Type: 'Task',
        Resource: 'arn:aws:states:::bedrock:invokeModel',
        Parameters: { ModelId: 'amazon.nova-lite-v1:0', 'Body.$': '$.body' },
        Retry: [{ ErrorEquals: ['Bedrock.ThrottlingException'], IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2, MaxDelaySeconds: 1, JitterStrategy: 'FULL' }],
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Failed' }],
        OutputPath: '$.Body.stopReason',
        End: true,
      },
      Failed: { Type: 'Pass', OutputPath: '$.error', End: true },
    },
  },
  fanOut: {
    StartAt: 'Both',
    States: {
      Both: {
        Type: 'Parallel',
        Branches: [
          {
            StartAt: 'EachItem',
            States: {
              EachItem: {
                Type: 'Map',
                ItemsPath: '$.items',
                MaxConcurrency: 2,
                ItemSelector: { 'value.$': '$$.Map.Item.Value', 'index.$': '$$.Map.Item.Index' },
                ItemProcessor: {
                  ProcessorConfig: { Mode: 'INLINE' },
                  StartAt: 'Slow',
                  States: {
                    Slow: {
                      Type: 'Task',
                      Resource: 'arn:aws:states:::lambda:invoke',
                      Parameters: { FunctionName: `arn:aws:lambda:${region}:${accountId}:function:Slow`, 'Payload.$': '$' },
                      OutputPath: '$.Payload',
                      End: true,
                    },
                  },
                },
                End: true,
              },
            },
          },
          {
            StartAt: 'Direct',
            States: {
              Direct: { Type: 'Task', Resource: `arn:aws:lambda:${region}:${accountId}:function:Echo:$LATEST`, End: true },
            },
          },
        ],
        ResultSelector: { 'mapped.$': '$[0]', 'direct.$': '$[1]', 'execution.$': '$$.Execution.Name' },
        End: true,
      },
    },
  },
  lambdaError: {
    StartAt: 'Call',
    States: {
      Call: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { 'FunctionName.$': '$.fn', Payload: {} },
        Catch: [{ ErrorEquals: ['ValidationError'], ResultPath: '$.err', Next: 'Caught' }],
        End: true,
      },
      Caught: { Type: 'Pass', End: true },
    },
  },
  unsupported: {
    StartAt: 'Publish',
    States: {
      Publish: {
        Type: 'Task',
        Resource: 'arn:aws:states:::sns:publish',
        Parameters: { TopicArn: `arn:aws:sns:${region}:${accountId}:topic`, Message: 'x' },
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }],
        End: true,
      },
      Caught: { Type: 'Pass', End: true },
    },
  },
};

describe('Task integrations', () => {
  let model: ModelServer;
  let dynamodb: TestDynamoDB;
  let local: StepFunctionsLocal;
  let concurrent = 0;
  let maxConcurrent = 0;
  const calls: Array<{ name: string; payload: unknown }> = [];

  const invokeLambda: InvokeLambda = async (name, payload) => {
    calls.push({ name, payload });
    if (name === 'Slow') {
      concurrent += 1;
      maxConcurrent = Math.max(maxConcurrent, concurrent);
      await new Promise((resolve) => setTimeout(resolve, 40));
      concurrent -= 1;
      return { payload: { doubled: (payload as { value: number }).value * 2, index: (payload as { index: number }).index } };
    }
    if (name === 'Echo') return { payload };
    if (name === 'Fails') return { payload: null, functionError: { errorType: 'ValidationError', errorMessage: 'bad input' } };
    throw Object.assign(new Error(`Function not found: ${name}`), { name: 'ResourceNotFoundException' });
  };

  const run = async (machine: string, input: object) => {
    const { executionArn } = local.manager.start({ stateMachineArn: arnOf(machine), input: JSON.stringify(input) });
    return local.whenDone(executionArn);
  };

  beforeAll(async () => {
    [model, dynamodb] = await Promise.all([startModelServer({ tokensPerSecond: 0 }), useTestDynamoDB()]);
    const client = new DynamoDBClient({ endpoint: dynamodb.endpoint, region, credentials });
    await client.send(
      new CreateTableCommand({
        TableName: RESULTS_TABLE,
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    client.destroy();
    local = startStepFunctionsLocal({
      stateMachines: Object.entries(machines).map(([name, definition]) => ({ arn: arnOf(name), name, definition })),
      region,
      accountId,
      credentials,
      services: { bedrockEndpoint: model.url, dynamodbEndpoint: dynamodb.endpoint, clientCredentials: credentials, invokeLambda },
      log: () => undefined,
    });
  }, 60_000);

  afterAll(async () => {
    await local?.close();
    await Promise.all([model?.close(), dynamodb?.release()]);
  });

  it('calls Bedrock InvokeModel and DynamoDB (optimized and SDK integrations) with their AWS shapes', async () => {
    const result = await run('bedrockAndDynamo', { id: 'job-1', body: novaBody('Summarize the plan') });
    expect(result.status).toBe('SUCCEEDED');
    const output = JSON.parse(result.output ?? 'null');
    expect(output.generated.text).toMatch(/^You said "Summarize the plan"/);
    expect(output.generated.contentType).toBe('application/json');
    expect(output.read.Item).toEqual({ pk: { S: 'job-1' }, text: { S: output.generated.text }, blob: { B: 'aGVsbG8=' } });
    expect(output.listed).toEqual({ count: 1 });
    expect(output.duplicate.Error).toBe('DynamoDB.ConditionalCheckFailedException');
    expect(model.stats.snapshot().requests.byModel['amazon.nova-lite-v1:0']).toBeGreaterThanOrEqual(1);
  });

  it('retries a throttled model call with a real wait, then succeeds', async () => {
    model.faults.throttle(1, { marker: '#retry' });
    model.stats.reset();
    const result = await run('retryThrottle', { body: novaBody('hello #retry [[tokens=3]]') });
    expect(result.status).toBe('SUCCEEDED');
    expect(JSON.parse(result.output ?? 'null')).toBe('end_turn');
    expect(model.stats.snapshot().requests.total).toBe(2);
  });

  it('catches Bedrock.ThrottlingException once the retries are used up', async () => {
    model.faults.throttle(4, { marker: '#always' });
    const result = await run('retryThrottle', { body: novaBody('hello #always') });
    const error = JSON.parse(result.output ?? 'null');
    expect(error.Error).toBe('Bedrock.ThrottlingException');
    expect(error.Cause).toMatch(/Service: BedrockRuntime, Status Code: 429/);
  });

  it('runs Parallel branches and a Map with MaxConcurrency through lambda:invoke and a plain function ARN', async () => {
    maxConcurrent = 0;
    const result = await run('fanOut', { items: [1, 2, 3, 4, 5, 6] });
    expect(result.status).toBe('SUCCEEDED');
    const output = JSON.parse(result.output ?? 'null');
    expect(output.mapped).toEqual([1, 2, 3, 4, 5, 6].map((value, index) => ({ doubled: value * 2, index })));
    expect(output.direct).toEqual({ items: [1, 2, 3, 4, 5, 6] });
    expect(output.execution).toBe(result.name);
    expect(maxConcurrent).toBe(2);
    expect(calls.some((call) => call.name === 'Echo')).toBe(true);
  });

  it("fails a lambda:invoke state with the function's errorType and its error payload as Cause", async () => {
    const caught = await run('lambdaError', { fn: 'Fails' });
    expect(caught.status).toBe('SUCCEEDED');
    const { err } = JSON.parse(caught.output ?? 'null');
    expect(err.Error).toBe('ValidationError');
    expect(JSON.parse(err.Cause)).toEqual({ errorType: 'ValidationError', errorMessage: 'bad input' });
    const missing = await run('lambdaError', { fn: 'Missing' });
    expect(missing).toMatchObject({ status: 'FAILED', error: 'Lambda.ResourceNotFoundException' });
  });

  it('fails the execution, uncatchable, on a Resource with no local integration', async () => {
    const result = await run('unsupported', {});
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('States.Runtime');
    expect(result.cause).toMatch(/no local integration for Resource 'arn:aws:states:::sns:publish'/);
  });
});
