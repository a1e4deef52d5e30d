// For tests (imported by *.test.ts and test helpers only): the DynamoDB Local that the unit test
// project's global setup started (test/support/dynamodb-global-setup.ts), shared by every test
// file, or, outside that project, one of its own. A JVM per test file cost seconds of the two
// CPU cores each. The database is shared: each file names its tables with uniqueTableName.
import { randomBytes } from 'node:crypto';
import { startDynamoDBLocal } from './dynamodb-local.js';

/** Set by the global setup for the test workers it starts. */
export const TEST_DYNAMODB_ENDPOINT_VARIABLE = 'TEST_DYNAMODB_ENDPOINT';

export interface TestDynamoDB {
  endpoint: string;
  /** Stops the JVM if this file started its own; the shared one outlives the file. */
  release(): Promise<void>;
}

export async function useTestDynamoDB(): Promise<TestDynamoDB> {
  const shared = process.env[TEST_DYNAMODB_ENDPOINT_VARIABLE];
  if (shared) return { endpoint: shared, release: () => Promise.resolve() };
  const own = await startDynamoDBLocal();
  return { endpoint: own.endpoint, release: () => own.close() };
}

/** `base` with a random suffix: files running side by side on the shared database never collide. */
export function uniqueTableName(base: string): string {
  return `${base}-${randomBytes(4).toString('hex')}`;
}
