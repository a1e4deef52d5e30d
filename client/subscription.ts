// A subscription as an async iterable: events are queued until read, `started` resolves
// on the first start_ack, and a final error fails the iterator.
import type { OperationListener } from './realtime.js';

export interface SubscribeOptions {
  /**
   * Called each time the subscription was re-established after a lost connection (after the
   * new start_ack): events published in between were missed, so read what they would have changed.
   */
  onResubscribed?: () => void;
}

export interface Subscription<T> extends AsyncIterable<T> {
  /** Resolves on AppSync's first start_ack: events published from then on arrive. Rejects if it never starts. */
  readonly started: Promise<void>;
  /** Stops the subscription; an iterator in progress ends. */
  close(): void;
}

/** Builds the subscription around `start`, which registers a listener and returns its stop function. */
export function createSubscription<T>(start: (listener: OperationListener) => () => void, options: SubscribeOptions = {}): Subscription<T> {
  const queue: T[] = [];
  let failure: Error | undefined;
  let finished = false;
  let wake: (() => void) | undefined;
  let markStarted!: () => void;
  let failStart!: (error: Error) => void;
  const started = new Promise<void>((resolve, reject) => {
    markStarted = resolve;
    failStart = reject;
  });
  started.catch(() => undefined);
  const notify = () => {
    wake?.();
    wake = undefined;
  };

  const stop = start({
    onStarted: () => markStarted(),
    onResubscribed: () => options.onResubscribed?.(),
    onData: (data) => {
      if (finished) return;
      queue.push(data as T);
      notify();
    },
    onError: (error) => {
      failure = error;
      failStart(error);
      notify();
    },
    onComplete: () => {
      finished = true;
      failStart(new Error('the subscription ended before it started'));
      notify();
    },
  });

  const close = () => {
    if (finished) return;
    finished = true;
    stop();
    failStart(new Error('the subscription was closed before it started'));
    notify();
  };

  return {
    started,
    close,
    async *[Symbol.asyncIterator]() {
      try {
        for (;;) {
          const next = queue.shift();
          if (next !== undefined) {
            yield next;
            continue;
          }
          if (failure) throw failure;
          if (finished) return;
          await new Promise<void>((resolve) => (wake = resolve));
        }
      } finally {
        close();
      }
    },
  };
}
