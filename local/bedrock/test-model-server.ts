// Test support: one model server per test file, with an unmodified Bedrock Runtime client
// pointed at it, and faults and stats cleared before each test.
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startModelServer, type ModelServer } from './index.js';

// The variable this SDK version reads to silence its Node 20 warning.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export const TEST_MODEL_ID = 'amazon.nova-lite-v1:0';

export interface ModelServerFixture {
  readonly server: ModelServer;
  readonly client: BedrockRuntimeClient;
}

/** Registers the hooks; read `server` and `client` inside tests (they exist once beforeAll ran). */
export function useModelServer(): ModelServerFixture {
  let server: ModelServer | undefined;
  let client: BedrockRuntimeClient | undefined;
  beforeAll(async () => {
    server = await startModelServer({ tokensPerSecond: 0 });
    client = new BedrockRuntimeClient({
      endpoint: server.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local-secret' },
      maxAttempts: 1,
    });
  });
  afterAll(async () => {
    client?.destroy();
    await server?.close();
  });
  beforeEach(() => {
    server?.faults.clear();
    server?.stats.reset();
  });
  return {
    get server() {
      if (!server) throw new Error('the model server starts in beforeAll');
      return server;
    },
    get client() {
      if (!client) throw new Error('the model server starts in beforeAll');
      return client;
    },
  };
}
