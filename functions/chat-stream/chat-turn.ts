// One assistant answer: the conversation's history becomes the request, and the shared answer
// stream (functions/shared/streaming) does the rest against the assistant message's record.
import { abortable } from '../shared/abortable.js';
import type { ModelClient } from '../shared/bedrock.js';
import { StreamError } from '../shared/errors.js';
import type { Log } from '../shared/logger.js';
import { streamAnswer, type AnswerResult, type AnswerStatus, type AnswerStreamOptions, type Preparation, type StreamContext } from '../shared/streaming/answer-stream.js';
import type { AnswerStore } from '../shared/streaming/answer-store.js';
import type { PublishChunk } from '../shared/streaming/chunk-batcher.js';
import type { ChunkAddress } from './chunk-publisher.js';
import type { ChatStreamConfig } from './config.js';
import type { ChatStreamEvent } from './event.js';
import { collectHistory, toConverseMessages, type HistoryMessage } from './history.js';
import type { MessageKey, MessageStore } from './message-store.js';

export type TurnConfig = Pick<
  ChatStreamConfig,
  'allowedModelIds' | 'historyTokenBudget' | 'flushIntervalMs' | 'flushMaxBytes' | 'checkpointIntervalMs' | 'deadlineMarginMs'
>;

export interface ChatTurnDeps extends AnswerStreamOptions {
  config: TurnConfig;
  store: MessageStore;
  model: ModelClient;
  createPublisher: (address: ChunkAddress) => PublishChunk;
  log: Log;
}

export type TurnContext = StreamContext;
export type TurnStatus = AnswerStatus;
export type TurnResult = AnswerResult;

/** Passes messages through, noting the placeholder's status (it is the newest one read). */
async function* observePlaceholder(
  messages: AsyncIterable<HistoryMessage>,
  placeholderId: string,
  seen: { status?: string },
): AsyncGenerator<HistoryMessage> {
  for await (const message of messages) {
    if (message.id === placeholderId) seen.status = message.status;
    yield message;
  }
}

function messageRecord(store: MessageStore, key: MessageKey): AnswerStore {
  return {
    checkpoint: (content, updatedAt) => store.checkpoint(key, content, updatedAt),
    finish: (final) => store.finish(key, final),
  };
}

export async function runChatTurn(event: ChatStreamEvent, context: TurnContext, deps: ChatTurnDeps): Promise<TurnResult> {
  const key: MessageKey = { conversationId: event.conversationId, messageId: event.assistantMessageId };

  const prepare = async (signal: AbortSignal): Promise<Preparation> => {
    if (!deps.config.allowedModelIds.includes(event.modelId)) {
      throw new StreamError('ModelError', `The model ${event.modelId} is not allowed.`);
    }
    const placeholder: { status?: string } = {};
    const history = await collectHistory(
      observePlaceholder(abortable(deps.store.historyNewestFirst(event.conversationId, event.assistantMessageId), signal), event.assistantMessageId, placeholder),
      { excludeMessageId: event.assistantMessageId, budgetTokens: deps.config.historyTokenBudget },
    );
    if (placeholder.status !== 'STREAMING') return { kind: 'skip', storedStatus: placeholder.status };
    const messages = toConverseMessages(history);
    if (messages.length === 0) throw new StreamError('InternalError', 'The conversation has no question to answer.');
    deps.log.info('Chat turn started', { modelId: event.modelId, historyMessages: history.length });
    return {
      kind: 'ready',
      request: { modelId: event.modelId, messages, systemPrompt: event.systemPrompt, inferenceConfig: event.inferenceConfig },
    };
  };

  return streamAnswer(prepare, context, {
    ...deps,
    store: messageRecord(deps.store, key),
    publish: deps.createPublisher({ conversationId: event.conversationId, messageId: event.assistantMessageId, owner: event.owner }),
  });
}
