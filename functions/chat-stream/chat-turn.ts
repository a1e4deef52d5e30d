// One assistant answer, start to end: history -> ConverseStream (retried while nothing was
// emitted) -> batched chunks + checkpoints -> one final write -> the final chunk. Whatever
// happens, the message leaves STREAMING (COMPLETE, FAILED or CANCELLED) unless it was deleted.
import type { Message } from '@aws-sdk/client-bedrock-runtime';
import { abortable } from '../shared/abortable.js';
import type { ModelClient, TokenUsage } from '../shared/bedrock.js';
import { StreamError, errorName } from '../shared/errors.js';
import type { Log } from '../shared/logger.js';
import { retry, type Sleep } from '../shared/retry.js';
import { Checkpointer, type CheckpointConflict } from './checkpointer.js';
import { ChunkBatcher, realTimers, type ChunkError, type FinalChunkFields, type PublishChunk, type Timers } from './chunk-batcher.js';
import type { ChunkAddress } from './chunk-publisher.js';
import type { ChatStreamConfig } from './config.js';
import type { ChatStreamEvent } from './event.js';
import { collectHistory, toConverseMessages, type HistoryMessage } from './history.js';
import type { FinalMessage, MessageKey, MessageStore } from './message-store.js';
import { noMetrics, type TurnMetrics } from './metrics.js';
import { isRetryableModelError, streamErrorOf, toChunkError } from './stream-errors.js';

export type TurnConfig = Pick<
  ChatStreamConfig,
  'allowedModelIds' | 'historyTokenBudget' | 'flushIntervalMs' | 'flushMaxBytes' | 'checkpointIntervalMs' | 'deadlineMarginMs'
>;

export interface ChatTurnDeps {
  config: TurnConfig;
  store: MessageStore;
  model: ModelClient;
  createPublisher: (address: ChunkAddress) => PublishChunk;
  log: Log;
  metrics?: TurnMetrics;
  now?: () => number;
  timers?: Timers;
  /** Retries of a throttled/transient model call before any text was emitted. Default 3. */
  modelRetries?: number;
  sleep?: Sleep;
  random?: () => number;
}

export interface TurnContext {
  /** Lambda's context.getRemainingTimeInMillis. */
  remainingTimeMs: () => number;
}

/** GONE: the conversation was deleted. SUPERSEDED: another invocation already finished the message. */
export type TurnStatus = FinalMessage['status'] | 'GONE' | 'SUPERSEDED';

export interface TurnResult {
  status: TurnStatus;
  publishes: number;
  checkpoints: number;
}

/** Why generation was stopped from outside the model stream. */
type StopCause = 'cancelled' | 'gone' | 'superseded' | 'timeout' | 'publish-failed';

type Ending =
  | { kind: 'complete' }
  | { kind: 'failed'; error: ChunkError }
  | { kind: 'cancelled' }
  | { kind: 'gone' }
  | { kind: 'superseded' };

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

class StopSignal extends Error {
  override readonly name = 'StopSignal';
  constructor(readonly stopCause: StopCause) {
    super(`Generation stopped: ${stopCause}`);
  }
}

export async function runChatTurn(event: ChatStreamEvent, context: TurnContext, deps: ChatTurnDeps): Promise<TurnResult> {
  return new ChatTurn(event, context, deps).run();
}

class ChatTurn {
  private readonly key: MessageKey;
  private readonly now: () => number;
  private readonly timers: Timers;
  private readonly metrics: TurnMetrics;
  private readonly log: Log;
  private readonly controller = new AbortController();
  private readonly batcher: ChunkBatcher;
  private readonly checkpointer: Checkpointer;
  private readonly startedAt: number;
  private stopCause: StopCause | undefined;
  private content = '';
  private stopReason: string | undefined;
  private usage: TokenUsage | undefined;

