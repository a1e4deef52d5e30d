// Global setup of the unit test project: one DynamoDB Local for every test file that needs one
// (local/dynamodb/test-dynamodb.ts), instead of a JVM per file. It starts on the first file's
// request to a loopback broker, not here: most runs of a few files need none, and in a whole run
// the JVM's start overlaps the files that do not use it.
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tsImport } from 'tsx/esm/api';
import type { TestProject } from 'vitest/node';
import type * as DynamoDBLocalModule from '../../local/dynamodb/index.js';

/**
 * Loaded by Node (tsx, https://tsx.is/dev-api/ts-import) rather than by vitest's module runner,
 * which takes seconds over the AWS SDK in this process; a test worker loads it in a fraction.
 */
const loadStarter = () => tsImport('../../local/dynamodb/index.js', import.meta.url) as Promise<typeof DynamoDBLocalModule>;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // The workers inherit it: the SDK's Node 20 notice, once per process, is noise in test output.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  let dynamodb: Promise<DynamoDBLocalModule.DynamoDBLocal> | undefined;
  const broker = createServer((_request, response) => {
    dynamodb ??= loadStarter().then(({ startDynamoDBLocal }) => startDynamoDBLocal());
    dynamodb.then(
      (started) => response.end(started.endpoint),
      (error: unknown) => {
        response.statusCode = 500;
        response.end(error instanceof Error ? error.message : String(error));
      },
    );
  });
  broker.listen(0, '127.0.0.1');
  await once(broker, 'listening');
  // Typed (ProvidedContext) in local/dynamodb/test-dynamodb.ts, whose useTestDynamoDB asks the broker.
  project.provide('dynamodbLocalBroker', `http://127.0.0.1:${(broker.address() as AddressInfo).port}`);
  return async () => {
    broker.closeAllConnections();
    broker.close();
    await (await dynamodb?.catch(() => undefined))?.close();
  };
}
