// The unmodified AWS clients against the server: aws-amplify v6 (which upgrades to wss:// on the
// same port) and aws-appsync-subscription-link with Apollo (plain ws://).
import { ApolloClient, gql, InMemoryCache } from '@apollo/client/core';
import { Amplify } from 'aws-amplify';
import { generateClient } from 'aws-amplify/api';
import { createSubscriptionHandshakeLink } from 'aws-appsync-subscription-link';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WS from 'ws';
import { API_KEY, post, startHarness, type Harness, type Loose } from './testing/fixture.js';

let h: Harness;
const globals = globalThis as Loose;
const originalWebSocket = globals.WebSocket;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  globals.WebSocket = originalWebSocket;
  await h.server.close();
});

/** Resolves with the first event once the subscription is live and `trigger` has run. */
function firstEvent(subscribe: (next: (value: unknown) => void, error: (e: unknown) => void) => () => void): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const unsubscribe = subscribe(
      (value) => {
        resolve(value);
        setImmediate(unsubscribe);
      },
      reject,
    );
  });
}

async function publishWhenSubscribed(name: string): Promise<void> {
  for (let i = 0; i < 100 && h.server.stats().activeSubscriptions === 0; i += 1) await new Promise((r) => setTimeout(r, 20));
  await post(h.server.graphqlUrl, { query: `mutation { publish(id: "1", name: "${name}") { id name } }` });
}

describe('AWS clients, unmodified', () => {
  it('aws-amplify v6 generateClient subscribes over wss:// on the HTTP port', async () => {
    const ca = h.server.tlsCertificatePem;
    globals.WebSocket = class extends WS {
      constructor(url: string, protocols: string[]) {
        super(url, protocols, { ca });
      }
    };
    Amplify.configure({ API: { GraphQL: { endpoint: h.server.graphqlUrl, region: 'us-east-1', defaultAuthMode: 'apiKey', apiKey: API_KEY } } });
    const client = generateClient();
    const event = firstEvent((next, error) => {
      const observable = client.graphql({ query: 'subscription { onPublish(id: "1") { id name } }' }) as Loose;
      const subscription = observable.subscribe({ next, error });
      return () => subscription.unsubscribe();
    });
    await publishWhenSubscribed('amplify');
    expect(await event).toEqual({ data: { onPublish: { id: '1', name: 'amplify' } } });
  });

  it('aws-appsync-subscription-link with Apollo subscribes over ws://', async () => {
    globals.WebSocket = WS;
    for (let i = 0; i < 100 && h.server.stats().activeSubscriptions > 0; i += 1) await new Promise((r) => setTimeout(r, 20));
    const link = createSubscriptionHandshakeLink({ url: h.server.graphqlUrl, region: 'us-east-1', auth: { type: 'API_KEY', apiKey: API_KEY } } as Loose);
    const client = new ApolloClient({ link, cache: new InMemoryCache() });
    const event = firstEvent((next, error) => {
      const subscription = client.subscribe({ query: gql`subscription { onPublish(id: "1") { id name } }` }).subscribe({ next, error });
      return () => subscription.unsubscribe();
    });
    await publishWhenSubscribed('link');
    expect(await event).toMatchObject({ data: { onPublish: { __typename: 'Item', id: '1', name: 'link' } } });
  });
});
