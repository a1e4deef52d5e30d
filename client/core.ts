// The client's core: queries and mutations over HTTP, subscriptions over one supervised
// real-time connection. Operations are the generated TypedDocumentNodes.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type DocumentNode } from 'graphql';
import { createAuthorizer, type ClientAuth } from './auth.js';
import { postGraphQL } from './http.js';
import { RealtimeConnection, type WebSocketConstructor } from './realtime.js';
import { reconnectSettings, type ReconnectOptions } from './reconnect.js';
import { createSubscription, type SubscribeOptions, type Subscription } from './subscription.js';

export interface ClientOptions {
  /** The GraphQL endpoint, e.g. https://xxx.appsync-api.eu-west-1.amazonaws.com/graphql. */
  url: string;
  /** The real-time endpoint, e.g. wss://xxx.appsync-realtime-api.eu-west-1.amazonaws.com/graphql. */
  realtimeUrl: string;
  auth: ClientAuth;
  /** Defaults to globalThis.WebSocket; Node 20 has none, so pass the `ws` package's. */
  WebSocket?: WebSocketConstructor;
  /** Backoff of the real-time reconnection. */
  reconnect?: ReconnectOptions;
}

export interface CoreClient {
  query<TData, TVariables>(document: TypedDocumentNode<TData, TVariables>, variables: TVariables, signal?: AbortSignal): Promise<TData>;
  mutate<TData, TVariables>(document: TypedDocumentNode<TData, TVariables>, variables: TVariables, signal?: AbortSignal): Promise<TData>;
  subscribe<TData, TVariables>(document: TypedDocumentNode<TData, TVariables>, variables: TVariables, options?: SubscribeOptions): Subscription<TData>;
  /** Ends every subscription and the real-time connection; queries and mutations keep working. */
  close(): void;
}

const printed = new WeakMap<DocumentNode, string>();

/** The JSON of { query, variables } that AppSync receives (and IAM signs). */
function operationBody(document: DocumentNode, variables: unknown): string {
  let query = printed.get(document);
  if (query === undefined) {
    query = print(document);
    printed.set(document, query);
  }
  return JSON.stringify({ query, variables: variables ?? {} });
}

export function createCoreClient(options: ClientOptions): CoreClient {
  const authorizer = createAuthorizer(options.auth, options.url);
  const WebSocketImpl = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  let realtime: RealtimeConnection | undefined;
  let closed = false;
  const connection = () => {
    if (!WebSocketImpl) throw new Error('No WebSocket implementation: pass options.WebSocket (e.g. from the ws package)');
    realtime ??= new RealtimeConnection({ realtimeUrl: options.realtimeUrl, authorizer, WebSocket: WebSocketImpl, reconnect: reconnectSettings(options.reconnect) });
    if (closed) realtime.close();
    return realtime;
  };
  const execute = <TData, TVariables>(document: TypedDocumentNode<TData, TVariables>, variables: TVariables, signal?: AbortSignal) =>
    postGraphQL<TData>(options.url, authorizer, operationBody(document, variables), signal);

  return {
    query: execute,
    mutate: execute,
    subscribe: <TData, TVariables>(document: TypedDocumentNode<TData, TVariables>, variables: TVariables, subscribeOptions?: SubscribeOptions) =>
      createSubscription<TData>((listener) => connection().subscribe(operationBody(document, variables), listener), subscribeOptions),
    close: () => {
      closed = true;
      realtime?.close();
    },
  };
}
