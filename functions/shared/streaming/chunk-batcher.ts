// Turns model deltas into few, ordered chunks. The first delta goes out at once (first-token
// latency); later deltas wait at most flushIntervalMs after the first buffered one, or until
// flushMaxBytes are buffered. Publishes run one at a time with seq 0, 1, 2, ... and no gaps; text
// buffered while a publish is in flight joins the next chunk. No chunk's encoded text exceeds
// maxChunkBytes, and a surrogate pair is never split.
import type { TokenUsage } from '../bedrock.js';
import type { StreamErrorType } from '../errors.js';
import { jsonEncodedSize, MAX_CHUNK_TEXT_BYTES, splitByEncodedSize } from './json-size.js';

export interface ChunkError {
  errorType: StreamErrorType;
  message: string;
}

/** The fields the batcher decides; the publisher adds conversationId, messageId and owner. */
export interface OutgoingChunk {
  seq: number;
  text: string;
  done: boolean;
  stopReason: string | null;
  usage: TokenUsage | null;
  error: ChunkError | null;
}

export interface FinalChunkFields {
  stopReason?: string | null;
  usage?: TokenUsage | null;
  error?: ChunkError | null;
}

export type PublishChunk = (chunk: OutgoingChunk) => Promise<void>;

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface ChunkBatcherOptions {
  publish: PublishChunk;
  flushIntervalMs: number;
  flushMaxBytes: number;
  maxChunkBytes?: number;
  timers?: Timers;
  /** Called once when a publish fails; later text is dropped until finish(). */
  onPublishError?: (error: unknown) => void;
}

function endsWithHighSurrogate(text: string): boolean {
  const code = text.charCodeAt(text.length - 1);
  return code >= 0xd800 && code <= 0xdbff;
}

export class ChunkBatcher {
  private readonly publish: PublishChunk;
  private readonly flushIntervalMs: number;
  private readonly flushMaxBytes: number;
  private readonly maxChunkBytes: number;
  private readonly timers: Timers;
  private readonly onPublishError: ((error: unknown) => void) | undefined;

  private buffer = '';
  private bufferedBytes = 0;
  private timer: unknown;
  private flushDue = false;
  private sending = false;
  private idle: Promise<void> = Promise.resolve();
  private nextSeq = 0;
  private started = false;
  private closed = false;
  private failure: unknown;

  constructor(options: ChunkBatcherOptions) {
    this.publish = options.publish;
    this.flushIntervalMs = options.flushIntervalMs;
    this.maxChunkBytes = options.maxChunkBytes ?? MAX_CHUNK_TEXT_BYTES;
    this.flushMaxBytes = Math.min(options.flushMaxBytes, this.maxChunkBytes);
    this.timers = options.timers ?? realTimers;
    this.onPublishError = options.onPublishError;
  }

  /** Chunks handed to the publisher so far (including one in flight). */
  get publishCount(): number {
    return this.nextSeq;
  }

  get publishError(): unknown {
    return this.failure;
  }

  push(text: string): void {
    if (this.closed || this.failure !== undefined || text.length === 0) return;
    this.buffer += text;
    this.bufferedBytes += jsonEncodedSize(text);
    if (!this.started) {
      this.started = true;
      this.requestFlush();
    } else if (this.bufferedBytes >= this.flushMaxBytes) {
      this.requestFlush();
    } else {
      this.armTimer();
    }
  }

  /**
   * Waits for the publish in flight, then publishes what is buffered with `done: true` and the
   * final fields (split first if it is too large). Attempted even after a publish failed.
   */
  async finish(final: FinalChunkFields): Promise<void> {
    if (this.closed) throw new Error('ChunkBatcher already finished');
    this.closed = true;
    this.clearTimer();
    await this.idle;
    let text = this.buffer;
    this.buffer = '';
    this.bufferedBytes = 0;
    while (jsonEncodedSize(text) > this.maxChunkBytes) {
      const { head, rest } = splitByEncodedSize(text, this.maxChunkBytes);
      await this.send({ text: head, done: false });
      text = rest;
    }
    await this.send({
      text,
      done: true,
      stopReason: final.stopReason ?? null,
      usage: final.usage ?? null,
      error: final.error ?? null,
    });
  }

  /** Stops without a final chunk (the conversation is gone); resolves when nothing is in flight. */
  async abandon(): Promise<void> {
    this.closed = true;
    this.clearTimer();
    this.buffer = '';
    this.bufferedBytes = 0;
    await this.idle;
  }

  private requestFlush(): void {
    this.flushDue = true;
    this.clearTimer();
    if (this.sending) return;
    this.sending = true;
    this.idle = this.pump();
  }

  private async pump(): Promise<void> {
    try {
      while (this.flushDue && !this.closed && this.failure === undefined) {
        const text = this.take();
        if (text.length === 0) break;
        await this.send({ text, done: false });
      }
    } catch (error) {
      this.failure = error;
      this.buffer = '';
      this.bufferedBytes = 0;
      this.clearTimer();
      this.onPublishError?.(error);
    } finally {
      this.sending = false;
      this.flushDue = false;
    }
    if (!this.closed && this.buffer.length > 0) this.armTimer();
  }

  /** Starts the window at the first buffered delta; later deltas do not extend it. */
  private armTimer(): void {
    if (this.timer !== undefined || this.flushDue || this.closed) return;
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      this.requestFlush();
    }, this.flushIntervalMs);
  }

  /** Removes the next chunk's text from the buffer; keeps flushDue while an oversized rest remains. */
  private take(): string {
    let text = this.buffer;
    if (this.bufferedBytes > this.maxChunkBytes) {
      const split = splitByEncodedSize(text, this.maxChunkBytes);
      text = split.head;
      this.buffer = split.rest;
      this.bufferedBytes = jsonEncodedSize(split.rest);
      if (this.bufferedBytes > 0) return text;
    } else {
      this.buffer = '';
      this.bufferedBytes = 0;
    }
    // A delta may end inside a surrogate pair: keep its first half for the next chunk.
    if (endsWithHighSurrogate(text)) {
      this.buffer = text.slice(-1) + this.buffer;
      this.bufferedBytes = jsonEncodedSize(this.buffer);
      text = text.slice(0, -1);
    }
    this.flushDue = false;
    this.clearTimer();
    return text;
  }

  private async send(fields: Pick<OutgoingChunk, 'text' | 'done'> & Partial<OutgoingChunk>): Promise<void> {
    const seq = this.nextSeq++;
    await this.publish({ stopReason: null, usage: null, error: null, ...fields, seq });
  }

  private clearTimer(): void {
    if (this.timer !== undefined) {
      this.timers.clearTimeout(this.timer);
      this.timer = undefined;
    }
  }
}