  constructor(
    private readonly event: ChatStreamEvent,
    private readonly context: TurnContext,
    private readonly deps: ChatTurnDeps,
  ) {
    this.key = { conversationId: event.conversationId, messageId: event.assistantMessageId };
    this.now = deps.now ?? Date.now;
    this.timers = deps.timers ?? realTimers;
    this.metrics = deps.metrics ?? noMetrics;
    this.log = deps.log;
    this.startedAt = this.now();
    this.batcher = new ChunkBatcher({
      publish: deps.createPublisher({ conversationId: event.conversationId, messageId: event.assistantMessageId, owner: event.owner }),
      flushIntervalMs: deps.config.flushIntervalMs,
      flushMaxBytes: deps.config.flushMaxBytes,
      timers: this.timers,
      onPublishError: (error) => {
        this.log.error('Publishing a chunk failed', { error });
        this.stop('publish-failed');
      },
    });
    this.checkpointer = new Checkpointer({
      store: deps.store,
      key: this.key,
      intervalMs: deps.config.checkpointIntervalMs,
      now: this.now,
      log: this.log,
      onConflict: (outcome: CheckpointConflict) => this.stop(outcome === 'finished' ? 'superseded' : outcome),
    });
  }

  async run(): Promise<TurnResult> {
    const budgetMs = Math.max(0, this.context.remainingTimeMs() - this.deps.config.deadlineMarginMs);
    const deadline = this.timers.setTimeout(() => this.stop('timeout'), budgetMs);
    try {
      const ending = await this.generate();
      await this.checkpointer.stop();
      const status = await this.finish(ending);
      this.metrics.publishes(this.batcher.publishCount);
      if (this.usage) this.metrics.outputTokens(this.usage.outputTokens);
      this.log.info('Chat turn finished', {
        status,
        stopReason: this.stopReason,
        contentLength: this.content.length,
        outputTokens: this.usage?.outputTokens,
        publishes: this.batcher.publishCount,
        checkpoints: this.checkpointer.writeCount,
        durationMs: this.now() - this.startedAt,
      });
      return { status, publishes: this.batcher.publishCount, checkpoints: this.checkpointer.writeCount };
    } finally {
      this.timers.clearTimeout(deadline);
    }
  }

  private stop(cause: StopCause): void {
    if (this.stopCause) return;
    this.stopCause = cause;
    this.controller.abort(new StopSignal(cause));
  }

  private async generate(): Promise<Ending> {
    const signal = this.controller.signal;
    try {
      if (!this.deps.config.allowedModelIds.includes(this.event.modelId)) {
        throw new StreamError('ModelError', `The model ${this.event.modelId} is not allowed.`);
      }
      const placeholder: { status?: string } = {};
      const history = await collectHistory(
        observePlaceholder(
          abortable(this.deps.store.historyNewestFirst(this.event.conversationId, this.event.assistantMessageId), signal),
          this.event.assistantMessageId,
          placeholder,
        ),
        { excludeMessageId: this.event.assistantMessageId, budgetTokens: this.deps.config.historyTokenBudget },
      );
      // Cancelled, deleted or finished before the model starts (or a duplicate invoke): no model call.
      if (placeholder.status !== 'STREAMING') return this.endingForPlaceholder(placeholder.status);
      const messages = toConverseMessages(history);
      if (messages.length === 0) throw new StreamError('InternalError', 'The conversation has no question to answer.');
      this.log.info('Chat turn started', { modelId: this.event.modelId, historyMessages: history.length });

      await retry(() => this.streamOnce(messages), {
        retries: this.deps.modelRetries ?? 3,
        baseDelayMs: 250,
        maxDelayMs: 4000,
        signal,
        sleep: this.deps.sleep,
        random: this.deps.random,
        shouldRetry: (error) => this.content.length === 0 && !this.stopCause && isRetryableModelError(error),
        onRetry: (error, attempt, delayMs) => this.log.warn('Model call retried', { attempt: attempt + 1, delayMs, errorName: errorName(error) }),
      });
      return this.stopCause ? this.endingForStop(this.stopCause) : { kind: 'complete' };
    } catch (error) {
      if (this.stopCause) return this.endingForStop(this.stopCause);
      this.log.error('Generation failed', { error, contentLength: this.content.length });
      return { kind: 'failed', error: toChunkError(error) };
    }
  }

