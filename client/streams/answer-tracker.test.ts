import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, NetworkError } from '../errors.js';
import { AnswerTracker, type StoredAnswer } from './answer-tracker.js';
import { StreamConsistencyError } from './errors.js';
import { PieceQueue } from './piece-queue.js';

const ANSWER = ['Once', ' upon', ' a', ' time', ' there', ' was', ' a', ' tide', ' pool.'];
const WHOLE = ANSWER.join('');
const chunk = (seq: number) => ({ seq, text: ANSWER[seq] ?? '', done: seq === ANSWER.length - 1 });

/** The stored record a test moves along: its content (a checkpoint, then the whole answer) and status. */
class FakeRecord {
  content = '';
  status: 'STREAMING' | 'COMPLETE' | 'CANCELLED' = 'STREAMING';
  final = false;
  reads = 0;
  failures: Error[] = [];
  checkpoint(upToSeq: number) {
    this.content = ANSWER.slice(0, upToSeq + 1).join('');
  }
  complete() {
    this.content = WHOLE;
    this.status = 'COMPLETE';
    this.final = true;
  }
  read = async (): Promise<StoredAnswer<{ content: string; status: string }>> => {
    this.reads += 1;
    const failure = this.failures.shift();
    if (failure) throw failure;
    const record = { content: this.content, status: this.status };
    return { record, content: this.content, ended: this.status !== 'STREAMING', settled: this.final };
  };
}

function setup(timing = {}) {
  const store = new FakeRecord();
  const output = new PieceQueue<string>();
  const pieces: string[] = [];
  const drained = (async () => {
    for await (const piece of output) pieces.push(piece);
  })();
  const tracker = new AnswerTracker({ read: store.read, output, timing });
  return { store, tracker, pieces, drained };
}

