// Saves the answer so far at most once per interval, one write at a time. A failed condition is
// how the Lambda learns that the answer was cancelled, replaced or deleted.
import type { Log } from '../logger.js';
import type { AnswerStore, WriteOutcome } from './answer-store.js';

export type CheckpointConflict = Exclude<WriteOutcome, 'written'>;

export interface CheckpointerOptions {
  store: Pick<AnswerStore, 'checkpoint'>;
  intervalMs: number;
  now: () => number;
  log: Log;
  onConflict: (outcome: CheckpointConflict) => void;
}

export class Checkpointer {
  private lastStartedAt: number;
  private lastSavedLength = 0;
  private writing = false;
  private inFlight: Promise<void> = Promise.resolve();
  private writes = 0;
  private stopped = false;

  constructor(private readonly options: CheckpointerOptions) {
    this.lastStartedAt = options.now();
  }

  get writeCount(): number {
    return this.writes;
  }

  /** Starts a write if the interval has passed, nothing is in flight and the content grew. */
  offer(content: string): void {
    if (this.stopped || this.writing || content.length === this.lastSavedLength) return;
    const now = this.options.now();
    if (now - this.lastStartedAt < this.options.intervalMs) return;
    this.lastStartedAt = now;
    this.writing = true;
    this.inFlight = this.save(content);
  }

  /** No more writes; resolves when the one in flight (if any) has landed. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.inFlight;
  }

  private async save(content: string): Promise<void> {
    try {
      this.writes++;
      const outcome = await this.options.store.checkpoint(content, new Date(this.options.now()).toISOString());
      if (outcome === 'written') this.lastSavedLength = content.length;
      else this.options.onConflict(outcome);
    } catch (error) {
      // A lost checkpoint only costs recovery detail; the final write still follows.
      this.options.log.warn('Checkpoint failed', { error });
    } finally {
      this.writing = false;
    }
  }
}
