// One streamed answer, start to end, whatever it answers (a chat turn, an advert variant):
// prepare the request -> ConverseStream (retried while nothing was emitted) -> batched chunks +
// checkpoints -> one final write -> the final chunk. Whatever happens, the answer leaves STREAMING
// (COMPLETE, FAILED or CANCELLED) unless its record was deleted or another writer finished it.
import { abortable } from '../abortable.js';
import type { ConverseStreamInput, ModelClient, TokenUsage } from '../bedrock.js';
import { errorName } from '../errors.js';
import type { Log } from '../logger.js';
import { retry, type Sleep } from '../retry.js';
import type { AnswerStore, FinalAnswer } from './answer-store.js';
import { Checkpointer, type CheckpointConflict } from './checkpointer.js';
import { ChunkBatcher, realTimers, type ChunkError, type FinalChunkFields, type PublishChunk, type Timers } from './chunk-batcher.js';
import { noMetrics, type TurnMetrics } from './metrics.js';
import { isRetryableModelError, streamErrorOf, toChunkError } from './stream-errors.js';

export interface AnswerStreamConfig {
  flushIntervalMs: number;
  flushMaxBytes: number;
  checkpointIntervalMs: number;
  /** Stop this long before the Lambda deadline so the answer can still be finished as FAILED. */
  deadlineMarginMs: number;
}

/**
 * ready: stream this request. skip: the stored answer is no longer STREAMING (its status, or
 * undefined when it is gone), so no model call is made.
 */
export type Preparation = { kind: 'ready'; request: ConverseStreamInput } | { kind: 'skip'; storedStatus: string | undefined };

/** What callers may tune or fake (tests): clocks, timers, retries, metrics. */
export interface AnswerStreamOptions {
  metrics?: TurnMetrics;
  now?: () => number;
  timers?: Timers;
  /** Retries of a throttled/transient model call before any text was emitted. Default 3. */
  modelRetries?: number;
  sleep?: Sleep;
  random?: () => number;
}

export interface AnswerStreamDeps extends AnswerStreamOptions {
  config: AnswerStreamConfig;
  store: AnswerStore;
  model: ModelClient;
  publish: PublishChunk;
  log: Log;
}

export interface StreamContext {
  /** Lambda's context.getRemainingTimeInMillis. */
  remainingTimeMs: () => number;
}

/** GONE: the record was deleted. SUPERSEDED: another invocation (or generation) already finished it. */
export type AnswerStatus = FinalAnswer['status'] | 'GONE' | 'SUPERSEDED';

export interface AnswerResult {
  status: AnswerStatus;
  publishes: number;
  checkpoints: number;
}

/** Reads what to stream; runs inside the stream's deadline and abort signal. */
export type PrepareAnswer = (signal: AbortSignal) => Promise<Preparation>;

/** Why generation was stopped from outside the model stream. */
type StopCause = 'cancelled' | 'gone' | 'superseded' | 'timeout' | 'publish-failed';

type Ending =
  | { kind: 'complete' }
  | { kind: 'failed'; error: ChunkError }
  | { kind: 'cancelled' }
  | { kind: 'gone' }
  | { kind: 'superseded' };

class StopSignal extends Error {
  override readonly name = 'StopSignal';
  constructor(readonly stopCause: StopCause) {
    super(`Generation stopped: ${stopCause}`);
  }
}

export async function streamAnswer(prepare: PrepareAnswer, context: StreamContext, deps: AnswerStreamDeps): Promise<AnswerResult> {
  return new AnswerStream(prepare, context, deps).run();
}

class AnswerStream {
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
    private readonly prepare: PrepareAnswer,
    private readonly context: StreamContext,
    private readonly deps: AnswerStreamDeps,
  ) {
    this.now = deps.now ?? Date.now;
    this.timers = deps.timers ?? realTimers;
    this.metrics = deps.metrics ?? noMetrics;
    this.log = deps.log;
    this.startedAt = this.now();
    this.batcher = new ChunkBatcher({
      publish: deps.publish,
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
      intervalMs: deps.config.checkpointIntervalMs,
      now: this.now,
      log: this.log,
      onConflict: (outcome: CheckpointConflict) => this.stop(outcome === 'finished' ? 'superseded' : outcome),
    });
  }

  async run(): Promise<AnswerResult> {
    const budgetMs = Math.max(0, this.context.remainingTimeMs() - this.deps.config.deadlineMarginMs);
    const deadline = this.timers.setTimeout(() => this.stop('timeout'), budgetMs);
    try {
      const ending = await this.generate();
      await this.checkpointer.stop();
      const status = await this.finish(ending);
      this.metrics.publishes(this.batcher.publishCount);
      if (this.usage) this.metrics.outputTokens(this.usage.outputTokens);
      this.log.info('Answer finished', {
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
      const preparation = await this.prepare(signal);
      // Cancelled, deleted or finished before the model starts (or a duplicate invoke): no model call.
      if (preparation.kind === 'skip') return this.endingForStoredStatus(preparation.storedStatus);
      await retry(() => this.streamOnce(preparation.request), {
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

  private async streamOnce(request: ConverseStreamInput): Promise<void> {
    const signal = this.controller.signal;
    for await (const modelEvent of abortable(this.deps.model.converseStream(request, signal), signal)) {
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

  private endingForStoredStatus(status: string | undefined): Ending {
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

  private async finish(ending: Ending): Promise<AnswerStatus> {
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

  /** The final write comes first, so a client that receives `done` can read the stored answer. */
  private async writeThenPublish(status: FinalAnswer['status'], fields: FinalChunkFields): Promise<AnswerStatus> {
    let outcome;
    try {
      outcome = await this.deps.store.finish({
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
        // A cancel landed after the last checkpoint: keep the text, as a cancel promises.
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

  private async quietStop(status: 'GONE' | 'SUPERSEDED'): Promise<AnswerStatus> {
    this.log.info(status === 'GONE' ? 'Answer record deleted during generation' : 'Answer already finished elsewhere');
    await this.batcher.abandon();
    return status;
  }
}
