// Apollo Client 4 with the AppSync links, unmodified, against the sandbox's chat
// API: aws-appsync-auth-link signs the HTTP requests, and
// aws-appsync-subscription-link carries onMessageChunk over plain ws:// on the
// same port (its rewrite of the http:// endpoint).
import { ApolloClient, ApolloLink, InMemoryCache } from '@apollo/client';
import { createAuthLink, type AuthOptions } from 'aws-appsync-auth-link';
import { CONTROL_EVENTS_KEY, createSubscriptionHandshakeLink } from 'aws-appsync-subscription-link';
import { tap } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateConversationDocument, MessagesDocument, OnMessageChunkDocument, SendMessageDocument } from '../../client/index.js';
import { ChunkInbox, errorTypesOf, expectStreamedTurn, installGlobalWebSocket, subscriptionErrorTypes, trackedWebSocketClass, withinMs, type ChatDriver } from '../support/real-clients.js';
import { sandbox } from '../support/sandbox-context.js';

let sockets: ReturnType<typeof trackedWebSocketClass>;
let restoreWebSocket: () => void;
const clients: ApolloClient[] = [];

beforeAll(() => {
  sockets = trackedWebSocketClass();
  restoreWebSocket = installGlobalWebSocket(sockets.WebSocket);
});

afterAll(async () => {
  for (const client of clients) client.stop();
  // The subscription link closes its socket 1 s after the last unsubscribe.
  const { closedByLibrary } = await sockets.closeAll(3_000);
  restoreWebSocket();
  expect(closedByLibrary).toBe(true);
});

interface StartAckContext {
  onSubscriptionStarted?: () => void;
}

/**
 * With control events on, the subscription link emits AppSync's start_ack as
 * `{ extensions: { controlMsgType: 'CONNECTED' } }`; ApolloClient.subscribe drops
 * results without data or error, so this link hands it to a context callback.
 */
const startAckLink = new ApolloLink((operation, forward) => {
  const { onSubscriptionStarted } = operation.getContext() as StartAckContext;
  return forward(operation).pipe(
    tap((result) => {
      if (result.extensions?.controlMsgType === 'CONNECTED') onSubscriptionStarted?.();
    }),
  );
});

function apolloClient(auth: AuthOptions): ApolloClient {
  const s = sandbox();
  // No keepAliveTimeoutMs: the link then uses the server's connectionTimeoutMs; a value must be >= 60000.
  const config = { url: s.graphqlUrl, region: s.region, auth };
  const client = new ApolloClient({
    link: ApolloLink.from([startAckLink, createAuthLink(config), createSubscriptionHandshakeLink(config)]),
    cache: new InMemoryCache(),
  });
  clients.push(client);
  return client;
}

function apolloChat(client: ApolloClient): ChatDriver {
  return {
    async createConversation(title) {
      const { data } = await client.mutate({ mutation: CreateConversationDocument, variables: { input: { title } } });
      if (!data) throw new Error('createConversation returned no data');
      return data.createConversation;
    },
    subscribeChunks(conversationId, inbox) {
      return new Promise((resolve, reject) => {
        const fail = (error: unknown) => {
          inbox.fail(error);
          reject(error as Error);
        };
        const subscription = client
          .subscribe({
            query: OnMessageChunkDocument,
            variables: { conversationId },
            fetchPolicy: 'no-cache',
            context: {
              controlMessages: { [CONTROL_EVENTS_KEY]: true },
              onSubscriptionStarted: () => resolve(() => subscription.unsubscribe()),
            } satisfies StartAckContext & Record<string, unknown>,
          })
          .subscribe({
            next: (result) => {
              if (result.error) fail(result.error);
              else if (result.data?.onMessageChunk) inbox.push(result.data.onMessageChunk);
            },
            error: fail,
          });
      });
    },
    async sendMessage(conversationId, content) {
      const { data } = await client.mutate({ mutation: SendMessageDocument, variables: { input: { conversationId, content } } });
      if (!data) throw new Error('sendMessage returned no data');
      return data.sendMessage;
    },
    async messages(conversationId) {
      const { data } = await client.query({ query: MessagesDocument, variables: { conversationId, limit: 100 }, fetchPolicy: 'no-cache' });
      if (!data) throw new Error('messages returned no data');
      return data.messages.items;
    },
  };
}

describe('Apollo Client 4 with aws-appsync-auth-link and aws-appsync-subscription-link against the chat API', () => {
  it('streams a chat turn with API key auth', async () => {
    await expectStreamedTurn(apolloChat(apolloClient({ type: 'API_KEY', apiKey: sandbox().apiKey })), 'apollo with an API key');
  });

  describe('with Cognito user pool auth', () => {
    let aliceConversationId: string;

    it('streams a chat turn as the token holder', async () => {
      const alice = apolloChat(apolloClient({ type: 'AMAZON_COGNITO_USER_POOLS', jwtToken: sandbox().tokens.alice }));
      aliceConversationId = (await expectStreamedTurn(alice, 'apollo as alice')).conversationId;
    });

    it("denies another user the conversation's messages, sends and chunks", async () => {
      expect(aliceConversationId).toBeTruthy();
      const bob = apolloChat(apolloClient({ type: 'AMAZON_COGNITO_USER_POOLS', jwtToken: () => sandbox().tokens.bob }));
      const readError: unknown = await bob.messages(aliceConversationId).catch((e: unknown) => e);
      expect(errorTypesOf(readError)).toEqual(['Unauthorized']);
      const sendError: unknown = await bob.sendMessage(aliceConversationId, 'hijack').catch((e: unknown) => e);
      expect(errorTypesOf(sendError)).toEqual(['Unauthorized']);
      const subscribeError: unknown = await withinMs(4_000, 'no refusal', bob.subscribeChunks(aliceConversationId, new ChunkInbox())).catch((e: unknown) => e);
      expect(subscriptionErrorTypes(subscribeError)).toEqual(['Unauthorized']);
    });
  });
});
