// The connection's clocks, on a fake socket and fake timers:
// https://docs.aws.amazon.com/appsync/latest/devguide/real-time-websocket-client.html
// ("connection_ack ... connectionTimeoutMs", "Keep-alive message": AppSync "keeps sending these
// messages ... until it shuts down the connection automatically (after 24 hours)").
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WebSocket } from 'ws';
import type { RequestAuth } from '../../types.js';
import { RealtimeConnection, type RealtimeDependencies, type RealtimeOptions } from './connection.js';
import { SubscriptionRegistry } from './subscriptions.js';

class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  readonly sent: Array<Record<string, unknown>> = [];
  closedWith: { code: number; reason: string } | undefined;
  send(text: string): void {
    this.sent.push(JSON.parse(text) as Record<string, unknown>);
  }
  close(code: number, reason: string): void {
    this.closedWith = { code, reason };
    this.readyState = 3;
    this.emit('close');
  }
  receive(message: unknown): void {
    this.emit('message', Buffer.from(JSON.stringify(message)));
  }
}

const API_KEY_AUTH: RequestAuth = { authenticationType: 'API_KEY', identity: null };

function open(options: Partial<RealtimeOptions> = {}, auth: Promise<RequestAuth> = Promise.resolve(API_KEY_AUTH)): FakeSocket {
  const socket = new FakeSocket();
  const deps = {
    registry: new SubscriptionRegistry(new Map(), () => {}),
    log: () => {},
    options: { connectionTimeoutMs: 300_000, keepAliveIntervalMs: 60_000, maxSubscriptionsPerConnection: 100, ...options },
  } as unknown as RealtimeDependencies;
  new RealtimeConnection(socket as unknown as WebSocket, auth, '127.0.0.1', deps);
  return socket;
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('connection clocks', () => {
  it('acks with connectionTimeoutMs 300000 and sends ka at every keep-alive interval', async () => {
    const socket = open();
    socket.receive({ type: 'connection_init' });
    await vi.advanceTimersByTimeAsync(0);
    expect(socket.sent).toEqual([{ type: 'connection_ack', payload: { connectionTimeoutMs: 300000 } }, { type: 'ka' }]);
    await vi.advanceTimersByTimeAsync(3 * 60_000);
    expect(socket.sent.filter((m) => m.type === 'ka')).toHaveLength(4);
    expect(socket.closedWith).toBeUndefined();
  });

  it('shuts the connection down after 24 hours, whatever it is doing', async () => {
    const socket = open();
    socket.receive({ type: 'connection_init' });
    await vi.advanceTimersByTimeAsync(24 * 60 * 60 * 1000 - 1);
    expect(socket.closedWith).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(socket.closedWith?.code).toBe(1000);
  });

  it('closes a socket that neither acknowledges connection_init nor starts a subscription within connectionTimeoutMs', async () => {
    const silent = open();
    await vi.advanceTimersByTimeAsync(300_000);
    expect(silent.closedWith?.code).toBe(1000);
    const acknowledged = open();
    acknowledged.receive({ type: 'connection_init' });
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    expect(acknowledged.closedWith).toBeUndefined();
  });

  it('answers a refused handshake with connection_error and closes', async () => {
    const refused = Promise.reject(new Error('no'));
    const socket = open({}, refused);
    socket.receive({ type: 'connection_init' });
    await vi.advanceTimersByTimeAsync(0);
    expect(socket.sent[0]).toMatchObject({ type: 'connection_error' });
    expect(socket.closedWith).toBeDefined();
  });
});
