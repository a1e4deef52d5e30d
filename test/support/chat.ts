// Chat helpers for integration tests: send a message and collect its streamed chunks.
import {
  CreateConversationDocument,
  MessagesDocument,
  OnMessageChunkDocument,
  SendMessageDocument,
  type Client,
  type MessageChunkFieldsFragment,
  type MessageFieldsFragment,
  type SendMessageInput,
} from '../../client/index.js';

export type Chunk = MessageChunkFieldsFragment;

export async function createConversation(client: Client, input: { title?: string; modelId?: string; systemPrompt?: string } = {}) {
  const { createConversation: conversation } = await client.mutate(CreateConversationDocument, { input });
  return conversation;
}

/**
 * Reads a conversation's chunks in the background. Chunks can arrive before
 * sendMessage returns the assistant message id, so nothing is dropped.
 */
export function chunkCollector(subscription: AsyncIterable<{ onMessageChunk?: Chunk | null }>) {
  const chunks: Chunk[] = [];
  let failure: unknown;
  let wake: (() => void) | undefined;
  void (async () => {
    try {
      for await (const event of subscription) {
        if (event.onMessageChunk) chunks.push(event.onMessageChunk);
        wake?.();
      }
    } catch (error) {
      failure = error;
      wake?.();
    }
  })();
  return {
    chunks,
    /** Resolves with the message's chunks once its done chunk has arrived. */
    async untilDone(messageId: string, timeoutMs = 20_000): Promise<Chunk[]> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const mine = chunks.filter((c) => c.messageId === messageId);
        if (mine.some((c) => c.done)) return mine;
        if (failure) throw failure;
        const remaining = deadline - Date.now();
        if (remaining <= 0) throw new Error(`no done chunk for ${messageId} within ${timeoutMs} ms (got ${mine.length})`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(remaining, 250));
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    },
  };
}

/** Subscribes, sends, and returns the send result with every chunk of the answer. */
export async function sendAndCollect(client: Client, input: SendMessageInput, timeoutMs?: number) {
  const subscription = client.subscribe(OnMessageChunkDocument, { conversationId: input.conversationId });
  try {
    await subscription.started;
    const collector = chunkCollector(subscription);
    const { sendMessage } = await client.mutate(SendMessageDocument, { input });
    const chunks = await collector.untilDone(sendMessage.assistantMessageId, timeoutMs);
    return { ...sendMessage, chunks };
  } finally {
    subscription.close();
  }
}

export async function allMessages(client: Client, conversationId: string): Promise<MessageFieldsFragment[]> {
  const items: MessageFieldsFragment[] = [];
  let nextToken: string | null | undefined;
  do {
    const { messages } = await client.query(MessagesDocument, { conversationId, limit: 100, nextToken });
    items.push(...messages.items);
    nextToken = messages.nextToken;
  } while (nextToken);
  return items;
}

export const textOf = (chunks: Chunk[]) => chunks.map((c) => c.text).join('');

