// Shared pieces for driving the sandbox with unmodified AWS clients (aws-amplify,
// Apollo with the AppSync links): a WebSocket they can use in Node, a chunk
// inbox fed by their observables, and the chat turn every client runs.
import { expect } from 'vitest';
import WebSocket from 'ws';
import type { MessageChunkFieldsFragment, MessageFieldsFragment } from '../../client/index.js';

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

/** The AppSync errorTypes carried by an error a client threw or emitted (`{ errors: [{ errorType }] }`). */
export function errorTypesOf(error: unknown): string[] {
  const errors = (error as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors)) return [];
  return errors.map((e: { errorType?: unknown }) => String(e.errorType));
}

/**
 * The errorTypes of a refused subscription. Both AWS clients report it as
 * `{ errors: [{ message: 'Connection failed: <the server's error payload as JSON>' }] }`;
 * Apollo hands that on as the `cause` of an UnconventionalError.
 */
export function subscriptionErrorTypes(error: unknown): string[] {
  const reported = (error instanceof Error && error.cause !== undefined ? error.cause : error) as { errors?: { message?: unknown }[] } | null;
  const message = reported?.errors?.[0]?.message;
  if (typeof message !== 'string' || !message.startsWith('Connection failed: ')) return [];
  try {
    return errorTypesOf(JSON.parse(message.slice('Connection failed: '.length)));
  } catch {
    return [];
  }
}
