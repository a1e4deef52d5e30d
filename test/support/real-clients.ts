// Shared pieces for driving the sandbox with unmodified AWS clients (aws-amplify,
// Apollo with the AppSync links): a WebSocket they can use in Node, a chunk
// inbox fed by their observables, and the chat turn every client runs.
import { expect } from 'vitest';
import WebSocket from 'ws';
import type { MessageChunkFieldsFragment, MessageChunkInput, MessageFieldsFragment } from '../../client/index.js';

/**
 * A `ws` WebSocket class for a library that calls `new WebSocket(url, protocols)`.
 * It trusts one extra CA (the sandbox's self-signed certificate) for this socket
 * only, and remembers its sockets so a test can wait for them to close.
 */
export function trackedWebSocketClass(options: { ca?: string } = {}) {
  const sockets = new Set<WebSocket>();
  class TrackedWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, options.ca ? { ca: options.ca } : {});
      sockets.add(this);
      this.once('close', () => sockets.delete(this));
    }
  }

  /** Gives the library `graceMs` to close its sockets itself, then terminates what is left. */
  async function closeAll(graceMs = 2_000): Promise<{ closedByLibrary: boolean }> {
    const deadline = Date.now() + graceMs;
    while (sockets.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    const closedByLibrary = sockets.size === 0;
    await Promise.all([...sockets].map((socket) => new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.terminate();
    })));
    return { closedByLibrary };
  }

  return { WebSocket: TrackedWebSocket, sockets, closeAll };
}

/** Installs a global WebSocket (Node 20 has none) and returns the function that restores the previous one. */
export function installGlobalWebSocket(implementation: unknown): () => void {
  const globals = globalThis as { WebSocket?: unknown };
  const previous = globals.WebSocket;
  globals.WebSocket = implementation;
  return () => {
    globals.WebSocket = previous;
  };
}

export type Chunk = Pick<MessageChunkFieldsFragment, 'messageId' | 'seq' | 'text' | 'done' | 'stopReason'>;

/** Collects chunks pushed by a client's subscription callback until a message's done chunk arrives. */
export class ChunkInbox {
  readonly chunks: Chunk[] = [];
  private failure: unknown;
  private wake: (() => void) | undefined;

  push = (chunk: Chunk): void => {
    this.chunks.push(chunk);
    this.wake?.();
  };

  fail = (error: unknown): void => {
    this.failure = error;
    this.wake?.();
  };

  async untilDone(messageId: string, timeoutMs = 4_000): Promise<Chunk[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const mine = this.chunks.filter((c) => c.messageId === messageId);
      if (mine.some((c) => c.done)) return mine;
      if (this.failure !== undefined) throw this.failure;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`no done chunk for ${messageId} within ${timeoutMs} ms (got ${mine.length})`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(remaining, 100));
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }
}

/** The chat operations a test needs, each implemented with one real client library. */
export interface ChatDriver {
  createConversation(title: string): Promise<{ id: string }>;
  /** Subscribes to onMessageChunk and resolves once AppSync acknowledged it (start_ack); returns the unsubscribe. */
  subscribeChunks(conversationId: string, inbox: ChunkInbox): Promise<() => void>;
  sendMessage(conversationId: string, content: string): Promise<{ assistantMessageId: string }>;
  messages(conversationId: string): Promise<MessageFieldsFragment[]>;
}

/** One streamed turn: subscribe, send, collect the chunks up to done, then read the history back. */
export async function chatTurn(driver: ChatDriver, title: string, content: string) {
  const conversation = await driver.createConversation(title);
  const inbox = new ChunkInbox();
  const unsubscribe = await withinMs(4_000, 'no start_ack for onMessageChunk', driver.subscribeChunks(conversation.id, inbox));
  try {
    const { assistantMessageId } = await driver.sendMessage(conversation.id, content);
    const chunks = await inbox.untilDone(assistantMessageId);
    const messages = await driver.messages(conversation.id);
    return { conversationId: conversation.id, assistantMessageId, chunks, messages };
  } finally {
    unsubscribe();
  }
}

