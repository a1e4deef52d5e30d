// One streamed answer (a chat message, one generation of an advert variant): chunks come in any
// order, text goes out in order and exactly once, and the stored record fills what the
// subscription missed. The stored record is read when a missing chunk stays missing
// (gapTimeoutMs), when the done chunk arrives (the final record, or the missing text), after a
// resubscribe, while the subscription is lost, and after a long silence (idleTimeoutMs).
import { NetworkError } from '../errors.js';
import { AnswerText } from './answer-text.js';
import { StreamClosedError, StreamConsistencyError } from './errors.js';
import { deferred, type PieceSink } from './piece-queue.js';
import { SeqBuffer } from './seq-buffer.js';

export interface AnswerChunk {
  seq: number;
  text: string;
  done: boolean;
}

export interface StoredAnswer<TRecord> {
  record: TRecord;
  /** The stored text: a checkpoint (a prefix of the answer) while generating, the whole answer once settled. */
  content: string;
  /** No longer generating (a terminal status). */
  ended: boolean;
  /** The final write happened: `content` is the whole answer. */
  settled: boolean;
}

export interface StreamTiming {
  /** How long a missing chunk may stay missing before the stored answer is read. */
  gapTimeoutMs: number;
  /** Silence (no chunk) after which the stored answer is read anyway. */
  idleTimeoutMs: number;
  /** Between reads while catching up, or while the subscription is lost. */
  pollIntervalMs: number;
  /** How long an ended answer whose final write has not landed (e.g. just cancelled) is waited for. */
  settleTimeoutMs: number;
  /** Consecutive reads failing with a NetworkError before the stream fails with it (retried with doubling delays). */
  maxReadFailures: number;
}

const MAX_RETRY_DELAY_MS = 30_000;

/** pollIntervalMs, doubled for each consecutive failed read, at most 30 s: rides out a short outage. */
export function retryDelay(timing: StreamTiming, failures: number): number {
  return Math.min(timing.pollIntervalMs * 2 ** Math.max(0, failures - 1), MAX_RETRY_DELAY_MS);
}

export const defaultTiming: StreamTiming = {
  gapTimeoutMs: 1_000,
  idleTimeoutMs: 10_000,
  pollIntervalMs: 1_000,
  settleTimeoutMs: 10_000,
  maxReadFailures: 8,
};

export interface AnswerTrackerOptions<TRecord> {
  read(): Promise<StoredAnswer<TRecord>>;
  output: PieceSink<string>;
  timing?: Partial<StreamTiming> | undefined;
}

type TimerKind = 'idle' | 'gap' | 'poll';

export class AnswerTracker<TRecord> {
  private readonly seqs = new SeqBuffer<AnswerChunk>();
  private readonly text = new AnswerText();
  private readonly result = deferred<TRecord>();
  private readonly timing: StreamTiming;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerKind: TimerKind | undefined;
  private reading = false;
  private readAgain = false;
  private subscriptionGone = false;
  private endedSince: number | undefined;
  private readFailures = 0;
  private done = false;

  constructor(private readonly options: AnswerTrackerOptions<TRecord>) {
    this.timing = { ...defaultTiming, ...options.timing };
    this.arm('idle');
  }

  /** The stored record once the answer is finished; rejects when the stream failed or was stopped. */
  get final(): Promise<TRecord> {
    return this.result.promise;
  }

  get finished(): boolean {
    return this.done;
  }

  push(chunk: AnswerChunk): void {
    if (this.done) return;
    const ready = this.seqs.push(chunk);
    if (ready.length > 0) this.emit(() => this.text.appendChunks(ready.map((c) => c.text).join('')));
    if (this.done) return;
    // The done chunk: read the final record (and, after a gap, the text that never arrived).
    if (this.seqs.complete || this.seqs.doneWithGap) return this.recover();
    if (this.reading || this.timerKind === 'poll') return;
    if (!this.seqs.hasGap) this.arm('idle');
    else if (this.timerKind !== 'gap') this.arm('gap');
  }

  /** Reads the stored answer now: after a resubscribe, or to catch up on a replayed request. */
  recover(): void {
    if (this.done) return;
    if (this.reading) {
      this.readAgain = true;
      return;
    }
    this.reading = true;
    void this.readLoop();
  }

  /**
   * The subscription ended for good. With an error it was lost: follow the stored answer until it
   * is finished. Without one it was closed from this side (client.close()): stop.
   */
  subscriptionEnded(error: unknown): void {
    if (error === undefined) return this.stop(new StreamClosedError());
    this.subscriptionGone = true;
    this.recover();
  }

  /** Applies a stored answer (one just read, or one a mutation returned). */
  accept(stored: StoredAnswer<TRecord>): void {
    if (this.done) return;
    this.emit(() => this.text.learnStored(stored.content));
    if (this.done) return;
    if (stored.settled) {
      if (this.text.text.length !== stored.content.length) {
        return this.fail(new StreamConsistencyError('The streamed text is longer than the finished answer'));
      }
      return this.finish(stored.record);
    }
    if (stored.ended) {
      this.endedSince ??= Date.now();
      if (Date.now() - this.endedSince >= this.timing.settleTimeoutMs) return this.finish(stored.record);
    }
    const catchingUp = this.seqs.hasGap || this.seqs.doneWithGap || this.seqs.complete || this.subscriptionGone || stored.ended;
    this.arm(catchingUp ? 'poll' : 'idle');
  }

  /** Stops following: the output ends and `final` rejects with `reason`. */
  stop(reason: unknown): void {
    if (this.done) return;
    this.done = true;
    this.clearTimer();
    this.options.output.end();
    this.result.reject(reason);
  }

  private async readLoop(): Promise<void> {
    try {
      do {
        this.readAgain = false;
        this.clearTimer();
        let stored: StoredAnswer<TRecord>;
        try {
          stored = await this.options.read();
        } catch (error) {
          this.readFailed(error);
          return;
        }
        this.readFailures = 0;
        this.accept(stored);
      } while (this.readAgain && !this.done);
    } finally {
      this.reading = false;
    }
  }

  private readFailed(error: unknown): void {
    this.readFailures += 1;
    if (error instanceof NetworkError && this.readFailures < this.timing.maxReadFailures) this.arm('poll', retryDelay(this.timing, this.readFailures));
    else this.fail(error);
  }

  private emit(tailOf: () => string): void {
    try {
      const tail = tailOf();
      if (tail) this.options.output.push(tail);
    } catch (error) {
      this.fail(error);
    }
  }

  private finish(record: TRecord): void {
    this.done = true;
    this.clearTimer();
    this.options.output.end();
    this.result.resolve(record);
  }

  private fail(error: unknown): void {
    this.done = true;
    this.clearTimer();
    this.options.output.fail(error);
    this.result.reject(error);
  }

  private arm(kind: TimerKind, delay = kind === 'idle' ? this.timing.idleTimeoutMs : kind === 'gap' ? this.timing.gapTimeoutMs : this.timing.pollIntervalMs): void {
    if (this.done) return;
    this.clearTimer();
    this.timerKind = kind;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerKind = undefined;
      this.recover();
    }, delay);
  }

  private clearTimer(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.timerKind = undefined;
  }
}
