// The real-time connection against a small AppSync-protocol server: reconnection with backoff,
// keep-alive supervision, re-subscription, refused subscriptions and closing.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { createCoreClient, type ClientOptions, type CoreClient } from './core.js';
import { ApiError, ClientClosedError, isApiError, NetworkError } from './errors.js';
import type { WebSocketConstructor } from './realtime.js';
import { startRealtimeTestServer, until, type RealtimeTestServer } from './realtime-test-server.js';
import type { Subscription } from './subscription.js';

type Ping = { onPing: { n: number } };
const onPing = parse('subscription OnPing { onPing { n } }') as TypedDocumentNode<Ping, Record<string, never>>;
const onRefused = parse('subscription OnRefused { onRefused { n } }') as TypedDocumentNode<Ping, Record<string, never>>;

/** Records every socket the client opens, and when. */
function recordingWebSocket(base: typeof WebSocket = WebSocket) {
  const opened: number[] = [];
  class Recording extends base {
    constructor(url: string, protocols: string[]) {
      super(url, protocols);
      opened.push(Date.now());
    }
  }
  return { opened, WebSocket: Recording as unknown as WebSocketConstructor };
}

/** Reads a subscription in the background. */
function collect<T>(subscription: Subscription<T>) {
  const events: T[] = [];
  const outcome = (async () => {
    for await (const event of subscription) events.push(event);
  })();
  outcome.catch(() => undefined);
  return { events, outcome };
}

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(behaviour: Parameters<typeof startRealtimeTestServer>[0] = {}, options: Partial<ClientOptions> = {}) {
  const server = await startRealtimeTestServer(behaviour);
  const sockets = recordingWebSocket();
  const client = createCoreClient({
    url: server.graphqlUrl,
    realtimeUrl: server.realtimeUrl,
    auth: { type: 'apiKey', apiKey: 'da2-test' },
    WebSocket: sockets.WebSocket,
    reconnect: { initialDelayMs: 20, maxDelayMs: 100 },
    ...options,
  });
  cleanups.push(() => server.close(), () => client.close());
  return { server, client, opened: sockets.opened };
}

async function subscribed(client: CoreClient, server: RealtimeTestServer, onResubscribed?: () => void) {
  const subscription = client.subscribe(onPing, {}, { onResubscribed: onResubscribed ?? (() => undefined) });
  await subscription.started;
  return { subscription, ...collect(subscription) };
}

describe('re-subscription after a lost connection', () => {
  it('reconnects after the socket is cut, starts the subscription again and calls onResubscribed', async () => {
    const { server, client, opened } = await setUp();
    const resubscribed = vi.fn();
    const { events } = await subscribed(client, server, resubscribed);
    server.publish({ onPing: { n: 1 } });
    await until(() => events.length === 1, 2_000, 'the first event');

    expect(server.drop()).toBe(1);
    await until(() => resubscribed.mock.calls.length === 1, 3_000, 'onResubscribed');
    expect(opened).toHaveLength(2);
    expect(server.starts.map((s) => s.connection)).toEqual([0, 1]);
    expect(server.starts[1]?.data).toBe(server.starts[0]?.data);

    server.publish({ onPing: { n: 2 } });
    await until(() => events.length === 2, 2_000, 'the event after the drop');
    expect(events).toEqual([{ onPing: { n: 1 } }, { onPing: { n: 2 } }]);
  });

  it('re-subscribes every active subscription on the one new connection', async () => {
    const { server, client, opened } = await setUp();
    const first = await subscribed(client, server);
    const second = await subscribed(client, server);
    const stopped = await subscribed(client, server);
    stopped.subscription.close();
    await until(() => server.stops.length === 1, 2_000, 'the stop');
    server.drop();
    await until(() => server.starts.filter((s) => s.connection === 1).length === 2, 3_000, 'two starts on the new connection');
    expect(opened).toHaveLength(2);
    await until(() => server.publish({ onPing: { n: 3 } }) === 2, 2_000, 'both re-acknowledged');
    await until(() => first.events.length === 1 && second.events.length === 1, 2_000, 'events on both');
    expect(stopped.events).toEqual([]);
  });

  it('a subscription on a new socket survives the late close of the previous one', async () => {
    // Its close event arrives late, as it can on a busy machine: after a new socket took over.
    class SlowClosing extends WebSocket {
      override close(code?: number, reason?: string): void {
        setTimeout(() => super.close(code, reason), 100);
      }
    }
    const { server, client } = await setUp({}, { WebSocket: SlowClosing as unknown as WebSocketConstructor });
    const first = await subscribed(client, server);
    first.subscription.close(); // the last subscription: the socket is closed on purpose
    const second = await subscribed(client, server);
    await new Promise((resolve) => setTimeout(resolve, 200));
    server.publish({ onPing: { n: 1 } });
    await until(() => second.events.length === 1, 2_000, 'the event on the second socket');
    await expect(Promise.race([second.outcome.then(() => 'ended'), new Promise((r) => setTimeout(() => r('running'), 50))])).resolves.toBe('running');
  });
});

