// The DynamoDB Local the unit test files share (local/dynamodb/test-dynamodb.ts), with an SDK
// client for creating tables and checking items. Name tables with uniqueTableName.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { useTestDynamoDB } from '../../../dynamodb/test-dynamodb.js';

export { uniqueTableName } from '../../../dynamodb/test-dynamodb.js';

export interface RunningDynamoDB {
  endpoint: string;
  client: DynamoDBClient;
  stop(): Promise<void>;
}

export async function startDynamoDBLocal(): Promise<RunningDynamoDB> {
  const dynamodb = await useTestDynamoDB();
  const client = new DynamoDBClient({
    endpoint: dynamodb.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1,
  });
  return {
    endpoint: dynamodb.endpoint,
    client,
    stop: async () => {
      client.destroy();
      await dynamodb.release();
    },
  };
}
