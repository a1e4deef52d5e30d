// The AppSync real-time WebSocket protocol (graphql-ws as AppSync defines it): one connection
// for many subscriptions, supervised by keep-alive, re-established with backoff when lost,
// every active subscription started again on the new connection.
// https://docs.aws.amazon.com/appsync/latest/devguide/real-time-websocket-client.html
import type { Authorizer } from './auth.js';
import { ApiError, ClientClosedError, NetworkError, type GraphQLErrorEntry } from './errors.js';
import { backoffDelay, type ReconnectSettings } from './reconnect.js';

/** The subset of the WebSocket API the client uses (browsers' WebSocket and the `ws` package both have it). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'close' | 'error' | 'message', listener: (event: { data?: unknown }) => void): void;
}
export type WebSocketConstructor = new (url: string, protocols: string[]) => WebSocketLike;

/** What a subscription hears; onError and onComplete are final. */
export interface OperationListener {
  /** The first start_ack. */
  onStarted(): void;
  /** A start_ack on a connection that replaced a lost one: events may have been missed in between. */
  onResubscribed(): void;
  onData(data: unknown): void;
  onError(error: Error): void;
  onComplete(): void;
}

export interface RealtimeSettings {
  realtimeUrl: string;
  authorizer: Authorizer;
  WebSocket: WebSocketConstructor;
  reconnect: ReconnectSettings;
  /** How long to wait for connection_ack (AppSync: 15 s). */
  handshakeTimeoutMs?: number;
}

interface ProtocolMessage {
  type: string;
  id?: string;
  payload?: { data?: unknown; errors?: GraphQLErrorEntry[]; connectionTimeoutMs?: number };
}

interface Operation {
  id: string;
  /** JSON of { query, variables }: sent as is and, for IAM, signed as is. */
  data: string;
  listener: OperationListener;
  /** A start_ack arrived at least once. */
  acknowledged: boolean;
}

type State = 'idle' | 'connecting' | 'open' | 'waiting';

const OPEN = 1;
const DEFAULT_CONNECTION_TIMEOUT_MS = 300_000;

