// Test support (imported by *.test.ts only): a JobsTable in a real DynamoDB Local, for the
// concurrency rules, which a mock cannot check.
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { uniqueTableName, useTestDynamoDB } from '../../local/dynamodb/test-dynamodb.js';
import { jobPk, META_SK, type JobItem } from './job.js';

export interface TestTable {
  tableName: string;
  client: DynamoDBDocumentClient;
  seedJob(id: string, overrides?: Partial<JobItem>): Promise<void>;
  getItem(id: string, sk?: string): Promise<Record<string, unknown> | undefined>;
  close(): Promise<void>;
}

export async function startTestTable(): Promise<TestTable> {
  const dynamodb = await useTestDynamoDB();
  const raw = new DynamoDBClient({ endpoint: dynamodb.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  const client = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
  const tableName = uniqueTableName('JobsTable');
  await raw.send(
    new CreateTableCommand({
      TableName: tableName,
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  return {
    tableName,
    client,
    async seedJob(id, overrides = {}) {
      const item = {
        pk: jobPk(id),
        sk: META_SK,
        type: 'Job',
        id,
        jobId: id,
        owner: 'alice',
        kind: 'DOCUMENT_ANALYSIS',
        status: 'QUEUED',
        steps: [],
        progress: null,
        error: null,
        webhook: null,
        version: 1,
        createdAt: '2026-01-01T00:00:00.000Z',
        updatedAt: '2026-01-01T00:00:00.000Z',
        input: { document: { text: 'secret input', format: 'TEXT' } },
        bypassCache: false,
        gsi1pk: 'OWNER#alice',
        gsi1sk: '2026-01-01T00:00:00.000Z',
        ...overrides,
      };
      await client.send(new PutCommand({ TableName: tableName, Item: item }));
    },
    async getItem(id, sk = META_SK) {
      return (await client.send(new GetCommand({ TableName: tableName, Key: { pk: jobPk(id), sk }, ConsistentRead: true }))).Item;
    },
    async close() {
      raw.destroy();
      await dynamodb.release();
    },
  };
}
