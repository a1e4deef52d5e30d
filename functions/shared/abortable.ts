// Iterates an async iterable until the signal aborts, even if the source ignores the signal
// (a stalled network read must not outlive a cancel or the Lambda deadline).

export async function* abortable<T>(source: AsyncIterable<T>, signal: AbortSignal): AsyncGenerator<T> {
  signal.throwIfAborted();
  const iterator = source[Symbol.asyncIterator]();
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  aborted.catch(() => undefined); // handled by the race below; avoid an unhandled rejection
  try {
    for (;;) {
      const next = await Promise.race([iterator.next(), aborted]);
      if (next.done) return;
      yield next.value;
    }
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
    // Release the source (closes the HTTP stream); do not wait for a source that may be stuck.
    void Promise.resolve(iterator.return?.()).catch(() => undefined);
  }
}
