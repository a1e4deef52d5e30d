// Test support (Node only, never imported by the client): a minimal server speaking AppSync's
// real-time protocol, whose behaviour tests steer, and that records what clients sent.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface RecordedStart {
  connection: number;
  id: string;
  data: string;
  authorization: Record<string, string>;
}

export interface ServerBehaviour {
  /** Sent in connection_ack. */
  connectionTimeoutMs: number;
  /** `ka` interval; 0 sends none. */
  keepAliveMs: number;
  /** A start whose query contains this text gets an Unauthorized error. */
  refuseQueriesWith: string | undefined;
  /** Answer connection_init with connection_error (UnauthorizedException). */
  refuseConnections: boolean;
}

export async function startRealtimeTestServer(behaviour: Partial<ServerBehaviour> = {}) {
  const settings: ServerBehaviour = { connectionTimeoutMs: 300_000, keepAliveMs: 0, refuseQueriesWith: undefined, refuseConnections: false, ...behaviour };
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1', handleProtocols: (protocols) => (protocols.has('graphql-ws') ? 'graphql-ws' : false) });
  await once(server, 'listening');
  const handshakes: Array<Record<string, string>> = [];
  const starts: RecordedStart[] = [];
  const stops: string[] = [];
  /** Active subscription ids per open socket. */
  const active = new Map<WebSocket, Set<string>>();

  server.on('connection', (socket, request) => {
    const connection = handshakes.length;
    const header = String(request.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim())
      .find((p) => p.startsWith('header-'));
    handshakes.push(header ? (JSON.parse(Buffer.from(header.slice('header-'.length), 'base64url').toString('utf8')) as Record<string, string>) : {});
    const ids = new Set<string>();
    active.set(socket, ids);
    let keepAlive: NodeJS.Timeout | undefined;
    socket.on('close', () => {
      clearInterval(keepAlive);
      active.delete(socket);
    });
    const send = (message: unknown) => socket.send(JSON.stringify(message));
    socket.on('message', (raw) => {
      const message = JSON.parse(String(raw)) as { type: string; id: string; payload?: { data: string; extensions?: { authorization?: Record<string, string> } } };
      switch (message.type) {
        case 'connection_init':
          if (settings.refuseConnections) {
            send({ type: 'connection_error', payload: { errors: [{ errorType: 'UnauthorizedException', message: 'You are not authorized to make this call.' }] } });
            socket.close(1000);
            return;
          }
          send({ type: 'connection_ack', payload: { connectionTimeoutMs: settings.connectionTimeoutMs } });
          if (settings.keepAliveMs > 0) keepAlive = setInterval(() => send({ type: 'ka' }), settings.keepAliveMs);
          return;
        case 'start': {
          const data = message.payload?.data ?? '';
          starts.push({ connection, id: message.id, data, authorization: message.payload?.extensions?.authorization ?? {} });
          if (settings.refuseQueriesWith && data.includes(settings.refuseQueriesWith)) {
            send({ type: 'error', id: message.id, payload: { errors: [{ errorType: 'Unauthorized', message: 'Not Authorized' }] } });
            return;
          }
          ids.add(message.id);
          send({ type: 'start_ack', id: message.id });
          return;
        }
        case 'stop':
          stops.push(message.id);
          ids.delete(message.id);
          send({ type: 'complete', id: message.id });
          return;
        default:
          return;
      }
    });
  });

  const { port } = server.address() as AddressInfo;
  return {
    settings,
    handshakes,
    starts,
    stops,
    graphqlUrl: `http://127.0.0.1:${port}/graphql`,
    realtimeUrl: `ws://127.0.0.1:${port}/graphql/realtime`,
    get openConnections() {
      return active.size;
    },
    /** Sends `data` to every active subscription. */
    publish(data: unknown): number {
      let sent = 0;
      for (const [socket, ids] of active) {
        for (const id of ids) {
          socket.send(JSON.stringify({ type: 'data', id, payload: { data } }));
          sent += 1;
        }
      }
      return sent;
    },
    /** Cuts every socket without a close frame, like a network failure. */
    drop(): number {
      const sockets = [...server.clients];
      for (const socket of sockets) socket.terminate();
      return sockets.length;
    },
    close: () => {
      for (const socket of server.clients) socket.terminate();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type RealtimeTestServer = Awaited<ReturnType<typeof startRealtimeTestServer>>;

/** Polls until `condition` holds (or fails the test after `timeoutMs`). */
export async function until(condition: () => boolean, timeoutMs = 5_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
