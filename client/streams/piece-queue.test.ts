import { describe, expect, it } from 'vitest';
import { deferred, PieceQueue } from './piece-queue.js';

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe('PieceQueue', () => {
  it('yields what was pushed before and during the iteration, then ends', async () => {
    const queue = new PieceQueue<string>();
    queue.push('a');
    const items = collect(queue);
    queue.push('b');
    await Promise.resolve();
    queue.push('c');
    queue.end();
    queue.push('ignored');
    expect(await items).toEqual(['a', 'b', 'c']);
  });

  it('yields the queued items before throwing the failure', async () => {
    const queue = new PieceQueue<string>();
    queue.push('a');
    queue.fail(new Error('boom'));
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const item of queue) seen.push(item);
      })(),
    ).rejects.toThrow('boom');
    expect(seen).toEqual(['a']);
  });

  it('stops buffering once the consumer breaks out, and can be iterated only once', async () => {
    const queue = new PieceQueue<string>();
    queue.push('a');
    queue.push('b');
    for await (const item of queue) {
      expect(item).toBe('a');
      break;
    }
    expect(queue.closed).toBe(true);
    queue.push('c');
    await expect(collect(queue)).rejects.toThrow('only once');
  });
});

describe('deferred', () => {
  it('settles from outside and does not report an unawaited rejection', async () => {
    const value = deferred<number>();
    value.resolve(1);
    expect(await value.promise).toBe(1);
    const failed = deferred<number>();
    failed.reject(new Error('nobody listens'));
    await new Promise((resolve) => setTimeout(resolve, 0));
    await expect(failed.promise).rejects.toThrow('nobody listens');
  });
});
