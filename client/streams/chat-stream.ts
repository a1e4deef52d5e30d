// client.chat.send: one chat turn as a stream of text. It subscribes to the conversation's chunks
// before sending (so none is missed), follows the assistant message's chunks in seq order, and
// fills whatever the subscription missed from the stored message (see answer-tracker.ts).
import {
  CancelGenerationDocument,
  MessageDocument,
  OnMessageChunkDocument,
  SendMessageDocument,
  type InferenceConfigInput,
  type MessageChunkFieldsFragment,
  type MessageFieldsFragment,
} from '../generated/graphql.js';
import { hasErrorType, throwIfAborted, untilAborted } from './abort.js';
import { AnswerTracker, type StoredAnswer, type StreamTiming } from './answer-tracker.js';
import { StreamGoneError } from './errors.js';
import { deferred, PieceQueue } from './piece-queue.js';
import { consumeSubscription, type StreamSubscription, type StreamTransport } from './transport.js';

export interface ChatSendOptions {
  /** Aborting cancels the generation (cancelGeneration) and ends the iteration; `final` still resolves with the stored message. */
  signal?: AbortSignal;
  clientToken?: string;
  modelId?: string;
  inferenceConfig?: InferenceConfigInput;
}

/**
 * The assistant's answer as text pieces in order; joined they are exactly the stored content.
 * Iterate it once. Breaking out of the loop stops the buffering only: the answer carries on
 * and `final` still resolves (use the signal or cancel() to stop the generation).
 */
export interface ChatStream extends AsyncIterable<string> {
  /** The assistant message's id, once sendMessage answered. */
  readonly messageId: Promise<string>;
  /** The stored message once the answer ended: COMPLETE, FAILED or CANCELLED. */
  readonly final: Promise<MessageFieldsFragment>;
  /** Asks the API to stop the answer (cancelGeneration); the iteration ends with what was generated. */
  cancel(): Promise<void>;
}

export interface ChatStreams {
  send(conversationId: string, content: string, options?: ChatSendOptions): ChatStream;
}

export function createChatStreams(transport: StreamTransport, timing?: Partial<StreamTiming>): ChatStreams {
  return {
    send: (conversationId, content, options = {}) => sendStreamed(transport, timing, conversationId, content, options),
  };
}

/** A stored message as the tracker sees it: final once the generator's last write set stopReason or error. */
export function storedMessage(message: MessageFieldsFragment): StoredAnswer<MessageFieldsFragment> {
  const ended = message.status !== 'STREAMING';
  return { record: message, content: message.content, ended, settled: ended && (message.stopReason != null || message.error != null) };
}

function sendStreamed(
  transport: StreamTransport,
  timing: Partial<StreamTiming> | undefined,
  conversationId: string,
  content: string,
  options: ChatSendOptions,
): ChatStream {
  const { signal } = options;
  const pieces = new PieceQueue<string>();
  const messageId = deferred<string>();
  const final = deferred<MessageFieldsFragment>();
  let subscription: StreamSubscription<unknown> | undefined;
  let tracker: AnswerTracker<MessageFieldsFragment> | undefined;
  let assistantMessageId: string | undefined;
  // Chunks can arrive before sendMessage answers with the message id.
  let early: MessageChunkFieldsFragment[] = [];
  let subscriptionEnd: { error: unknown } | undefined;

  const cancel = async (): Promise<void> => {
    const id = await messageId.promise;
    try {
      await transport.mutate(CancelGenerationDocument, { conversationId, messageId: id });
    } catch (error) {
      if (!hasErrorType(error, 'Conflict')) throw error; // Conflict: the answer ended first.
    }
  };
  const onAbort = () => {
    pieces.end();
    if (tracker) cancel().catch(() => undefined); // best effort: `final` tells how the answer ended
  };
  signal?.addEventListener('abort', onAbort, { once: true });

  const onChunk = (chunk: MessageChunkFieldsFragment) => {
    if (!tracker) early.push(chunk);
    else if (chunk.messageId === assistantMessageId) tracker.push(chunk);
  };

  const run = async (): Promise<void> => {
    throwIfAborted(signal);
    const chunks = transport.subscribe(OnMessageChunkDocument, { conversationId }, { onResubscribed: () => tracker?.recover() });
    subscription = chunks;
    consumeSubscription(
      chunks,
      (event) => event.onMessageChunk && onChunk(event.onMessageChunk),
      (error) => {
        subscriptionEnd = { error };
        tracker?.subscriptionEnded(error);
      },
    );
    await untilAborted(chunks.started, signal);
    // Not passed the signal: once sent, the message id is needed to cancel the answer.
    const { sendMessage } = await transport.mutate(SendMessageDocument, {
      input: { conversationId, content, clientToken: options.clientToken, modelId: options.modelId, inferenceConfig: options.inferenceConfig },
    });
    const id = sendMessage.assistantMessageId;
    assistantMessageId = id;
    const follow = new AnswerTracker<MessageFieldsFragment>({
      output: pieces,
      timing,
      read: async () => {
        const { message } = await transport.query(MessageDocument, { conversationId, id });
        if (!message) throw new StreamGoneError(`The message ${id} no longer exists`);
        return storedMessage(message);
      },
    });
    tracker = follow;
    messageId.resolve(id);
    for (const chunk of early) if (chunk.messageId === id) follow.push(chunk);
    early = [];
    if (subscriptionEnd) follow.subscriptionEnded(subscriptionEnd.error);
    else if (options.clientToken) follow.recover(); // a repeated token starts nothing: the answer may be over already
    if (signal?.aborted) onAbort();
    final.resolve(await follow.final);
  };

  run()
    .catch((error: unknown) => {
      if (signal?.aborted) pieces.end();
      else pieces.fail(error);
      messageId.reject(error);
      final.reject(error);
    })
    .finally(() => {
      subscription?.close();
      signal?.removeEventListener('abort', onAbort);
    });

  return {
    messageId: messageId.promise,
    final: final.promise,
    cancel,
    [Symbol.asyncIterator]: () => pieces[Symbol.asyncIterator](),
  };
}