describe('AnswerTracker', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('yields chunks in seq order and finishes with the stored record read after the done chunk', async () => {
    const { store, tracker, pieces, drained } = setup();
    for (const seq of [0, 2, 1, 3, 4, 5, 6, 7]) tracker.push(chunk(seq));
    await vi.advanceTimersByTimeAsync(0);
    expect(pieces.join('')).toBe(ANSWER.slice(0, 8).join(''));
    expect(store.reads).toBe(0);

    store.complete();
    tracker.push(chunk(8));
    await expect(tracker.final).resolves.toEqual({ content: WHOLE, status: 'COMPLETE' });
    await drained;
    expect(pieces.join('')).toBe(WHOLE);
    expect(store.reads).toBe(1);
  });

  it('waits gapTimeoutMs for a missing chunk, then yields the missing text from the stored checkpoint', async () => {
    const { store, tracker, pieces } = setup({ gapTimeoutMs: 1000 });
    tracker.push(chunk(0));
    tracker.push(chunk(2));
    tracker.push(chunk(3));
    await vi.advanceTimersByTimeAsync(999);
    expect(store.reads).toBe(0);
    expect(pieces.join('')).toBe('Once');

    store.checkpoint(4);
    await vi.advanceTimersByTimeAsync(1);
    expect(store.reads).toBe(1);
    expect(pieces.join('')).toBe(ANSWER.slice(0, 5).join(''));
    // The late chunk adds nothing that was already handed out; later ones continue the text.
    tracker.push(chunk(1));
    tracker.push(chunk(4));
    tracker.push(chunk(5));
    await vi.advanceTimersByTimeAsync(0);
    expect(pieces.join('')).toBe(ANSWER.slice(0, 6).join(''));
  });

  it('does not read when the missing chunk arrives within gapTimeoutMs', async () => {
    const { store, tracker, pieces } = setup({ gapTimeoutMs: 1000 });
    tracker.push(chunk(0));
    tracker.push(chunk(2));
    await vi.advanceTimersByTimeAsync(500);
    tracker.push(chunk(1));
    await vi.advanceTimersByTimeAsync(5000);
    expect(store.reads).toBe(0);
    expect(pieces.join('')).toBe(ANSWER.slice(0, 3).join(''));
  });

  it('keeps polling while the gap stays open, until the stored answer is finished', async () => {
    const { store, tracker, pieces, drained } = setup({ gapTimeoutMs: 1000, pollIntervalMs: 500 });
    tracker.push(chunk(0));
    tracker.push(chunk(3));
    store.checkpoint(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(pieces.join('')).toBe('Once upon');
    await vi.advanceTimersByTimeAsync(500);
    expect(store.reads).toBe(2);
    store.complete();
    await vi.advanceTimersByTimeAsync(500);
    await drained;
    expect(pieces.join('')).toBe(WHOLE);
    expect(store.reads).toBe(3);
  });

  it('reads the stored answer at once when the done chunk arrives after a gap', async () => {
    const { store, tracker, pieces, drained } = setup();
    tracker.push(chunk(0));
    store.complete();
    tracker.push(chunk(8));
    await drained;
    expect(pieces.join('')).toBe(WHOLE);
    expect(store.reads).toBe(1);
  });

  it('recovers after a resubscribe: the chunks missed meanwhile come from the stored answer', async () => {
    const { store, tracker, pieces, drained } = setup();
    tracker.push(chunk(0));
    tracker.push(chunk(1));
    store.checkpoint(5);
    tracker.recover();
    await vi.advanceTimersByTimeAsync(0);
    expect(pieces.join('')).toBe(ANSWER.slice(0, 6).join(''));
    // The subscription carries on after the resubscribe; the missed seqs are behind the stored text.
    tracker.push(chunk(6));
    await vi.advanceTimersByTimeAsync(1000);
    store.complete();
    tracker.push(chunk(7));
    tracker.push(chunk(8));
    await drained;
    expect(pieces.join('')).toBe(WHOLE);
  });

  it('follows the stored answer by polling once the subscription is lost', async () => {
    const { store, tracker, pieces, drained } = setup({ pollIntervalMs: 200 });
    tracker.push(chunk(0));
    store.checkpoint(2);
    tracker.subscriptionEnded(new NetworkError('connection lost'));
    await vi.advanceTimersByTimeAsync(0);
    expect(pieces.join('')).toBe('Once upon a');
    store.checkpoint(4);
    await vi.advanceTimersByTimeAsync(200);
    expect(pieces.join('')).toBe(ANSWER.slice(0, 5).join(''));
    store.complete();
    await vi.advanceTimersByTimeAsync(200);
    await drained;
    expect(pieces.join('')).toBe(WHOLE);
  });

  it('reads after idleTimeoutMs without any chunk (e.g. a replayed answer that already ended)', async () => {
    const { store, pieces, drained } = setup({ idleTimeoutMs: 3000 });
    store.complete();
    await vi.advanceTimersByTimeAsync(2999);
    expect(store.reads).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    await drained;
    expect(pieces.join('')).toBe(WHOLE);
  });

  it('retries reads that fail with a NetworkError after doubling delays, and fails on an API error', async () => {
    const retried = setup({ pollIntervalMs: 100 });
    retried.store.complete();
    retried.store.failures.push(new NetworkError('offline'), new NetworkError('offline'));
    retried.tracker.recover();
    await vi.advanceTimersByTimeAsync(100);
    expect(retried.store.reads).toBe(2);
    await vi.advanceTimersByTimeAsync(199);
    expect(retried.store.reads).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    await expect(retried.tracker.final).resolves.toMatchObject({ status: 'COMPLETE' });
    expect(retried.store.reads).toBe(3);

    const givesUp = setup({ pollIntervalMs: 100, maxReadFailures: 2 });
    givesUp.store.failures.push(new NetworkError('offline'), new NetworkError('still offline'));
    const iteration = expect(givesUp.drained).rejects.toThrow('still offline');
    givesUp.tracker.recover();
    await vi.advanceTimersByTimeAsync(100);
    await expect(givesUp.tracker.final).rejects.toThrow('still offline');
    await iteration;

    const refused = setup();
    refused.store.failures.push(new ApiError([{ message: 'Not yours', errorType: 'Unauthorized' }], null));
    refused.tracker.recover();
    await expect(refused.tracker.final).rejects.toMatchObject({ errorType: 'Unauthorized' });
    await expect(refused.drained).rejects.toMatchObject({ errorType: 'Unauthorized' });
  });

  it('waits for the final write of an ended answer, but no longer than settleTimeoutMs', async () => {
    const { store, tracker, drained } = setup({ pollIntervalMs: 1000, settleTimeoutMs: 3000 });
    tracker.push(chunk(0));
    store.checkpoint(0);
    store.status = 'CANCELLED'; // cancelled by the API; the generator has not written its final content
    tracker.recover();
    await vi.advanceTimersByTimeAsync(2000);
    expect(store.reads).toBe(3);
    await vi.advanceTimersByTimeAsync(1000);
    await drained;
    await expect(tracker.final).resolves.toMatchObject({ status: 'CANCELLED', content: 'Once' });
  });

  it('fails when the stored answer contradicts the chunks', async () => {
    const { store, tracker, drained } = setup();
    tracker.push(chunk(0));
    store.content = 'Twice';
    tracker.recover();
    await expect(drained).rejects.toBeInstanceOf(StreamConsistencyError);
    await expect(tracker.final).rejects.toBeInstanceOf(StreamConsistencyError);
  });

  it('stops with StreamClosedError when the subscription ends without an error (client.close())', async () => {
    const { tracker, drained } = setup();
    tracker.subscriptionEnded(undefined);
    await drained;
    await expect(tracker.final).rejects.toMatchObject({ name: 'StreamClosedError' });
  });

  it('stop() ends the output and rejects final with the reason', async () => {
    const { tracker, pieces, drained } = setup();
    tracker.push(chunk(0));
    tracker.stop(new Error('aborted'));
    tracker.push(chunk(1));
    await drained;
    expect(pieces).toEqual(['Once']);
    await expect(tracker.final).rejects.toThrow('aborted');
  });
});
