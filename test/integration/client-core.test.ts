// The SDK core against the sandbox: IAM (SigV4) over HTTP and the real-time protocol, Cognito
// tokens that are refused, and a subscription that survives the sandbox cutting its socket.
import { dirname } from 'node:path';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  ApiError,
  createClient,
  isApiError,
  OnMessageChunkDocument,
  PublishMessageChunkDocument,
  type Client,
  type ClientAuth,
  type MessageChunkInput,
  type OnMessageChunkSubscription,
  type Subscription,
  type WebSocketConstructor,
} from '../../client/index.js';
import { createTokenIssuer } from '../../local/auth/index.js';
import { SANDBOX_USER_POOL_CLIENT_ID, SANDBOX_USER_POOL_ID } from '../../local/sandbox/constants.js';
import { subOf } from '../support/advert-storage.js';
import { createConversation } from '../support/chat.js';
import { clientAs, sandbox } from '../support/sandbox-context.js';

const typename = parse('query { __typename }') as TypedDocumentNode<{ __typename: string }, Record<string, never>>;

const clients: Client[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});

function clientWith(auth: ClientAuth): Client {
  const s = sandbox();
  const client = createClient({
    url: s.graphqlUrl,
    realtimeUrl: s.realtimeUrl,
    auth,
    WebSocket: WebSocket as unknown as WebSocketConstructor,
    reconnect: { initialDelayMs: 50, maxDelayMs: 500 },
  });
  clients.push(client);
  return client;
}

const iamClient = (secretAccessKey = sandbox().iam.secretAccessKey) =>
  clientWith({ type: 'iam', region: sandbox().region, credentials: { accessKeyId: sandbox().iam.accessKeyId, secretAccessKey } });

/** Reads a subscription's chunks in the background. */
function chunksOf(subscription: Subscription<OnMessageChunkSubscription>) {
  const texts: string[] = [];
  void (async () => {
    for await (const event of subscription) if (event.onMessageChunk) texts.push(event.onMessageChunk.text);
  })().catch(() => undefined);
  return texts;
}

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A chunk as the chat Lambda publishes it (IAM only), for one of alice's conversations. */
const chunk = (conversationId: string, seq: number, text: string): MessageChunkInput => ({
  conversationId,
  messageId: 'm-client-core',
  owner: subOf('alice'),
  seq,
  text,
  done: false,
});

describe('IAM (SigV4)', () => {
  it('a signed query is accepted; a wrong secret is refused with InvalidSignatureException', async () => {
    expect(await iamClient().query(typename, {})).toEqual({ __typename: 'Query' });
    const error = await iamClient('not-the-secret').query(typename, {}).catch((e: unknown) => e);
    expect(isApiError(error, 'InvalidSignatureException')).toBe(true);
  });

  it('a signed mutation (publishMessageChunk, IAM only) reaches a Cognito subscriber', async () => {
    const alice = clientAs('alice');
    clients.push(alice);
    const { id: conversationId } = await createConversation(alice);
    const subscription = alice.subscribe(OnMessageChunkDocument, { conversationId });
    await subscription.started;
    const texts = chunksOf(subscription);
    const { publishMessageChunk } = await iamClient().mutate(PublishMessageChunkDocument, { input: chunk(conversationId, 0, 'signed by IAM') });
    expect(publishMessageChunk).toMatchObject({ conversationId, seq: 0, text: 'signed by IAM' });
    await until(() => texts.length === 1, 'the published chunk');
    expect(texts).toEqual(['signed by IAM']);
  });

  it('the real-time handshake and start are verified: a field without @aws_iam is Unauthorized, a wrong secret is refused at the handshake', async () => {
    const { id: conversationId } = await createConversation(clientAs('alice'));
    // The signature passed (else the handshake is refused): AppSync's field rule refuses IAM here.
    const refused = await iamClient().subscribe(OnMessageChunkDocument, { conversationId }).started.catch((e: unknown) => e);
    expect(isApiError(refused, 'Unauthorized')).toBe(true);
    const badSignature = await iamClient('not-the-secret').subscribe(OnMessageChunkDocument, { conversationId }).started.catch((e: unknown) => e);
    // AppSync answers every refused handshake with UnauthorizedException, whatever the reason.
    expect(isApiError(badSignature, 'UnauthorizedException')).toBe(true);
  });
});

describe('Cognito tokens', () => {
  it('asks the token function for each request', async () => {
    let calls = 0;
    const client = clientWith({ type: 'cognito', token: () => ((calls += 1), sandbox().tokens.carol) });
    await client.query(typename, {});
    await client.query(typename, {});
    expect(calls).toBe(2);
  });

  it('an expired or forged token is an UnauthorizedException ApiError, for queries and subscriptions', async () => {
    const issuer = await createTokenIssuer({
      keyDirectory: dirname(sandbox().certificateFile),
      region: sandbox().region,
      userPoolId: SANDBOX_USER_POOL_ID,
      clientId: SANDBOX_USER_POOL_CLIENT_ID,
    });
    const expired = await issuer.issueIdToken({ username: 'alice', ttlSeconds: -60 });
    const [header, payload] = sandbox().tokens.alice.split('.');
    const forged = `${header}.${payload}.${'A'.repeat(86)}`;

    for (const token of [expired, forged]) {
      const client = clientWith({ type: 'cognito', token: () => token });
      const error = await client.query(typename, {}).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect(isApiError(error, 'UnauthorizedException')).toBe(true);
      const subscriptionError = await client.subscribe(OnMessageChunkDocument, { conversationId: 'any' }).started.catch((e: unknown) => e);
      expect(isApiError(subscriptionError, 'UnauthorizedException')).toBe(true);
    }
  });
});

describe('a connection dropped mid-stream', () => {
  it('the subscription is re-established, onResubscribed fires, and an event published after the drop arrives', async () => {
    const alice = clientWith({ type: 'cognito', token: () => sandbox().tokens.alice });
    const { id: conversationId } = await createConversation(alice);
    let resubscribed = 0;
    const subscription = alice.subscribe(OnMessageChunkDocument, { conversationId }, { onResubscribed: () => (resubscribed += 1) });
    await subscription.started;
    const texts = chunksOf(subscription);
    const publisher = iamClient();
    await publisher.mutate(PublishMessageChunkDocument, { input: chunk(conversationId, 0, 'before') });
    await until(() => texts.length === 1, 'the chunk before the drop');

    const response = await fetch(`${sandbox().adminUrl}/realtime/drop`, { method: 'POST' });
    expect(response.status).toBe(200);
    const { dropped } = (await response.json()) as { dropped: number };
    expect(dropped).toBeGreaterThanOrEqual(1);

    await until(() => resubscribed === 1, 'onResubscribed');
    await publisher.mutate(PublishMessageChunkDocument, { input: chunk(conversationId, 1, 'after') });
    await until(() => texts.length === 2, 'the chunk after the drop');
    expect(texts).toEqual(['before', 'after']);
    expect(resubscribed).toBe(1);
  });
});
