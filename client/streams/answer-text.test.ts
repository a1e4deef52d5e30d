import { describe, expect, it } from 'vitest';
import { AnswerText } from './answer-text.js';
import { StreamConsistencyError } from './errors.js';

describe('AnswerText', () => {
  it('returns each chunk as it extends the text', () => {
    const text = new AnswerText();
    expect(text.appendChunks('Hello')).toBe('Hello');
    expect(text.appendChunks(' world')).toBe(' world');
    expect(text.text).toBe('Hello world');
  });

  it('fills a gap from the stored content and hands out only the missing tail', () => {
    const text = new AnswerText();
    text.appendChunks('Once');
    expect(text.learnStored('Once upon a')).toBe(' upon a');
    // Chunks that arrive late (behind the stored content) add nothing until they overtake it.
    expect(text.appendChunks(' upon')).toBe('');
    expect(text.appendChunks(' a time')).toBe(' time');
    expect(text.learnStored('Once upon')).toBe('');
    expect(text.text).toBe('Once upon a time');
  });

  it('refuses a stored content or chunks that contradict the text so far', () => {
    const fromChunks = new AnswerText();
    fromChunks.appendChunks('Once upon');
    expect(() => fromChunks.learnStored('Twice')).toThrow(StreamConsistencyError);
    expect(() => fromChunks.learnStored('Once upon a time, twice')).not.toThrow();

    const fromStored = new AnswerText();
    fromStored.learnStored('Once upon a');
    expect(() => fromStored.appendChunks('Twice upon a time')).toThrow(StreamConsistencyError);
  });
});
