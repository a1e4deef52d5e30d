import { CreateTableCommand, DynamoDBClient, GetItemCommand, ListTablesCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { JavaNotFoundError, startDynamoDBLocal } from './index.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('startDynamoDBLocal', () => {
  it('starts on a free loopback port, answers, shares one database across credentials, and is gone after close', async () => {
    const dynamo = await startDynamoDBLocal();
    const pids = () => execFileSync('sh', ['-c', `pgrep -f -- "-port ${dynamo.port}" || true`]).toString().trim().split('\n').filter(Boolean).map(Number);
    try {
      expect(dynamo.endpoint).toBe(`http://127.0.0.1:${dynamo.port}`);
      const clientFor = (accessKeyId: string, region: string) =>
        new DynamoDBClient({ endpoint: dynamo.endpoint, region, credentials: { accessKeyId, secretAccessKey: 'x' } });
      const writer = clientFor('writer', 'us-east-1');
      await writer.send(
        new CreateTableCommand({
          TableName: 'Things',
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
      await writer.send(new PutItemCommand({ TableName: 'Things', Item: { pk: { S: 'a' }, n: { N: '1' } } }));
      const reader = clientFor('reader', 'eu-west-1');
      expect((await reader.send(new ListTablesCommand({}))).TableNames).toEqual(['Things']);
      expect((await reader.send(new GetItemCommand({ TableName: 'Things', Key: { pk: { S: 'a' } } }))).Item?.n?.N).toBe('1');
      writer.destroy();
      reader.destroy();
      expect(pids().length).toBeGreaterThan(0);
    } finally {
      await dynamo.close();
    }
    const jvmPids = pids();
    expect(jvmPids.filter(isRunning)).toEqual([]);
    const afterClose = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 });
    await expect(afterClose.send(new ListTablesCommand({}))).rejects.toThrow();
    afterClose.destroy();
  });

  it('says how to install Java when it is missing', async () => {
    await expect(startDynamoDBLocal({ javaCommand: 'no-such-java-binary' })).rejects.toThrow(JavaNotFoundError);
    await expect(startDynamoDBLocal({ javaCommand: 'no-such-java-binary' })).rejects.toThrow(/apt-get install -y openjdk-17-jre-headless/);
  });
});
