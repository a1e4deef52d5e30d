// Apollo Client 4 with the AppSync links, unmodified, against the sandbox's chat
// API: aws-appsync-auth-link signs the HTTP requests, and
// aws-appsync-subscription-link carries onMessageChunk over plain ws:// on the
// same port (its rewrite of the http:// endpoint). Under IAM both links sign with
// SigV4: the HTTP requests, the real-time handshake (/connect) and each start.
//
// Two things an IAM app must do with these versions (neither is about the server; AppSync
// itself would refuse or never see the same requests):
// - Apollo 4 adds `extensions.clientLibrary` to each HTTP body after aws-appsync-auth-link@4.0.2
//   has signed a body without it, so the payload hash no longer matches (403
//   InvalidSignatureException). The public option `enhancedClientAwareness: { transport: false }`
//   keeps it out.
// - Under Node's ESM loader the auth link cannot sign at all: its lib/index.mjs does
//   `import * as crypto from '@aws-crypto/sha256-js'`, which resolves to its nested 1.2.2 copy
//   (CommonJS re-exporting through `(0, tslib.__exportStar)(...)`, invisible to Node's named-export
//   detection), so `crypto.Sha256` is undefined ("Sha256 is not a constructor"). Bundlers are
//   not affected. The IAM clients load both links' published CommonJS builds, unchanged.
import { createRequire } from 'node:module';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { ApolloClient, ApolloLink, InMemoryCache } from '@apollo/client';
import { createAuthLink, type AuthOptions } from 'aws-appsync-auth-link';
import { CONTROL_EVENTS_KEY, createSubscriptionHandshakeLink } from 'aws-appsync-subscription-link';
import { parse } from 'graphql';
import { tap } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateConversationDocument, MessagesDocument, OnMessageChunkDocument, SendMessageDocument, type MessageChunkInput } from '../../client/index.js';
import {
  ChunkInbox,
  errorTypesOf,
  expectIamDenials,
  expectIamPublishReachesSubscriber,
  expectStreamedTurn,
  iamCredentials,
  installGlobalWebSocket,
  PUBLISH_CHUNK_TEXT,
  subOf,
  subscriptionErrorTypes,
  trackedWebSocketClass,
  withinMs,
  type ChatDriver,
  type IamDriver,
  type PublishChunkText,
} from '../support/real-clients.js';
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

interface AppSyncLinks {
  createAuthLink: typeof createAuthLink;
  createSubscriptionHandshakeLink: typeof createSubscriptionHandshakeLink;
}
const esmLinks: AppSyncLinks = { createAuthLink, createSubscriptionHandshakeLink };
const requireCommonJs = createRequire(import.meta.url);
const commonJsLinks: AppSyncLinks = {
  createAuthLink: (requireCommonJs('aws-appsync-auth-link') as typeof import('aws-appsync-auth-link')).createAuthLink,
  createSubscriptionHandshakeLink: (requireCommonJs('aws-appsync-subscription-link') as typeof import('aws-appsync-subscription-link'))
    .createSubscriptionHandshakeLink,
};

function apolloClient(auth: AuthOptions): ApolloClient {
  const s = sandbox();
  const iam = auth.type === 'AWS_IAM';
  const links = iam ? commonJsLinks : esmLinks;
  // No keepAliveTimeoutMs: the link then uses the server's connectionTimeoutMs; a value must be >= 60000.
  const config = { url: s.graphqlUrl, region: s.region, auth };
  const client = new ApolloClient({
    link: ApolloLink.from([startAckLink, links.createAuthLink(config), links.createSubscriptionHandshakeLink(config)]),
    cache: new InMemoryCache(),
    ...(iam ? { enhancedClientAwareness: { transport: false } } : {}),
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

const publishChunkText = parse(PUBLISH_CHUNK_TEXT) as TypedDocumentNode<PublishChunkText, { input: MessageChunkInput }>;

/** A backend caller signing with IAM keys: aws-appsync-auth-link's `{ type: 'AWS_IAM', credentials }`. */
function apolloIam(which: 'sandbox' | 'wrong secret'): IamDriver {
  const client = apolloClient({ type: 'AWS_IAM', credentials: iamCredentials(sandbox().iam, which) });
  const chat = apolloChat(client);
  return {
    async publishChunk(input) {
      const { data } = await client.mutate({ mutation: publishChunkText, variables: { input }, fetchPolicy: 'no-cache' });
      if (!data) throw new Error('publishMessageChunk returned no data');
      return data.publishMessageChunk;
    },
    messages: (conversationId) => chat.messages(conversationId),
    subscribeChunks: (conversationId, inbox) => chat.subscribeChunks(conversationId, inbox),
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

  describe('with IAM auth (a backend caller)', () => {
    const alice = () => apolloChat(apolloClient({ type: 'AMAZON_COGNITO_USER_POOLS', jwtToken: sandbox().tokens.alice }));

    it("publishes a chunk that reaches the owner's subscription with the fields it selected", async () => {
      await expectIamPublishReachesSubscriber(alice(), subOf(sandbox().tokens.alice), (input) => apolloIam('sandbox').publishChunk(input));
    });

    it('is refused fields without @aws_iam, and refused outright with a wrong secret', async () => {
      const { id } = await alice().createConversation('apollo: IAM may not read it');
      await expectIamDenials(apolloIam('sandbox'), apolloIam('wrong secret'), id);
    });
  });
});
