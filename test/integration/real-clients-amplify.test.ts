// aws-amplify v6, unmodified, against the sandbox's chat API: generateClient()
// over HTTP, and over wss:// on the same port (Amplify's rewrite of the
// http:// endpoint) for onMessageChunk. Cognito tokens come from a custom
// token provider, as for any app whose sign-in is not Amplify Auth.
import { readFileSync } from 'node:fs';
import { Amplify } from 'aws-amplify';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { generateClient } from 'aws-amplify/api';
import { decodeJWT, type TokenProvider } from 'aws-amplify/auth';
import { Hub } from 'aws-amplify/utils';
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateConversationDocument, MessagesDocument, OnMessageChunkDocument, SendMessageDocument } from '../../client/index.js';
import { ChunkInbox, errorTypesOf, expectStreamedTurn, installGlobalWebSocket, subscriptionErrorTypes, trackedWebSocketClass, withinMs, type ChatDriver } from '../support/real-clients.js';
import { sandbox, type TestUser } from '../support/sandbox-context.js';

let signedInToken: string | undefined;
const tokenProvider: TokenProvider = {
  getTokens: () => Promise.resolve(signedInToken ? { accessToken: decodeJWT(signedInToken) } : null),
};
const signIn = (user: TestUser) => {
  signedInToken = sandbox().tokens[user];
};

let sockets: ReturnType<typeof trackedWebSocketClass>;
let restoreWebSocket: () => void;

beforeAll(() => {
  const s = sandbox();
  // Trust the sandbox's self-signed certificate on these sockets only; TLS checks stay on.
  sockets = trackedWebSocketClass({ ca: readFileSync(s.certificateFile, 'utf8') });
  restoreWebSocket = installGlobalWebSocket(sockets.WebSocket);
  Amplify.configure(
    { API: { GraphQL: { endpoint: s.graphqlUrl, region: s.region, defaultAuthMode: 'apiKey', apiKey: s.apiKey } } },
    { Auth: { tokenProvider } },
  );
});

afterAll(async () => {
  // Amplify closes its socket 1 s after the last unsubscribe.
  const { closedByLibrary } = await sockets.closeAll(3_000);
  restoreWebSocket();
  expect(closedByLibrary).toBe(true);
});

/** Amplify announces each start_ack on the Hub's 'api' channel (event 'Subscription ack'). */
function onSubscriptionAck(conversationId: string, callback: () => void): () => void {
  return Hub.listen('api', ({ payload }) => {
    const variables = (payload.data as { variables?: { conversationId?: string } } | undefined)?.variables;
    if (payload.event === 'Subscription ack' && variables?.conversationId === conversationId) callback();
  });
}

// Amplify bundles graphql 15, whose DocumentNode type is not the project's
// (graphql 16), so the generated documents go in printed and tagged with their
// types the way Amplify's own codegen tags its operation strings
// (GeneratedQuery / GeneratedMutation / GeneratedSubscription).
type AmplifyQuery<TVariables, TData> = string & { __generatedQueryInput: TVariables; __generatedQueryOutput: TData };
type AmplifyMutation<TVariables, TData> = string & { __generatedMutationInput: TVariables; __generatedMutationOutput: TData };
type AmplifySubscription<TVariables, TData> = string & { __generatedSubscriptionInput: TVariables; __generatedSubscriptionOutput: TData };
const asQuery = <TData, TVariables>(document: TypedDocumentNode<TData, TVariables>) => print(document) as AmplifyQuery<TVariables, TData>;
const asMutation = <TData, TVariables>(document: TypedDocumentNode<TData, TVariables>) => print(document) as AmplifyMutation<TVariables, TData>;
const asSubscription = <TData, TVariables>(document: TypedDocumentNode<TData, TVariables>) => print(document) as AmplifySubscription<TVariables, TData>;

const createConversation = asMutation(CreateConversationDocument);
const sendMessage = asMutation(SendMessageDocument);
const messages = asQuery(MessagesDocument);
const onMessageChunk = asSubscription(OnMessageChunkDocument);

function amplifyChat(authMode: 'apiKey' | 'userPool'): ChatDriver {
  const client = generateClient({ authMode });
  return {
    async createConversation(title) {
      const { data } = await client.graphql({ query: createConversation, variables: { input: { title } } });
      return data.createConversation;
    },
    subscribeChunks(conversationId, inbox) {
      return new Promise((resolve, reject) => {
        const stopListening = onSubscriptionAck(conversationId, () => {
          stopListening();
          resolve(() => subscription.unsubscribe());
        });
        const subscription = client.graphql({ query: onMessageChunk, variables: { conversationId } }).subscribe({
          next: ({ data }) => {
            if (data.onMessageChunk) inbox.push(data.onMessageChunk);
          },
          error: (error: unknown) => {
            stopListening();
            inbox.fail(error);
            reject(error as Error);
          },
        });
      });
    },
    async sendMessage(conversationId, content) {
      const { data } = await client.graphql({ query: sendMessage, variables: { input: { conversationId, content } } });
      return data.sendMessage;
    },
    async messages(conversationId) {
      const { data } = await client.graphql({ query: messages, variables: { conversationId, limit: 100 } });
      return data.messages.items;
    },
  };
}

describe('aws-amplify v6 generateClient against the chat API', () => {
  it('streams a chat turn with API key auth', async () => {
    await expectStreamedTurn(amplifyChat('apiKey'), 'amplify with an API key');
  });

  describe('with Cognito user pool auth', () => {
    let aliceConversationId: string;

    it('streams a chat turn as the signed-in user', async () => {
      signIn('alice');
      aliceConversationId = (await expectStreamedTurn(amplifyChat('userPool'), 'amplify as alice')).conversationId;
    });

    it("denies another user the conversation's messages, sends and chunks", async () => {
      expect(aliceConversationId).toBeTruthy();
      signIn('bob');
      const bob = amplifyChat('userPool');
      const readError: unknown = await bob.messages(aliceConversationId).catch((e: unknown) => e);
      expect(errorTypesOf(readError)).toEqual(['Unauthorized']);
      const sendError: unknown = await bob.sendMessage(aliceConversationId, 'hijack').catch((e: unknown) => e);
      expect(errorTypesOf(sendError)).toEqual(['Unauthorized']);
      const subscribeError: unknown = await withinMs(4_000, 'no refusal', bob.subscribeChunks(aliceConversationId, new ChunkInbox())).catch((e: unknown) => e);
      expect(subscriptionErrorTypes(subscribeError)).toEqual(['Unauthorized']);
    });

  });
});
