// Puts one answer's chunks back in seq order (0, 1, 2, ... with no gaps, the last one done):
// the subscription may deliver them out of order, twice, or not at all.

export interface SequencedChunk {
  seq: number;
  done: boolean;
}

export class SeqBuffer<T extends SequencedChunk> {
  private nextSeq = 0;
  private doneSeq: number | undefined;
  private readonly pending = new Map<number, T>();

  /** Takes a chunk; returns the chunks that are now in order (none while an earlier one is missing). */
  push(chunk: T): T[] {
    const { seq } = chunk;
    if (!Number.isInteger(seq) || seq < this.nextSeq || this.pending.has(seq)) return [];
    if (this.doneSeq !== undefined && seq > this.doneSeq) return [];
    if (chunk.done) this.doneSeq = seq;
    this.pending.set(seq, chunk);
    const ready: T[] = [];
    for (let next = this.pending.get(this.nextSeq); next !== undefined; next = this.pending.get(this.nextSeq)) {
      this.pending.delete(this.nextSeq);
      ready.push(next);
      this.nextSeq += 1;
    }
    return ready;
  }

  /** Every chunk up to and including the done chunk has been handed out. */
  get complete(): boolean {
    return this.doneSeq !== undefined && this.nextSeq > this.doneSeq;
  }

  /** The done chunk arrived but an earlier chunk is still missing. */
  get doneWithGap(): boolean {
    return this.doneSeq !== undefined && !this.complete;
  }

  /** A later chunk is held back because an earlier one is missing. */
  get hasGap(): boolean {
    return this.pending.size > 0;
  }

  /** The seq the buffer waits for next. */
  get expectedSeq(): number {
    return this.nextSeq;
  }
}
