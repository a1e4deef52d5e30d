// The AppSync real-time WebSocket protocol (graphql-ws subprotocol as AppSync
// defines it): one connection, many subscriptions.
// https://docs.aws.amazon.com/appsync/latest/devguide/real-time-websocket-client.html
import { print, type DocumentNode } from 'graphql';
import { authHeaders, type ClientAuth } from './auth.js';
import { ApiError, NetworkError, type GraphQLErrorEntry } from './errors.js';

/** The subset of the WebSocket API the client uses (browsers' WebSocket and the `ws` package both have it). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'close' | 'error' | 'message', listener: (event: { data?: unknown }) => void): void;
}
export type WebSocketConstructor = new (url: string, protocols: string[]) => WebSocketLike;

interface ProtocolMessage {
  type: string;
  id?: string;
  payload?: { data?: unknown; errors?: GraphQLErrorEntry[]; connectionTimeoutMs?: number };
}

interface Listener {
  onStarted(): void;
  onData(data: unknown): void;
  onError(error: Error): void;
  onComplete(): void;
}

const OPEN = 1;

function base64UrlJson(value: unknown): string {
  const bytes = new TextEncoder().encode(JSON.stringify(value));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export class RealtimeConnection {
  private socket: WebSocketLike | undefined;
  private ready: Promise<void> | undefined;
  private readonly listeners = new Map<string, Listener>();
  private keepAliveTimer: ReturnType<typeof setTimeout> | undefined;
  private connectionTimeoutMs = 300_000;
  private nextId = 0;

  constructor(
    private readonly realtimeUrl: string,
    private readonly graphqlUrl: string,
    private readonly auth: ClientAuth,
    private readonly WebSocketImpl: WebSocketConstructor,
  ) {}

  /** Starts a subscription; `onStarted` fires on start_ack, when events will be delivered. */
  async start(document: DocumentNode, variables: unknown, listener: Listener): Promise<() => void> {
    await this.connect();
    const id = `${Date.now().toString(36)}-${(this.nextId += 1)}`;
    this.listeners.set(id, listener);
    const headers = await this.authorization();
    this.send({
      id,
      type: 'start',
      payload: { data: JSON.stringify({ query: print(document), variables }), extensions: { authorization: headers } },
    } as ProtocolMessage);
    return () => {
      if (!this.listeners.delete(id)) return;
      if (this.socket?.readyState === OPEN) this.send({ id, type: 'stop' });
      if (this.listeners.size === 0) this.close();
    };
  }

  close(): void {
    clearTimeout(this.keepAliveTimer);
    const socket = this.socket;
    this.socket = undefined;
    this.ready = undefined;
    socket?.close(1000);
  }

  private async authorization(): Promise<Record<string, string>> {
    return { host: new URL(this.graphqlUrl).host, ...(await authHeaders(this.auth)) };
  }

  private connect(): Promise<void> {
    this.ready ??= this.openSocket().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  private async openSocket(): Promise<void> {
    const header = await this.authorization();
    const socket = new this.WebSocketImpl(this.realtimeUrl, ['graphql-ws', `header-${base64UrlJson(header)}`]);
    this.socket = socket;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new NetworkError('no connection_ack within 15 s')), 15_000);
      socket.addEventListener('open', () => this.send({ type: 'connection_init' }));
      socket.addEventListener('error', () => {
        clearTimeout(timer);
        reject(new NetworkError(`WebSocket to ${this.realtimeUrl} failed`));
      });
      socket.addEventListener('close', () => {
        clearTimeout(timer);
        reject(new NetworkError('WebSocket closed before connection_ack'));
        // A socket closed on purpose (or replaced) must not fail a newer socket's subscriptions.
        if (this.socket !== socket) return;
        this.socket = undefined;
        this.ready = undefined;
        clearTimeout(this.keepAliveTimer);
        this.failAll(new NetworkError('real-time connection closed'));
      });
      socket.addEventListener('message', (event) => {
        const message = JSON.parse(String(event.data)) as ProtocolMessage;
        if (message.type === 'connection_ack') {
          clearTimeout(timer);
          this.connectionTimeoutMs = message.payload?.connectionTimeoutMs ?? this.connectionTimeoutMs;
          this.armKeepAlive();
          resolve();
        } else if (message.type === 'connection_error') {
          clearTimeout(timer);
          reject(new ApiError(message.payload?.errors ?? [{ message: 'connection_error' }], null));
        } else {
          this.dispatch(message);
        }
      });
    });
  }

  private dispatch(message: ProtocolMessage): void {
    if (message.type === 'ka') return this.armKeepAlive();
    const listener = message.id ? this.listeners.get(message.id) : undefined;
    if (!listener) return;
    switch (message.type) {
      case 'start_ack':
        return listener.onStarted();
      case 'data':
        return listener.onData(message.payload?.data);
      case 'error':
        this.listeners.delete(message.id!);
        return listener.onError(new ApiError(message.payload?.errors ?? [{ message: 'subscription error' }], null));
      case 'complete':
        this.listeners.delete(message.id!);
        return listener.onComplete();
      default:
        return undefined;
    }
  }

  /** AppSync sends `ka` periodically; silence past connectionTimeoutMs means the connection is dead. */
  private armKeepAlive(): void {
    clearTimeout(this.keepAliveTimer);
    this.keepAliveTimer = setTimeout(() => {
      this.failAll(new NetworkError('real-time connection timed out (no keep-alive)'));
      this.close();
    }, this.connectionTimeoutMs);
    (this.keepAliveTimer as { unref?: () => void }).unref?.();
  }

  private failAll(error: Error): void {
    const listeners = [...this.listeners.values()];
    this.listeners.clear();
    for (const listener of listeners) listener.onError(error);
  }

  private send(message: ProtocolMessage): void {
    this.socket?.send(JSON.stringify(message));
  }
}