describe('keep-alive supervision', () => {
  it('treats a connection silent past connectionTimeoutMs as dead: it reconnects and re-subscribes', async () => {
    const { server, client, opened } = await setUp({ connectionTimeoutMs: 150, keepAliveMs: 0 });
    const resubscribed = vi.fn();
    await subscribed(client, server, resubscribed);
    await until(() => resubscribed.mock.calls.length >= 1, 3_000, 'a re-subscription after silence');
    expect(opened.length).toBeGreaterThanOrEqual(2);
  });

  it('keeps a connection that sends ka within connectionTimeoutMs', async () => {
    const { server, client, opened } = await setUp({ connectionTimeoutMs: 150, keepAliveMs: 40 });
    const resubscribed = vi.fn();
    await subscribed(client, server, resubscribed);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(opened).toHaveLength(1);
    expect(resubscribed).not.toHaveBeenCalled();
  });
});

describe('backoff', () => {
  it('waits with exponential backoff between attempts and fails with NetworkError after maxAttempts', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.999); // full jitter at its cap: 100, 200, 400 ms
    const { server, client, opened } = await setUp({}, { reconnect: { initialDelayMs: 100, maxDelayMs: 400, maxAttempts: 3 } });
    const { outcome } = await subscribed(client, server);
    const lostAt = Date.now();
    await server.close(); // nothing listens any more
    const error = await outcome.then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(opened).toHaveLength(4); // the first connection + 3 attempts
    const gaps = [opened[1]! - lostAt, opened[2]! - opened[1]!, opened[3]! - opened[2]!];
    expect(gaps[0]).toBeGreaterThanOrEqual(90);
    expect(gaps[1]).toBeGreaterThanOrEqual(180);
    expect(gaps[2]).toBeGreaterThanOrEqual(380);
    expect(gaps[2]).toBeLessThan(1_500);
  });

  it('fails at once when the first connection cannot be made (nothing to re-establish)', async () => {
    const { server, client, opened } = await setUp();
    await server.close();
    const subscription = client.subscribe(onPing, {});
    await expect(subscription.started).rejects.toBeInstanceOf(NetworkError);
    expect(opened).toHaveLength(1);
  });
});

describe('refusals', () => {
  it('fails a subscription AppSync refuses with its ApiError and never starts it again', async () => {
    const { server, client } = await setUp({ refuseQueriesWith: 'onRefused' });
    const kept = await subscribed(client, server);
    const refused = client.subscribe(onRefused, {});
    const error = await refused.started.then(() => undefined, (e: unknown) => e);
    expect(isApiError(error, 'Unauthorized')).toBe(true);
    await expect(collect(refused).outcome).rejects.toBeInstanceOf(ApiError);

    server.drop();
    await until(() => server.starts.some((s) => s.connection === 1), 3_000, 'the re-subscription');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.starts.filter((s) => s.data.includes('onRefused'))).toHaveLength(1);
    server.publish({ onPing: { n: 1 } });
    await until(() => kept.events.length === 1, 2_000, 'the kept subscription event');
  });

  it('a refused handshake (connection_error) fails the subscription with ApiError, without retrying', async () => {
    const { client, opened } = await setUp({ refuseConnections: true });
    const subscription = client.subscribe(onPing, {});
    const error = await subscription.started.then(() => undefined, (e: unknown) => e);
    expect(isApiError(error, 'UnauthorizedException')).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(opened).toHaveLength(1);
  });
});

describe('close()', () => {
  it('stops reconnecting, ends the iterators and rejects subscriptions still starting', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.999);
    const { server, client, opened } = await setUp({}, { reconnect: { initialDelayMs: 300, maxDelayMs: 300 } });
    const active = await subscribed(client, server);
    server.drop();
    await new Promise((resolve) => setTimeout(resolve, 100)); // the loss is seen; the retry waits
    client.close();
    await expect(active.outcome).resolves.toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(opened).toHaveLength(1);

    const late = client.subscribe(onPing, {});
    await expect(late.started).rejects.toBeInstanceOf(ClientClosedError);
  });

  it('closing the last subscription closes the socket; a new one opens another', async () => {
    const { server, client, opened } = await setUp();
    const first = await subscribed(client, server);
    first.subscription.close();
    await until(() => server.openConnections === 0, 2_000, 'the socket to close');
    await subscribed(client, server);
    expect(opened).toHaveLength(2);
  });
});