  private async streamOnce(messages: Message[]): Promise<void> {
    const signal = this.controller.signal;
    const input = {
      modelId: this.event.modelId,
      messages,
      systemPrompt: this.event.systemPrompt,
      inferenceConfig: this.event.inferenceConfig,
    };
    for await (const modelEvent of abortable(this.deps.model.converseStream(input, signal), signal)) {
      switch (modelEvent.type) {
        case 'text':
          if (this.content.length === 0) this.metrics.timeToFirstToken(this.now() - this.startedAt);
          this.content += modelEvent.text;
          this.batcher.push(modelEvent.text);
          this.checkpointer.offer(this.content);
          break;
        case 'stop':
          this.stopReason = modelEvent.stopReason;
          break;
        case 'usage':
          this.usage = modelEvent.usage;
          break;
      }
    }
  }

  private endingForPlaceholder(status: string | undefined): Ending {
    if (status === undefined) return { kind: 'gone' };
    return status === 'CANCELLED' ? { kind: 'cancelled' } : { kind: 'superseded' };
  }

  private endingForStop(cause: StopCause): Ending {
    switch (cause) {
      case 'cancelled':
        return { kind: 'cancelled' };
      case 'gone':
        return { kind: 'gone' };
      case 'superseded':
        return { kind: 'superseded' };
      case 'timeout':
        this.log.warn('Stopped before the Lambda deadline', { contentLength: this.content.length });
        return { kind: 'failed', error: streamErrorOf('Timeout') };
      case 'publish-failed':
        return { kind: 'failed', error: streamErrorOf('InternalError') };
    }
  }

  private async finish(ending: Ending): Promise<TurnStatus> {
    switch (ending.kind) {
      case 'gone':
        return this.quietStop('GONE');
      case 'superseded':
        return this.quietStop('SUPERSEDED');
      case 'complete':
        return this.writeThenPublish('COMPLETE', { stopReason: this.stopReason ?? 'end_turn', usage: this.usage });
      case 'failed':
        return this.writeThenPublish('FAILED', { error: ending.error, usage: this.usage });
      case 'cancelled':
        return this.writeThenPublish('CANCELLED', { stopReason: 'cancelled', usage: this.usage });
    }
  }

  /** The final write comes first, so a client that receives `done` can read the stored message. */
  private async writeThenPublish(status: FinalMessage['status'], fields: FinalChunkFields): Promise<TurnStatus> {
    let outcome;
    try {
      outcome = await this.deps.store.finish(this.key, {
        status,
        content: this.content,
        updatedAt: new Date(this.now()).toISOString(),
        stopReason: fields.stopReason,
        usage: fields.usage,
        error: fields.error,
      });
    } catch (error) {
      // Nothing more can be stored; still tell the client so it stops waiting.
      this.log.error('Final write failed', { error, status });
      await this.publishFinal({ error: streamErrorOf('InternalError'), usage: fields.usage });
      return 'FAILED';
    }
    switch (outcome) {
      case 'written':
        await this.publishFinal(fields);
        return status;
      case 'cancelled':
        // cancelGeneration ran after the last checkpoint: keep the text, as a cancel promises.
        return this.writeThenPublish('CANCELLED', { stopReason: 'cancelled', usage: this.usage });
      case 'gone':
        return this.quietStop('GONE');
      case 'finished':
        return this.quietStop('SUPERSEDED');
    }
  }

  private async publishFinal(fields: FinalChunkFields): Promise<void> {
    try {
      await this.batcher.finish(fields);
    } catch (error) {
      this.log.error('Publishing the final chunk failed', { error });
    }
  }

  private async quietStop(status: 'GONE' | 'SUPERSEDED'): Promise<TurnStatus> {
    this.log.info(status === 'GONE' ? 'Conversation deleted during generation' : 'Message already finished elsewhere');
    await this.batcher.abandon();
    return status;
  }
}
