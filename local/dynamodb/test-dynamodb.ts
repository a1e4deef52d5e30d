// For tests (imported by *.test.ts and test helpers only): the DynamoDB Local that the unit test
// project's global setup starts (test/support/dynamodb-global-setup.ts), shared by every test
// file, or, outside that project, one of its own. A JVM per test file cost seconds of the two
// CPU cores each. The database is shared: each file names its tables with uniqueTableName.
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { DynamoDBLocalStartError, startDynamoDBLocal } from './dynamodb-local.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The URL of the global setup's broker: it answers with the endpoint, starting the JVM on the first request. */
    dynamodbLocalBroker: string;
  }
}

export interface TestDynamoDB {
  endpoint: string;
  /** Stops the JVM if this file started its own; the shared one outlives the file. */
  release(): Promise<void>;
}

export async function useTestDynamoDB(): Promise<TestDynamoDB> {
  const broker = inject('dynamodbLocalBroker');
  if (broker) {
    const response = await fetch(broker);
    const answer = await response.text();
    if (!response.ok) throw new DynamoDBLocalStartError(`the shared DynamoDB Local did not start: ${answer}`);
    return { endpoint: answer, release: () => Promise.resolve() };
  }
  const own = await startDynamoDBLocal();
  return { endpoint: own.endpoint, release: () => own.close() };
}

/** `base` with a random suffix: files running side by side on the shared database never collide. */
export function uniqueTableName(base: string): string {
  return `${base}-${randomBytes(4).toString('hex')}`;
}