/** Rejects with `message` if `promise` has not settled within `ms` (a library may wait forever for a frame). */
export async function withinMs<T>(ms: number, message: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export const textOf = (chunks: Chunk[]) => chunks.map((c) => c.text).join('');

/** Runs a turn asking for 40 tokens and checks the stream (ordered, one done, same text as stored) and the history. */
export async function expectStreamedTurn(driver: ChatDriver, title: string) {
  const content = `${title} [[tokens=40]]`;
  const turn = await chatTurn(driver, title, content);
  expect(turn.chunks.map((c) => c.seq)).toEqual(turn.chunks.map((_, i) => i));
  expect(turn.chunks.length).toBeGreaterThan(1);
  expect(turn.chunks.filter((c) => c.done)).toHaveLength(1);
  expect(turn.chunks.at(-1)).toMatchObject({ done: true, stopReason: 'end_turn' });
  expect(textOf(turn.chunks).trim().split(/\s+/)).toHaveLength(40);
  expect(turn.messages.map((m) => [m.role, m.status])).toEqual([
    ['USER', 'COMPLETE'],
    ['ASSISTANT', 'COMPLETE'],
  ]);
  expect(turn.messages[0]?.content).toBe(content);
  expect(turn.messages[1]).toMatchObject({ id: turn.assistantMessageId, content: textOf(turn.chunks) });
  return turn;
}

/**
 * The AppSync errorTypes carried by an error a client threw or emitted (`{ errors: [{ errorType }] }`).
 * A request AppSync refused outright (non-2xx) reaches Apollo's caller as a ServerError holding
 * the body as `bodyText`, and an Amplify caller as `{ errors: [GraphQLError] }` whose
 * originalError is named after the x-amzn-ErrorType header.
 */
export function errorTypesOf(error: unknown): string[] {
  const bodyText = (error as { bodyText?: unknown } | null)?.bodyText;
  if (typeof bodyText === 'string') return errorTypesOf(parseJson(bodyText));
  const errors = (error as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors)) return [];
  return errors.map((e: { errorType?: unknown; originalError?: { name?: unknown } | null }) => String(e.errorType ?? e.originalError?.name));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The errorTypes of a refused subscription. Both AWS clients report it as
 * `{ errors: [{ message: 'Connection failed: <detail>' }] }`, where the detail is the start
 * error's payload as JSON, or only the errorType when the handshake failed (connection_error);
 * Apollo hands that on as the `cause` of an UnconventionalError.
 */
export function subscriptionErrorTypes(error: unknown): string[] {
  const reported = (error instanceof Error && error.cause !== undefined ? error.cause : error) as { errors?: { message?: unknown }[] } | null;
  const message = reported?.errors?.[0]?.message;
  if (typeof message !== 'string' || !message.startsWith('Connection failed: ')) return [];
  const detail = message.slice('Connection failed: '.length);
  return /^\w+$/.test(detail) ? [detail] : errorTypesOf(parseJson(detail));
}

/**
 * What a backend caller selects when it publishes a chunk under IAM: not stopReason, usage or
 * error, so a subscriber that asks for those gets them as null.
 */
export const PUBLISH_CHUNK_TEXT = /* GraphQL */ `
  mutation PublishChunkText($input: MessageChunkInput!) {
    publishMessageChunk(input: $input) {
      conversationId
      messageId
      owner
      seq
      text
      done
    }
  }
`;
export type PublishedChunk = Pick<MessageChunkFieldsFragment, 'conversationId' | 'messageId' | 'owner' | 'seq' | 'text' | 'done'>;
export interface PublishChunkText {
  publishMessageChunk: PublishedChunk;
}

/** The sandbox's IAM identity, or the same access key with a secret that does not match it. */
export function iamCredentials(sandboxIam: { accessKeyId: string; secretAccessKey: string }, which: 'sandbox' | 'wrong secret') {
  return which === 'sandbox' ? { ...sandboxIam } : { accessKeyId: sandboxIam.accessKeyId, secretAccessKey: `${sandboxIam.secretAccessKey}-wrong` };
}

/** The Cognito sub in a token: the owner the chat resolvers give the user's conversations. */
export function subOf(jwt: string): string {
  const payload = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as { sub?: unknown };
  if (typeof payload.sub !== 'string') throw new Error('token has no sub');
  return payload.sub;
}

/**
 * A backend publishes a chunk under IAM (publishMessageChunk is @aws_iam only) to a user listening
 * on onMessageChunk (which takes no IAM): the owner gets the event, carrying only the fields the
 * mutation selected and null for the rest.
 * https://docs.aws.amazon.com/appsync/latest/devguide/aws-appsync-real-time-data.html
 */
export async function expectIamPublishReachesSubscriber(
  listener: ChatDriver,
  owner: string,
  publish: (input: MessageChunkInput) => Promise<PublishedChunk>,
) {
  const conversation = await listener.createConversation('published under IAM');
  const inbox = new ChunkInbox();
  const unsubscribe = await withinMs(4_000, 'no start_ack for onMessageChunk', listener.subscribeChunks(conversation.id, inbox));
  try {
    const selected: PublishedChunk = {
      conversationId: conversation.id,
      messageId: `iam-${conversation.id}`,
      owner,
      seq: 0,
      text: 'published by a backend signing with SigV4',
      done: true,
    };
    const published = await publish({ ...selected, stopReason: 'end_turn', usage: { inputTokens: 3, outputTokens: 5 } });
    expect(published).toMatchObject(selected);
    expect(published).not.toHaveProperty('stopReason');
    const [event, ...more] = await inbox.untilDone(selected.messageId);
    expect(more).toEqual([]);
    expect(event).toMatchObject({ ...selected, stopReason: null, usage: null, error: null });
  } finally {
    unsubscribe();
  }
}

/** The IAM caller's view of the chat API, implemented with one real client library. */
export interface IamDriver {
  publishChunk(input: MessageChunkInput): Promise<PublishedChunk>;
  /** Reads a conversation's messages: a field without @aws_iam. */
  messages(conversationId: string): Promise<unknown>;
  /** Subscribes to onMessageChunk (no @aws_iam) over a SigV4-signed connection. */
  subscribeChunks(conversationId: string, inbox: ChunkInbox): Promise<() => void>;
}

/**
 * What IAM may not do. With the sandbox's keys the signature checks out, so the refusal is AppSync's
 * field-level one: 200 with errorType Unauthorized for the query, an Unauthorized start error for
 * the subscription (https://docs.aws.amazon.com/appsync/latest/devguide/security-authz.html,
 * https://repost.aws/knowledge-center/aws-appsync-graphql-request-unauth-error). With a wrong
 * secret the request is refused before execution: over HTTP as AWS refuses a bad signature, 403
 * InvalidSignatureException (AppSync's x-amzn-ErrorType in
 * https://github.com/aws-amplify/amplify-js/issues/2422); on the real-time handshake with the
 * connection_error AppSync sends for any failed connection auth, UnauthorizedException
 * "You are not authorized to make this call." (https://github.com/aws/aws-appsync-community/issues/373,
 * https://github.com/aws-amplify/amplify-flutter/issues/2763).
 */
export async function expectIamDenials(iam: IamDriver, wrongSecret: IamDriver, conversationId: string) {
  const readError: unknown = await iam.messages(conversationId).then(() => 'read allowed', (e: unknown) => e);
  expect(errorTypesOf(readError)).toEqual(['Unauthorized']);
  const subscribeError: unknown = await withinMs(4_000, 'no refusal', iam.subscribeChunks(conversationId, new ChunkInbox())).catch((e: unknown) => e);
  expect(subscriptionErrorTypes(subscribeError)).toEqual(['Unauthorized']);

  const forged = { conversationId, messageId: 'forged', owner: 'anyone', seq: 0, text: 'forged', done: true };
  const publishError: unknown = await wrongSecret.publishChunk(forged).then(() => 'publish allowed', (e: unknown) => e);
  expect(errorTypesOf(publishError)).toEqual(['InvalidSignatureException']);
  const handshakeError: unknown = await withinMs(4_000, 'no refusal', wrongSecret.subscribeChunks(conversationId, new ChunkInbox())).catch((e: unknown) => e);
  expect(subscriptionErrorTypes(handshakeError)).toEqual(['UnauthorizedException']);
}
