// Test support (imported by *.test.ts only): an AdvertsTable in a real DynamoDB Local and an
// AdvertImagesBucket in the local S3 server, for the conditions and transactions a mock cannot
// check. advert-purge's tests use it too.
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { uniqueTableName, useTestDynamoDB } from '../../local/dynamodb/test-dynamodb.js';
import { startS3Local, type S3Local } from '../../local/s3/index.js';
import { createS3Client } from '../shared/s3.js';

export interface TestStorage {
  tableName: string;
  bucket: string;
  documentClient: DynamoDBDocumentClient;
  s3: S3Client;
  s3Local: S3Local;
  /** Every item of a partition, in sk order. */
  partition(pk: string): Promise<Record<string, unknown>[]>;
  objectKeys(): string[];
  close(): Promise<void>;
}

const region = 'us-east-1';
const credentials = { accessKeyId: 'test', secretAccessKey: 'test-secret' };

export async function startTestStorage(): Promise<TestStorage> {
  const [dynamodb, s3Local] = await Promise.all([useTestDynamoDB(), startS3Local({ buckets: ['advert-images'], credentials: [credentials], region })]);
  const raw = new DynamoDBClient({ endpoint: dynamodb.endpoint, region, credentials });
  const documentClient = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
  const s3 = createS3Client({ endpoint: s3Local.url, region, credentials }, { S3_FORCE_PATH_STYLE: 'true' });
  const tableName = uniqueTableName('AdvertsTable');
  // The ownedItemsTable layout (infra/constructs/owned-items-table.ts).
  await raw.send(
    new CreateTableCommand({
      TableName: tableName,
      AttributeDefinitions: ['pk', 'sk', 'gsi1pk', 'gsi1sk'].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'byOwner',
          KeySchema: [
            { AttributeName: 'gsi1pk', KeyType: 'HASH' },
            { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  return {
    tableName,
    bucket: 'advert-images',
    documentClient,
    s3,
    s3Local,
    async partition(pk) {
      const output = await documentClient.send(
        new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ConsistentRead: true }),
      );
      return output.Items ?? [];
    },
    objectKeys: () => s3Local.objects('advert-images').map((object) => object.key),
    async close() {
      raw.destroy();
      s3.destroy();
      await Promise.all([dynamodb.release(), s3Local.close()]);
    },
  };
}
