// What the streaming helpers need from the client: the three operations of
// client/index.ts, typed structurally so unit tests can hand in a fake.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';

export interface ResubscribeOptions {
  /** Called after the subscription was re-established on a new connection: events may have been missed. */
  onResubscribed?: () => void;
}

export interface StreamSubscription<T> extends AsyncIterable<T> {
  readonly started: Promise<void>;
  close(): void;
}

export interface StreamTransport {
  query<TData, TVariables>(document: TypedDocumentNode<TData, TVariables>, variables: TVariables, signal?: AbortSignal): Promise<TData>;
  mutate<TData, TVariables>(document: TypedDocumentNode<TData, TVariables>, variables: TVariables, signal?: AbortSignal): Promise<TData>;
  subscribe<TData, TVariables>(
    document: TypedDocumentNode<TData, TVariables>,
    variables: TVariables,
    options?: ResubscribeOptions,
  ): StreamSubscription<TData>;
}

/**
 * Reads a subscription in the background. `onEnd` gets the error that ended it, or undefined when
 * the server completed it; it is not called after `close()` by the helper itself.
 */
export function consumeSubscription<T>(
  subscription: StreamSubscription<T>,
  onEvent: (event: T) => void,
  onEnd: (error: unknown) => void,
): void {
  void (async () => {
    try {
      for await (const event of subscription) onEvent(event);
      onEnd(undefined);
    } catch (error) {
      onEnd(error);
    }
  })();
}
