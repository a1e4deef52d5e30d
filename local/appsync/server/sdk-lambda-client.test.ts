// The SDK client (client/) with a Lambda authorizer token: it sends the token as the
// Authorization header over HTTP, in the real-time handshake and in each start, as AppSync expects
// (https://docs.aws.amazon.com/appsync/latest/devguide/real-time-websocket-client.html, Lambda header).
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createClient, isApiError, type Client, type WebSocketConstructor } from '../../../client/index.js';
import { startAuthHarness, type AuthHarness } from './auth/testing/harness.js';

type Post = { id: string; body: string | null; secret: string | null };
const whoami = parse('query { whoami }') as TypedDocumentNode<{ whoami: string }, Record<string, never>>;
const post = parse('mutation Post($id: ID!, $body: String, $secret: String) { post(id: $id, body: $body, secret: $secret) { id body secret } }') as TypedDocumentNode<
  { post: Post },
  { id: string; body?: string; secret?: string }
>;
const onPost = parse('subscription OnPost($id: ID) { onPost(id: $id) { id body secret } }') as TypedDocumentNode<{ onPost: Post }, { id?: string }>;

let h: AuthHarness;
const clients: Client[] = [];
beforeAll(async () => {
  // Tokens "team-<name>" are let in; the authorizer hides Post.secret from everyone but the "team-lead".
  h = await startAuthHarness({
    handler: ({ authorizationToken }) =>
      authorizationToken.startsWith('team-')
        ? { isAuthorized: true, resolverContext: { member: authorizationToken }, ...(authorizationToken === 'team-lead' ? {} : { deniedFields: ['Post.secret'] }) }
        : { isAuthorized: false },
  });
});
afterAll(async () => {
  for (const client of clients) client.close();
  await h.close();
});

function lambdaClient(token: string): Client {
  const client = createClient({
    url: h.server.graphqlUrl,
    realtimeUrl: h.server.realtimeUrl,
    auth: { type: 'lambda', token: () => token },
    WebSocket: WebSocket as unknown as WebSocketConstructor,
  });
  clients.push(client);
  return client;
}

describe('the SDK client with a Lambda authorizer (security-authz.html#aws-lambda-authorization)', () => {
  it('queries, subscribes and mutates with the token; deniedFields come back null', async () => {
    const lead = lambdaClient('team-lead');
    const member = lambdaClient('team-ann');
    expect(await member.query(whoami, {})).toEqual({ whoami: 'AWS_LAMBDA' });
    expect(h.engine.invocations.at(-1)?.auth.identity).toEqual({ resolverContext: { member: 'team-ann' } });

    const subscription = member.subscribe(onPost, { id: 'p1' });
    await subscription.started;
    // HTTP, handshake and start all carried the token; the result was cached (authorizerResultTtlInSeconds 300).
    expect(h.events.filter((e) => e.authorizationToken === 'team-ann')).toHaveLength(1);
    expect(await lead.mutate(post, { id: 'p1', body: 'hello', secret: 's3cret' })).toEqual({ post: { id: 'p1', body: 'hello', secret: 's3cret' } });
    const iterator = subscription[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toEqual({ onPost: { id: 'p1', body: 'hello', secret: null } });
    subscription.close();
  });

  it('surfaces a refused token as UnauthorizedException over HTTP and at the handshake', async () => {
    const stranger = lambdaClient('stranger');
    const error = await stranger.query(whoami, {}).catch((e: unknown) => e);
    expect(isApiError(error, 'UnauthorizedException')).toBe(true);
    const refused = await stranger.subscribe(onPost, {}).started.catch((e: unknown) => e);
    expect(isApiError(refused, 'UnauthorizedException')).toBe(true);
  });
});
