// The longest known beginning of one answer. Two sources each see a prefix of the final text:
// the chunks received in order, and the stored content (a checkpoint while streaming, the whole
// text once finished). Only text beyond what was already handed out is returned, so a consumer
// that joins the returned pieces gets the answer exactly once, whichever source filled it in.
import { StreamConsistencyError } from './errors.js';

export class AnswerText {
  private known = '';
  private fromChunks = '';

  /** Text of the next chunks in seq order; returns the new tail (possibly ''). */
  appendChunks(text: string): string {
    this.fromChunks += text;
    // While the stored content is ahead, the chunks are checked once they overtake it.
    return this.fromChunks.length > this.known.length ? this.extend(this.fromChunks, 'The chunks disagree with the stored answer') : '';
  }

  /** The stored content read from the API; returns the new tail (possibly ''). */
  learnStored(content: string): string {
    if (content.length <= this.known.length) {
      if (!this.known.startsWith(content)) throw new StreamConsistencyError('The stored answer disagrees with the streamed text');
      return '';
    }
    return this.extend(content, 'The stored answer disagrees with the streamed text');
  }

  /** Everything handed out so far. */
  get text(): string {
    return this.known;
  }

  private extend(longer: string, mismatch: string): string {
    if (!longer.startsWith(this.known)) throw new StreamConsistencyError(mismatch);
    const tail = longer.slice(this.known.length);
    this.known = longer;
    return tail;
  }
}
