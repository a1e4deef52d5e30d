// Words drawn from the user's message, so structured answers visibly refer to their input.
import { pickInteger, pickOne, shuffled, type Random } from './seeded-random.js';

/** Used when the message has no words of its own (e.g. images only). */
const fallbackWords = ['local', 'model', 'answer', 'sandbox', 'structured', 'output', 'sample', 'value', 'content', 'insight'];

const stopWords = new Set([
  'about', 'after', 'also', 'because', 'been', 'before', 'being', 'could', 'does', 'each', 'from', 'have', 'here', 'into',
  'just', 'more', 'most', 'much', 'only', 'other', 'over', 'please', 'should', 'some', 'such', 'than', 'that', 'their',
  'them', 'then', 'there', 'these', 'they', 'this', 'those', 'very', 'what', 'when', 'where', 'which', 'while', 'will',
  'with', 'would', 'your',
]);

export class InputWords {
  /** Every word, in order (for excerpts). */
  private readonly words: string[];
  /** Distinct content words (for keywords and tags). */
  private readonly salient: string[];

  constructor(text: string) {
    const found = text.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu) ?? [];
    this.words = found.length > 0 ? found : fallbackWords;
    const seen = new Set<string>();
    const content = this.words.filter((word) => {
      const key = word.toLowerCase();
      if (word.length < 4 || stopWords.has(key) || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    this.salient = content.length > 0 ? content : [...new Set(this.words)];
  }

  /** `count` consecutive words from a seeded start, wrapping around the message. */
  excerpt(random: Random, count: number): string {
    const start = pickInteger(random, 0, this.words.length - 1);
    return Array.from({ length: count }, (_, index) => this.words[(start + index) % this.words.length]).join(' ');
  }

  /** One content word. */
  keyword(random: Random): string {
    return pickOne(random, this.salient) ?? 'word';
  }

  /** `count` distinct content words; numbered repeats when the message has too few. */
  keywords(random: Random, count: number): string[] {
    const order = shuffled(random, this.salient);
    return Array.from({ length: count }, (_, index) => {
      const word = order[index % order.length] ?? 'word';
      const round = Math.floor(index / order.length);
      return round === 0 ? word : `${word}-${round + 1}`;
    });
  }
}
