// The SDK client (client/) against this runtime with IAM, whose test schema has IAM-only
// fields the sandbox's API does not: a query, a subscription and a mutation, all SigV4, and
// a subscription that survives its socket being cut.
import { parse } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createClient, isApiError, type Client, type WebSocketConstructor } from '../../../client/index.js';
import { IAM, REGION, startHarness, type Harness } from './testing/fixture.js';

type Item = { id: string; name: string | null };
const hello = parse('query { hello }') as TypedDocumentNode<{ hello: string }, Record<string, never>>;
const publish = parse('mutation Publish($id: ID!, $name: String) { publish(id: $id, name: $name) { id name } }') as TypedDocumentNode<{ publish: Item }, { id: string; name?: string }>;
const onIamOnly = parse('subscription { onIamOnly { id name } }') as TypedDocumentNode<{ onIamOnly: Item }, Record<string, never>>;

let h: Harness;
const clients: Client[] = [];
beforeAll(async () => {
  h = await startHarness({ keepAliveIntervalMs: 100 });
});
afterAll(async () => {
  for (const client of clients) client.close();
  await h.server.close();
});

function iamClient(secretAccessKey = IAM.secretAccessKey): Client {
  const client = createClient({
    url: h.server.graphqlUrl,
    realtimeUrl: h.server.realtimeUrl,
    auth: { type: 'iam', region: REGION, credentials: async () => ({ accessKeyId: IAM.accessKeyId, secretAccessKey }) },
    WebSocket: WebSocket as unknown as WebSocketConstructor,
    reconnect: { initialDelayMs: 20, maxDelayMs: 100 },
  });
  clients.push(client);
  return client;
}

describe('the SDK client with IAM (SigV4)', () => {
  it('queries, subscribes and publishes', async () => {
    const client = iamClient();
    expect(await client.query(hello, {})).toEqual({ hello: 'hello AWS_IAM' });
    const subscription = client.subscribe(onIamOnly, {});
    await subscription.started;
    expect(await client.mutate(publish, { id: '1', name: 'signed' })).toEqual({ publish: { id: '1', name: 'signed' } });
    const iterator = subscription[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toEqual({ onIamOnly: { id: '1', name: 'signed' } });
    subscription.close();
  });

  it('keeps the subscription across a cut socket: re-signed handshake and start, onResubscribed, later events arrive', async () => {
    const client = iamClient();
    let resubscribed = 0;
    const subscription = client.subscribe(onIamOnly, {}, { onResubscribed: () => (resubscribed += 1) });
    await subscription.started;
    expect(h.server.dropRealtimeConnections()).toBeGreaterThanOrEqual(1);
    for (let i = 0; i < 200 && resubscribed === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(resubscribed).toBe(1);
    await client.mutate(publish, { id: '2', name: 'after the cut' });
    const iterator = subscription[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toEqual({ onIamOnly: { id: '2', name: 'after the cut' } });
    subscription.close();
  });

  it('a wrong secret is refused: InvalidSignatureException over HTTP, UnauthorizedException at the handshake as AppSync answers any refused connection', async () => {
    const client = iamClient('not-the-secret');
    const error = await client.query(hello, {}).catch((e: unknown) => e);
    expect(isApiError(error, 'InvalidSignatureException')).toBe(true);
    const refused = await client.subscribe(onIamOnly, {}).started.catch((e: unknown) => e);
    expect(isApiError(refused, 'UnauthorizedException')).toBe(true);
  });
});
