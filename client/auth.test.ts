// What each auth mode puts in the real-time handshake (the header- subprotocol) and in each
// start message, as the AppSync protocol test server receives them.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ClientAuth } from './auth.js';
import { createCoreClient } from './core.js';
import type { WebSocketConstructor } from './realtime.js';
import { startRealtimeTestServer } from './realtime-test-server.js';

const onPing = parse('subscription { onPing { n } }') as TypedDocumentNode<{ onPing: { n: number } }, Record<string, never>>;
const closers: Array<() => unknown> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function handshakeAndStart(auth: ClientAuth) {
  const server = await startRealtimeTestServer();
  const client = createCoreClient({ url: server.graphqlUrl, realtimeUrl: server.realtimeUrl, auth, WebSocket: WebSocket as unknown as WebSocketConstructor });
  closers.push(() => server.close(), () => client.close());
  await client.subscribe(onPing, {}).started;
  await client.subscribe(onPing, {}).started;
  return { host: new URL(server.graphqlUrl).host, handshakes: server.handshakes, starts: server.starts };
}

describe('real-time auth', () => {
  it('API key: host, x-api-key and x-amz-date in the handshake and in every start', async () => {
    const { host, handshakes, starts } = await handshakeAndStart({ type: 'apiKey', apiKey: 'da2-key' });
    expect(handshakes).toEqual([{ host, 'x-api-key': 'da2-key', 'x-amz-date': expect.stringMatching(/^\d{8}T\d{6}Z$/) }]);
    expect(starts[0]?.authorization).toEqual(handshakes[0]);
  });

  it('Cognito: a fresh token from the function for the handshake and for each start', async () => {
    let issued = 0;
    const { host, handshakes, starts } = await handshakeAndStart({ type: 'cognito', token: () => `jwt-${(issued += 1)}` });
    expect(handshakes).toEqual([{ host, Authorization: 'jwt-1' }]);
    expect(starts.map((s) => s.authorization)).toEqual([
      { host, Authorization: 'jwt-2' },
      { host, Authorization: 'jwt-3' },
    ]);
  });

  it('Lambda: the token as Authorization', async () => {
    const { host, handshakes } = await handshakeAndStart({ type: 'lambda', token: async () => 'custom' });
    expect(handshakes).toEqual([{ host, Authorization: 'custom' }]);
  });

  it('IAM: SigV4 headers, the start signed over its own data', async () => {
    const { host, handshakes, starts } = await handshakeAndStart({ type: 'iam', region: 'us-east-1', credentials: { accessKeyId: 'AKID', secretAccessKey: 's' } });
    expect(handshakes[0]).toMatchObject({ host, 'content-encoding': 'amz-1.0', authorization: expect.stringMatching(/^AWS4-HMAC-SHA256 Credential=AKID\//) });
    expect(starts[0]?.authorization).toMatchObject({ host, authorization: expect.stringMatching(/^AWS4-HMAC-SHA256 /) });
    expect(starts[0]?.authorization['authorization']).not.toBe(handshakes[0]?.['authorization']);
  });

  it('a token function that throws fails the subscription with its error', async () => {
    const server = await startRealtimeTestServer();
    const client = createCoreClient({
      url: server.graphqlUrl,
      realtimeUrl: server.realtimeUrl,
      auth: { type: 'cognito', token: () => Promise.reject(new Error('signed out')) },
      WebSocket: WebSocket as unknown as WebSocketConstructor,
    });
    closers.push(() => server.close(), () => client.close());
    await expect(client.subscribe(onPing, {}).started).rejects.toThrow('signed out');
    expect(server.handshakes).toEqual([]);
  });
});
