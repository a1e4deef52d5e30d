// aws-amplify v6, unmodified, against the sandbox's chat API: generateClient()
// over HTTP, and over wss:// on the same port (Amplify's rewrite of the
// http:// endpoint) for onMessageChunk. Cognito tokens come from a custom
// token provider, as for any app whose sign-in is not Amplify Auth, and IAM keys
// from a custom credentials provider (Amplify signs HTTP requests, the real-time
// handshake and each start with them).
import { readFileSync } from 'node:fs';
import { Amplify } from 'aws-amplify';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { generateClient } from 'aws-amplify/api';
import { decodeJWT, type CredentialsAndIdentityIdProvider, type TokenProvider } from 'aws-amplify/auth';
import { Hub } from 'aws-amplify/utils';
import { print } from 'graphql';
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
import { sandbox, type TestUser } from '../support/sandbox-context.js';

let signedInToken: string | undefined;
const tokenProvider: TokenProvider = {
  getTokens: () => Promise.resolve(signedInToken ? { accessToken: decodeJWT(signedInToken) } : null),
};
const signIn = (user: TestUser) => {
  signedInToken = sandbox().tokens[user];
};

type IamKeys = ReturnType<typeof iamCredentials>;
let iamKeys: IamKeys | undefined;
const credentialsProvider: CredentialsAndIdentityIdProvider = {
  getCredentialsAndIdentityId: () => Promise.resolve(iamKeys ? { credentials: iamKeys } : undefined),
  clearCredentialsAndIdentityId: () => undefined,
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
    { Auth: { tokenProvider, credentialsProvider } },
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
const publishChunkText = PUBLISH_CHUNK_TEXT as AmplifyMutation<{ input: MessageChunkInput }, PublishChunkText>;

function amplifyChat(authMode: 'apiKey' | 'userPool' | 'iam'): ChatDriver {
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

/** A backend caller: generateClient({ authMode: 'iam' }) with the credentials provider holding `which` keys. */
function amplifyIam(which: 'sandbox' | 'wrong secret'): IamDriver {
  const client = generateClient({ authMode: 'iam' });
  const chat = amplifyChat('iam');
  const withKeys = <T>(call: () => Promise<T>) => {
    iamKeys = iamCredentials(sandbox().iam, which);
    return call();
  };
  return {
    publishChunk: (input) => withKeys(async () => (await client.graphql({ query: publishChunkText, variables: { input } })).data.publishMessageChunk),
    messages: (conversationId) => withKeys(() => chat.messages(conversationId)),
    async subscribeChunks(conversationId, inbox) {
      // Amplify shares one socket among all subscriptions and signs a handshake only when it
      // opens one: wait for the last one to close so these keys sign a handshake of their own.
      expect((await sockets.closeAll(3_000)).closedByLibrary).toBe(true);
      return withKeys(() => chat.subscribeChunks(conversationId, inbox));
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

  describe('with IAM auth (a backend caller)', () => {
    it("publishes a chunk that reaches the owner's subscription with the fields it selected", async () => {
      signIn('alice');
      await expectIamPublishReachesSubscriber(amplifyChat('userPool'), subOf(sandbox().tokens.alice), (input) => amplifyIam('sandbox').publishChunk(input));
    });

    it('is refused fields without @aws_iam, and refused outright with a wrong secret', async () => {
      signIn('alice');
      const { id } = await amplifyChat('userPool').createConversation('amplify: IAM may not read it');
      await expectIamDenials(amplifyIam('sandbox'), amplifyIam('wrong secret'), id);
    });
  });
});
