// The typed client: queries and mutations over HTTP, subscriptions over the
// AppSync real-time protocol. Operations are the generated TypedDocumentNodes.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { ClientAuth } from './auth.js';
import { postGraphQL } from './http.js';
import { RealtimeConnection, type WebSocketConstructor } from './realtime.js';

export * from './generated/graphql.js';
export { ApiError, NetworkError } from './errors.js';
export type { ClientAuth } from './auth.js';
export type { WebSocketConstructor } from './realtime.js';

export interface ClientOptions {
  url: string;
  realtimeUrl: string;
  auth: ClientAuth;
  /** Defaults to globalThis.WebSocket; Node 20 has none, so pass the `ws` package's. */
  WebSocket?: WebSocketConstructor;
}

export interface Subscription<T> extends AsyncIterable<T> {
  /** Resolves once AppSync acknowledged the subscription (start_ack): events published after this arrive. */
  readonly started: Promise<void>;
  close(): void;
}

export interface Client {
  query<TData, TVariables>(document: TypedDocumentNode<TData, TVariables>, variables: TVariables, signal?: AbortSignal): Promise<TData>;
  mutate<TData, TVariables>(document: TypedDocumentNode<TData, TVariables>, variables: TVariables, signal?: AbortSignal): Promise<TData>;
  subscribe<TData, TVariables>(document: TypedDocumentNode<TData, TVariables>, variables: TVariables): Subscription<TData>;
  close(): void;
}

export function createClient(options: ClientOptions): Client {
  const WebSocketImpl = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  let realtime: RealtimeConnection | undefined;
  const connection = () => {
    if (!WebSocketImpl) throw new Error('No WebSocket implementation: pass options.WebSocket (e.g. from the ws package)');
    realtime ??= new RealtimeConnection(options.realtimeUrl, options.url, options.auth, WebSocketImpl);
    return realtime;
  };
  const execute = <TData, TVariables>(document: TypedDocumentNode<TData, TVariables>, variables: TVariables, signal?: AbortSignal) =>
    postGraphQL<TData, TVariables>(options.url, options.auth, document, variables, signal);

  return {
    query: execute,
    mutate: execute,
    subscribe: (document, variables) => subscribe(connection(), document, variables),
    close: () => realtime?.close(),
  };
}

function subscribe<TData, TVariables>(
  connection: RealtimeConnection,
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
): Subscription<TData> {
  const queue: TData[] = [];
  let failure: Error | undefined;
  let finished = false;
  let wake: (() => void) | undefined;
  let stop: (() => void) | undefined;
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

  connection
    .start(document, variables, {
      onStarted: markStarted,
      onData: (data) => {
        queue.push(data as TData);
        notify();
      },
      onError: (error) => {
        failure = error;
        failStart(error);
        notify();
      },
      onComplete: () => {
        finished = true;
        notify();
      },
    })
    .then((stopFn) => {
      stop = stopFn;
      if (finished) stopFn();
    })
    .catch((error: Error) => {
      failure = error;
      failStart(error);
      notify();
    });

  const close = () => {
    finished = true;
    stop?.();
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
