// A single-consumer async queue: the producer pushes as events arrive, the consumer iterates at
// its own pace. What a stream's `for await` reads.

export interface PieceSink<T> {
  push(item: T): void;
  /** No more items: the iteration ends once the queued ones are read. */
  end(): void;
  /** The iteration throws `error` once the queued items are read. */
  fail(error: unknown): void;
}

type State = 'open' | 'ended' | 'failed' | 'detached';

export class PieceQueue<T> implements PieceSink<T>, AsyncIterable<T> {
  private items: T[] = [];
  private state: State = 'open';
  private failure: unknown;
  private wake: (() => void) | undefined;
  private iterated = false;

  push(item: T): void {
    if (this.state !== 'open') return;
    this.items.push(item);
    this.notify();
  }

  end(): void {
    if (this.state !== 'open') return;
    this.state = 'ended';
    this.notify();
  }

  fail(error: unknown): void {
    if (this.state !== 'open') return;
    this.state = 'failed';
    this.failure = error;
    this.notify();
  }

  /** True once nothing more can be pushed (ended, failed, or the consumer left). */
  get closed(): boolean {
    return this.state !== 'open';
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    if (this.iterated) throw new Error('A stream can be iterated only once');
    this.iterated = true;
    try {
      for (;;) {
        if (this.items.length > 0) {
          const batch = this.items;
          this.items = [];
          yield* batch;
          continue;
        }
        if (this.state === 'failed') throw this.failure;
        if (this.state !== 'open') return;
        await new Promise<void>((resolve) => (this.wake = resolve));
      }
    } finally {
      // A consumer that breaks out early stops the buffering; the producer may carry on.
      if (this.state === 'open') this.state = 'detached';
      this.items = [];
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

export interface Deferred<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

/** A promise settled from outside; its rejection is marked handled (a caller may never await it). */
export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}
