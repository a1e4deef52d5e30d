// The real-time connection against a minimal AppSync-protocol server: a socket
// closed on purpose must not fail the subscriptions of the socket that replaced it.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { parse } from 'graphql';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { RealtimeConnection, type WebSocketConstructor } from './realtime.js';

const document = parse('subscription { onPing { n } }');

/** Its close event arrives late, as it can on a busy machine: after a new socket took over. */
class SlowClosingWebSocket extends WebSocket {
  override close(code?: number, reason?: string): void {
    setTimeout(() => super.close(code, reason), 100);
  }
}

async function protocolServer() {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1', handleProtocols: () => 'graphql-ws' });
  await once(server, 'listening');
  server.on('connection', (socket) => {
    socket.on('message', (raw) => {
      const message = JSON.parse(String(raw)) as { type: string; id?: string };
      if (message.type === 'connection_init') socket.send(JSON.stringify({ type: 'connection_ack', payload: { connectionTimeoutMs: 300_000 } }));
      if (message.type === 'start') {
        socket.send(JSON.stringify({ type: 'start_ack', id: message.id }));
        // Deliver after the old socket's close event has had time to arrive.
        setTimeout(() => socket.send(JSON.stringify({ type: 'data', id: message.id, payload: { data: { onPing: { n: 1 } } } })), 150);
      }
      if (message.type === 'stop') socket.send(JSON.stringify({ type: 'complete', id: message.id }));
    });
  });
  const { port } = server.address() as AddressInfo;
  return { server, url: `ws://127.0.0.1:${port}/graphql/realtime` };
}

describe('RealtimeConnection', () => {
  let close: (() => void) | undefined;
  afterEach(() => close?.());

  it('a subscription on a new socket survives the close of the previous one', async () => {
    const { server, url } = await protocolServer();
    close = () => server.close();
    const connection = new RealtimeConnection(url, 'http://127.0.0.1/graphql', { type: 'apiKey', apiKey: 'k' }, SlowClosingWebSocket as unknown as WebSocketConstructor);
    const events: string[] = [];
    const listener = (name: string, onStarted?: () => void) => ({
      onStarted: () => onStarted?.(),
      onData: () => events.push(`${name}:data`),
      onError: (error: Error) => events.push(`${name}:error:${error.message}`),
      onComplete: () => events.push(`${name}:complete`),
    });

    const stopFirst = await connection.start(document, {}, listener('first'));
    stopFirst(); // last subscription: the socket is closed on purpose
    const started = new Promise<void>((resolve) => void connection.start(document, {}, listener('second', resolve)));
    await started;
    await new Promise((resolve) => setTimeout(resolve, 250));

    expect(events).toContain('second:data');
    expect(events.filter((e) => e.startsWith('second:error'))).toEqual([]);
    connection.close();
  });
});
