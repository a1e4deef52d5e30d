import { describe, expect, it } from 'vitest';
import { SeqBuffer } from './seq-buffer.js';

const chunk = (seq: number, done = false) => ({ seq, done, text: `t${seq}` });
const seqsOf = (chunks: { seq: number }[]) => chunks.map((c) => c.seq);

describe('SeqBuffer', () => {
  it('hands out chunks in order as they arrive in order', () => {
    const buffer = new SeqBuffer();
    expect(seqsOf(buffer.push(chunk(0)))).toEqual([0]);
    expect(seqsOf(buffer.push(chunk(1)))).toEqual([1]);
    expect(seqsOf(buffer.push(chunk(2, true)))).toEqual([2]);
    expect(buffer.complete).toBe(true);
    expect(buffer.hasGap).toBe(false);
  });

  it('holds later chunks back until the missing one arrives, then releases them in order', () => {
    const buffer = new SeqBuffer();
    buffer.push(chunk(0));
    expect(buffer.push(chunk(2))).toEqual([]);
    expect(buffer.push(chunk(3))).toEqual([]);
    expect(buffer.hasGap).toBe(true);
    expect(buffer.expectedSeq).toBe(1);
    expect(seqsOf(buffer.push(chunk(1)))).toEqual([1, 2, 3]);
    expect(buffer.hasGap).toBe(false);
  });

  it('ignores duplicates, chunks after done and malformed seqs', () => {
    const buffer = new SeqBuffer();
    buffer.push(chunk(0));
    expect(buffer.push(chunk(0))).toEqual([]);
    buffer.push(chunk(2));
    expect(buffer.push(chunk(2))).toEqual([]);
    buffer.push(chunk(3, true));
    expect(buffer.push(chunk(4))).toEqual([]);
    expect(buffer.push(chunk(-1))).toEqual([]);
    expect(buffer.push(chunk(1.5))).toEqual([]);
    expect(buffer.doneWithGap).toBe(true);
    expect(buffer.complete).toBe(false);
    expect(seqsOf(buffer.push(chunk(1)))).toEqual([1, 2, 3]);
    expect(buffer.complete).toBe(true);
    expect(buffer.doneWithGap).toBe(false);
  });

  it('reports the done chunk arriving before the first one as a gap', () => {
    const buffer = new SeqBuffer();
    expect(buffer.push(chunk(1, true))).toEqual([]);
    expect(buffer.doneWithGap).toBe(true);
  });
});