function base64UrlJson(value: unknown): string {
  const bytes = new TextEncoder().encode(JSON.stringify(value));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function unref(timer: ReturnType<typeof setTimeout>): void {
  (timer as { unref?: () => void }).unref?.();
}

export class RealtimeConnection {
  private readonly operations = new Map<string, Operation>();
  private state: State = 'idle';
  private socket: WebSocketLike | undefined;
  /** A connection_ack arrived since the last idle state: losing it now means reconnecting. */
  private established = false;
  /** Connection attempts since the connection was lost. */
  private attempts = 0;
  private connectionTimeoutMs = DEFAULT_CONNECTION_TIMEOUT_MS;
  private handshakeTimer: ReturnType<typeof setTimeout> | undefined;
  private keepAliveTimer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;
  private nextId = 0;

  constructor(private readonly settings: RealtimeSettings) {}

  /** Registers a subscription; returns the function that stops it. */
  subscribe(data: string, listener: OperationListener): () => void {
    if (this.closed) {
      listener.onError(new ClientClosedError());
      return () => undefined;
    }
    this.nextId += 1;
    const operation: Operation = { id: `${Date.now().toString(36)}-${this.nextId}`, data, listener, acknowledged: false };
    this.operations.set(operation.id, operation);
    if (this.state === 'open') void this.sendStart(operation);
    else if (this.state === 'idle') this.connect();
    return () => this.stop(operation);
  }

  /** Ends every subscription and never connects again. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.detach(false);
    this.state = 'idle';
    const operations = [...this.operations.values()];
    this.operations.clear();
    for (const { acknowledged, listener } of operations) {
      if (acknowledged) listener.onComplete();
      else listener.onError(new ClientClosedError());
    }
  }

  private stop(operation: Operation): void {
    if (this.operations.get(operation.id) !== operation) return;
    this.operations.delete(operation.id);
    if (this.state === 'open' && this.socket?.readyState === OPEN) this.sendMessage(this.socket, { type: 'stop', id: operation.id });
    this.idleWhenUnused();
  }

  private connect(): void {
    this.state = 'connecting';
    void this.openSocket();
  }

  private async openSocket(): Promise<void> {
    let headers: Record<string, string>;
    try {
      headers = await this.settings.authorizer.handshake();
    } catch (error) {
      // A token or credentials function that fails will not do better on a retry.
      if (this.state === 'connecting') this.failAll(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    if (this.state !== 'connecting' || this.socket) return;
    const socket = new this.settings.WebSocket(this.settings.realtimeUrl, ['graphql-ws', `header-${base64UrlJson(headers)}`]);
    this.socket = socket;
    this.handshakeTimer = setTimeout(() => this.lost(socket, new NetworkError('no connection_ack within the handshake timeout')), this.settings.handshakeTimeoutMs ?? 15_000);
    unref(this.handshakeTimer);
    socket.addEventListener('open', () => {
      if (socket === this.socket) this.sendMessage(socket, { type: 'connection_init' });
    });
    socket.addEventListener('message', (event) => this.onMessage(socket, event.data));
    socket.addEventListener('error', () => this.lost(socket, new NetworkError(`WebSocket to ${this.settings.realtimeUrl} failed`)));
    socket.addEventListener('close', () => this.lost(socket, new NetworkError('the real-time connection closed')));
  }

  private onMessage(socket: WebSocketLike, raw: unknown): void {
    if (socket !== this.socket) return;
    let message: ProtocolMessage;
    try {
      message = JSON.parse(String(raw)) as ProtocolMessage;
    } catch {
      return;
    }
    // Any message proves the connection alive, not only `ka`.
    if (this.state === 'open') this.armKeepAlive(socket);
    switch (message.type) {
      case 'connection_ack':
        return this.onAcknowledged(socket, message.payload?.connectionTimeoutMs);
      case 'connection_error':
        // The handshake's auth was refused: retrying with the same auth would be refused again.
        return this.failAll(new ApiError(message.payload?.errors ?? [{ message: 'connection_error' }], null));
      case 'start_ack':
        return this.onStartAcknowledged(message.id);
      case 'data':
        return this.operation(message.id)?.listener.onData(message.payload?.data);
      case 'error':
        return this.finish(message.id, (listener) => listener.onError(new ApiError(message.payload?.errors ?? [{ message: 'subscription error' }], null)));
      case 'complete':
        return this.finish(message.id, (listener) => listener.onComplete());
      default:
        return undefined; // ka, and anything newer than this client
    }
  }

  private onAcknowledged(socket: WebSocketLike, connectionTimeoutMs: number | undefined): void {
    if (this.state !== 'connecting') return;
    clearTimeout(this.handshakeTimer);
    this.state = 'open';
    this.established = true;
    this.attempts = 0;
    this.connectionTimeoutMs = connectionTimeoutMs && connectionTimeoutMs > 0 ? connectionTimeoutMs : DEFAULT_CONNECTION_TIMEOUT_MS;
    this.armKeepAlive(socket);
    for (const operation of this.operations.values()) void this.sendStart(operation);
  }

  private onStartAcknowledged(id: string | undefined): void {
    const operation = this.operation(id);
    if (!operation) return;
    if (operation.acknowledged) return operation.listener.onResubscribed();
    operation.acknowledged = true;
    operation.listener.onStarted();
  }

  private operation(id: string | undefined): Operation | undefined {
    return id === undefined ? undefined : this.operations.get(id);
  }

  /** A final message for one subscription (AppSync refused or ended it): it is not started again. */
  private finish(id: string | undefined, notify: (listener: OperationListener) => void): void {
    const operation = this.operation(id);
    if (!operation) return;
    this.operations.delete(operation.id);
    notify(operation.listener);
    this.idleWhenUnused();
  }

  private async sendStart(operation: Operation): Promise<void> {
    const socket = this.socket;
    let authorization: Record<string, string>;
    try {
      authorization = await this.settings.authorizer.start(operation.data);
    } catch (error) {
      return this.finish(operation.id, (listener) => listener.onError(error instanceof Error ? error : new Error(String(error))));
    }
    // The connection may have been replaced while signing: the new one starts it again.
    if (socket !== this.socket || this.state !== 'open' || this.operations.get(operation.id) !== operation || !socket) return;
    this.sendMessage(socket, { id: operation.id, type: 'start', payload: { data: operation.data, extensions: { authorization } } });
  }

  /** AppSync sends `ka` periodically; silence past connectionTimeoutMs means the connection is dead. */
  private armKeepAlive(socket: WebSocketLike): void {
    clearTimeout(this.keepAliveTimer);
    this.keepAliveTimer = setTimeout(
      () => this.lost(socket, new NetworkError(`no keep-alive within ${this.connectionTimeoutMs} ms`), true),
      this.connectionTimeoutMs,
    );
    unref(this.keepAliveTimer);
  }

  /** The socket failed, closed or went silent: reconnect if it was established and is still needed. */
  private lost(socket: WebSocketLike, error: NetworkError, dead = false): void {
    if (socket !== this.socket) return;
    this.detach(dead);
    if (this.closed) return;
    if (this.operations.size === 0) return this.becomeIdle();
    // A connection that never got established fails fast: the URL, the network or the server is wrong.
    if (!this.established) return this.failAll(error);
    this.attempts += 1;
    if (this.attempts > this.settings.reconnect.maxAttempts) {
      return this.failAll(new NetworkError(`the real-time connection was lost and ${this.settings.reconnect.maxAttempts} reconnection attempts failed`, { cause: error }));
    }
    this.state = 'waiting';
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (!this.closed && this.state === 'waiting') this.connect();
    }, backoffDelay(this.attempts - 1, this.settings.reconnect));
  }

  private idleWhenUnused(): void {
    if (this.operations.size > 0 || this.state === 'idle') return;
    clearTimeout(this.retryTimer);
    this.detach(false);
    this.becomeIdle();
  }

  private becomeIdle(): void {
    this.state = 'idle';
    this.established = false;
    this.attempts = 0;
  }

  private failAll(error: Error): void {
    clearTimeout(this.retryTimer);
    this.detach(false);
    this.becomeIdle();
    const operations = [...this.operations.values()];
    this.operations.clear();
    for (const { listener } of operations) listener.onError(error);
  }

  /** Forgets the current socket (its later events are ignored) and closes it; a dead one is terminated when possible. */
  private detach(dead: boolean): void {
    clearTimeout(this.handshakeTimer);
    clearTimeout(this.keepAliveTimer);
    const socket = this.socket;
    this.socket = undefined;
    if (!socket) return;
    try {
      const terminate = (socket as { terminate?: () => void }).terminate;
      if (dead && terminate) terminate.call(socket);
      else socket.close(1000);
    } catch {
      // Closing a socket that never opened may throw; it is gone either way.
    }
  }

  private sendMessage(socket: WebSocketLike, message: { type: string; id?: string; payload?: unknown }): void {
    if (socket.readyState === OPEN) socket.send(JSON.stringify(message));
  }
}
