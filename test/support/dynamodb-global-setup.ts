// Global setup of the unit test project: one DynamoDB Local for every test file that needs one
// (local/dynamodb/test-dynamodb.ts), instead of a JVM per file. The workers vitest starts after
// this inherit its endpoint through the environment.
import { startDynamoDBLocal } from '../../local/dynamodb/index.js';
import { TEST_DYNAMODB_ENDPOINT_VARIABLE } from '../../local/dynamodb/test-dynamodb.js';

export default async function setup(): Promise<() => Promise<void>> {
  const dynamodb = await startDynamoDBLocal();
  process.env[TEST_DYNAMODB_ENDPOINT_VARIABLE] = dynamodb.endpoint;
  return async () => {
    delete process.env[TEST_DYNAMODB_ENDPOINT_VARIABLE];
    await dynamodb.close();
  };
}
