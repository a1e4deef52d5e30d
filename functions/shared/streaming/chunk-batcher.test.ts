import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChunkBatcher, type OutgoingChunk } from './chunk-batcher.js';
import { jsonEncodedSize, MAX_CHUNK_TEXT_BYTES } from './json-size.js';

interface Recorded extends OutgoingChunk {
  at: number;
}

/** A publisher that takes `latencyMs` (fake time) per call and records overlap. */
function recordingPublisher(latencyMs = 0) {
  const chunks: Recorded[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const publish = async (chunk: OutgoingChunk) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    chunks.push({ ...chunk, at: Date.now() });
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    inFlight--;
  };
  return { chunks, publish, maxInFlight: () => maxInFlight };
}

const hasLoneSurrogate = (text: string) => /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);

describe('ChunkBatcher', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('publishes the first delta at once', async () => {
    const sink = recordingPublisher();
    const batcher = new ChunkBatcher({ publish: sink.publish, flushIntervalMs: 100, flushMaxBytes: 4096 });
    batcher.push('Hello');
    expect(sink.chunks).toEqual([expect.objectContaining({ seq: 0, text: 'Hello', done: false, at: 0 })]);
    await batcher.finish({ stopReason: 'end_turn' });
  });

  it('flushes later deltas when the window since the first buffered one has passed', async () => {
    const sink = recordingPublisher();
    const batcher = new ChunkBatcher({ publish: sink.publish, flushIntervalMs: 100, flushMaxBytes: 4096 });
    batcher.push('a');
    await vi.advanceTimersByTimeAsync(10);
    batcher.push('b'); // window starts here (t=10)
    await vi.advanceTimersByTimeAsync(40);
    batcher.push('c');
    await vi.advanceTimersByTimeAsync(40);
    batcher.push('d'); // t=90: does not extend the window
    await vi.advanceTimersByTimeAsync(19);
    expect(sink.chunks).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(sink.chunks).toHaveLength(2);
    expect(sink.chunks[1]).toMatchObject({ seq: 1, text: 'bcd', at: 110 });
    await batcher.finish({});
  });

  it('flushes as soon as the buffer reaches flushMaxBytes', async () => {
    const sink = recordingPublisher();
    const batcher = new ChunkBatcher({ publish: sink.publish, flushIntervalMs: 100, flushMaxBytes: 10 });
    batcher.push('first');
    await vi.advanceTimersByTimeAsync(1);
    batcher.push('12345');
    await vi.advanceTimersByTimeAsync(0);
    expect(sink.chunks).toHaveLength(1);
    batcher.push('67890');
    await vi.advanceTimersByTimeAsync(0);
    expect(sink.chunks.map((c) => c.text)).toEqual(['first', '1234567890']);
    expect(sink.chunks[1]?.at).toBe(1);
    await batcher.finish({});
  });

  it('publishes one at a time, in seq order, joining text that arrived during a slow publish', async () => {
    const sink = recordingPublisher(250);
    const batcher = new ChunkBatcher({ publish: sink.publish, flushIntervalMs: 100, flushMaxBytes: 4096 });
    batcher.push('a'); // in flight until t=250
    for (let t = 0; t < 300; t += 10) {
      await vi.advanceTimersByTimeAsync(10);
      batcher.push('x');
    }
    const finished = batcher.finish({ stopReason: 'end_turn', usage: { inputTokens: 3, outputTokens: 31 } });
    await vi.advanceTimersByTimeAsync(1000);
    await finished;
    expect(sink.maxInFlight()).toBe(1);
    expect(sink.chunks.map((c) => c.seq)).toEqual(sink.chunks.map((_, i) => i));
    expect(sink.chunks[1]?.at).toBe(250); // waited for seq 0, did not overlap it
    expect(sink.chunks.map((c) => c.text).join('')).toBe('a' + 'x'.repeat(30));
    expect(sink.chunks.at(-1)).toMatchObject({ done: true, stopReason: 'end_turn', usage: { inputTokens: 3, outputTokens: 31 } });
    expect(sink.chunks.slice(0, -1).every((c) => !c.done)).toBe(true);
  });

  it('puts the remaining text in the final chunk, after the publish in flight', async () => {
    const sink = recordingPublisher(30);
    const batcher = new ChunkBatcher({ publish: sink.publish, flushIntervalMs: 100, flushMaxBytes: 4096 });
    batcher.push('a');
    batcher.push('b');
    const finished = batcher.finish({ error: { errorType: 'ModelError', message: 'failed' } });
    await vi.advanceTimersByTimeAsync(100);
    await finished;
    expect(sink.chunks).toEqual([
      expect.objectContaining({ seq: 0, text: 'a', done: false }),
      expect.objectContaining({ seq: 1, text: 'b', done: true, at: 30, error: { errorType: 'ModelError', message: 'failed' } }),
    ]);
  });

  it('splits a huge delta into chunks below the payload limit', async () => {
    const sink = recordingPublisher();
    const batcher = new ChunkBatcher({ publish: sink.publish, flushIntervalMs: 100, flushMaxBytes: 4096 });
    const huge = 'é"\n😀'.repeat(40_000); // 2 + 2 + 2 + 4 encoded bytes per repeat: ~400 KB
    batcher.push('start');
    batcher.push(huge);
    await vi.advanceTimersByTimeAsync(0);
    await batcher.finish({ stopReason: 'end_turn' });
    expect(sink.chunks.map((c) => c.text).join('')).toBe('start' + huge);
    expect(sink.chunks.length).toBeGreaterThan(6);
    for (const chunk of sink.chunks) {
      expect(jsonEncodedSize(chunk.text)).toBeLessThanOrEqual(MAX_CHUNK_TEXT_BYTES);
      const payload = JSON.stringify({ conversationId: 'c', messageId: 'm', owner: 'o', ...chunk });
      expect(Buffer.byteLength(payload)).toBeLessThan(240 * 1024);
      expect(hasLoneSurrogate(chunk.text)).toBe(false);
    }
  });

  it('never splits a surrogate pair, even across deltas', async () => {
    const sink = recordingPublisher();
    const batcher = new ChunkBatcher({ publish: sink.publish, flushIntervalMs: 100, flushMaxBytes: 9, maxChunkBytes: 9 });
    const emoji = '😀🎉👍🏽';
    batcher.push('x');
    batcher.push(emoji.repeat(5));
    batcher.push('\uD83D'); // high half of 😀 ...
    await vi.advanceTimersByTimeAsync(100);
    batcher.push('\uDE00'); // ... and its low half in the next delta
    await vi.advanceTimersByTimeAsync(100);
    await batcher.finish({});
    expect(sink.chunks.map((c) => c.text).join('')).toBe('x' + emoji.repeat(5) + '😀');
    for (const chunk of sink.chunks) {
      expect(hasLoneSurrogate(chunk.text)).toBe(false);
      expect(jsonEncodedSize(chunk.text)).toBeLessThanOrEqual(9);
    }
  });

  it('reports a failed publish once and drops later text until finish', async () => {
    const onPublishError = vi.fn();
    let calls = 0;
    const published: OutgoingChunk[] = [];
    const batcher = new ChunkBatcher({
      publish: async (chunk) => {
        calls++;
        if (calls === 2) throw new Error('boom');
        published.push(chunk);
      },
      flushIntervalMs: 100,
      flushMaxBytes: 4096,
      onPublishError,
    });
    batcher.push('a');
    batcher.push('b');
    await vi.advanceTimersByTimeAsync(100);
    batcher.push('c');
    await vi.advanceTimersByTimeAsync(100);
    expect(onPublishError).toHaveBeenCalledTimes(1);
    expect(calls).toBe(2);
    await batcher.finish({ error: { errorType: 'InternalError', message: 'x' } });
    expect(published.map((c) => [c.seq, c.text, c.done])).toEqual([
      [0, 'a', false],
      [2, '', true],
    ]);
  });

  it('meets the benchmark targets at 100 tokens/s in one-token deltas', async () => {
    const sink = recordingPublisher(5);
    const batcher = new ChunkBatcher({ publish: sink.publish, flushIntervalMs: 100, flushMaxBytes: 4096 });
    const sentAt: number[] = [];
    for (let i = 0; i < 1000; i++) {
      sentAt.push(Date.now());
      batcher.push(`t${String(i).padStart(3, '0')} `);
      await vi.advanceTimersByTimeAsync(10);
    }
    const finished = batcher.finish({ stopReason: 'end_turn' });
    await vi.advanceTimersByTimeAsync(1000);
    await finished;
    expect(sink.chunks.length).toBeLessThanOrEqual(110);
    // Delay of each token = when its chunk was handed to the publisher - when it was produced.
    const delays: number[] = [];
    let token = 0;
    for (const chunk of sink.chunks) {
      for (let n = chunk.text.length / 5; n > 0; n--) delays.push(chunk.at - (sentAt[token++] ?? 0));
    }
    expect(token).toBe(1000);
    expect(delays[0]).toBe(0);
    expect(Math.max(...delays)).toBeLessThanOrEqual(120);
  });

  it('abandon drops buffered text and publishes nothing more', async () => {
    const sink = recordingPublisher();
    const batcher = new ChunkBatcher({ publish: sink.publish, flushIntervalMs: 100, flushMaxBytes: 4096 });
    batcher.push('a');
    batcher.push('b');
    await batcher.abandon();
    batcher.push('c');
    await vi.advanceTimersByTimeAsync(500);
    expect(sink.chunks.map((c) => c.text)).toEqual(['a']);
  });
});
