// Errors a streaming helper ends with when it cannot deliver the whole answer.

/** The stored answer and the streamed chunks disagree (they should be prefixes of one text). */
export class StreamConsistencyError extends Error {
  override name = 'StreamConsistencyError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The answer's record is gone (its conversation or advert was deleted while streaming). */
export class StreamGoneError extends Error {
  override name = 'StreamGoneError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** An advert variant was regenerated while this generation was being followed. */
export class StreamSupersededError extends Error {
  override name = 'StreamSupersededError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The reason an aborted signal carries, or a DOMException named AbortError when it has none. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted', 'AbortError');
}

/** The subscription was ended from this side (client.close()) before the answer finished. */
export class StreamClosedError extends Error {
  override name = 'StreamClosedError';
  constructor(message = 'The subscription ended (the client was closed) before the stream finished', options?: { cause?: unknown }) {
    super(message, options);
  }
}
