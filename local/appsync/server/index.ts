// The network half of the local AppSync runtime: GraphQL over HTTP and the real-time
// WebSocket protocol, HTTP and TLS on one loopback port, with AppSync's auth modes.
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { ApiDefinition, RequestAuth, ResolverEngine } from '../types.js';
import { Authenticator, type AuthSettings } from './auth/authenticate.js';
import { DocumentCache } from './documents.js';
import { unauthorized } from './errors.js';
import { Executor } from './execute.js';
import { createHttpHandler, GRAPHQL_PATH, sourceIpOf } from './http-handler.js';
import { RealtimeConnection, type RealtimeDependencies, type RealtimeOptions } from './realtime/connection.js';
import { GRAPHQL_WS, readHandshakeAuth } from './realtime/handshake.js';
import { SubscriptionRegistry } from './realtime/subscriptions.js';
import { buildSchemaModel } from './schema-model.js';
import { createDualProtocolServer, loadOrCreateCertificate } from './tls.js';

export type { AuthSettings } from './auth/authenticate.js';
export type { IamCredential } from './auth/sigv4.js';
export type { LambdaAuthorizerEvent, LambdaAuthorizerResponse, LambdaAuthorizerSettings, LambdaInvocationResult } from './auth/lambda-authorizer.js';
export type { OidcSettings } from './auth/oidc-verifier.js';
export type { RealtimeOptions } from './realtime/connection.js';

export interface AppSyncServerOptions {
  api: ApiDefinition;
  engine: ResolverEngine;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  auth: AuthSettings;
  log?: (line: string) => void;
  /** One line per HTTP request (method, path, status, auth mode, duration; never bodies or tokens). */
  requestLog?: boolean;
  /** Extra HTTP routes the sandbox mounts (e.g. /__sandbox/...): return true if handled. */
  extraRoutes?: (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;
  /** Where the self-signed TLS certificate is kept (e.g. `.sandbox/`); omitted: generated per start. */
  stateDirectory?: string;
  /** Overrides for the real-time protocol's timings and limits (tests shorten them). */
  realtime?: Partial<RealtimeOptions>;
}

export interface AppSyncServerStats {
  httpRequests: number;
  openConnections: number;
  activeSubscriptions: number;
  published: number;
  delivered: number;
  oversizePayloads: number;
}

export interface AppSyncServer {
  graphqlUrl: string;
  realtimeUrl: string;
  port: number;
  /** The self-signed certificate served for https:// and wss:// on the same port; trust it in clients. */
  tlsCertificatePem: string;
  close(): Promise<void>;
  stats(): AppSyncServerStats;
  /**
   * Serves another version of the API from the next request on (hot reload): in-flight requests
   * finish on the old one; open WebSocket connections stay up, their active subscriptions keep
   * the selection and filters they started with (one whose field the new schema drops simply
   * receives nothing more), and their next `start` runs on the new API. Mutations of the new API
   * reach every subscription. Throws (and keeps the old API) if the new schema does not build.
   */
  replaceApi(api: ApiDefinition, engine: ResolverEngine): void;
  /**
   * Ends every open real-time connection: abruptly by default (no close frame, like a network
   * cut), or with a 1001 close frame when `graceful`. Returns how many were open.
   */
  dropRealtimeConnections(options?: { graceful?: boolean }): number;
}

const REALTIME_PATHS = new Set([`${GRAPHQL_PATH}/realtime`, GRAPHQL_PATH, '/realtime']);

const DEFAULT_REALTIME: RealtimeOptions = {
  connectionTimeoutMs: 300_000,
  keepAliveIntervalMs: 60_000,
  maxSubscriptionsPerConnection: 100,
};

export async function startAppSyncServer(options: AppSyncServerOptions): Promise<AppSyncServer> {
  const log = options.log ?? (() => {});
  const host = options.host ?? '127.0.0.1';
  // Replaced together by replaceApi(); each request reads the current set once.
  let current = servingSet(options.api, options.engine, options.auth, log);
  const registry = new SubscriptionRegistry(current.model.subscriptionsByMutation, log);
  const counters = { httpRequests: 0 };
  const realtimeOptions: RealtimeOptions = { ...DEFAULT_REALTIME, ...options.realtime };
  const tls = await loadOrCreateCertificate(options.stateDirectory);

  const httpDependencies = {
    authenticator: current.authenticator,
    executor: current.executor,
    registry,
    log,
    requestLog: options.requestLog ?? false,
    ...(options.extraRoutes ? { extraRoutes: options.extraRoutes } : {}),
    counters,
  };
  const handler = createHttpHandler(httpDependencies);
  const onRequest = (req: IncomingMessage, res: ServerResponse) => void handler(req, res);
  const http = createHttpServer({ keepAliveTimeout: 65_000 }, onRequest);
  const https = createHttpsServer({ cert: tls.certPem, key: tls.keyPem, keepAliveTimeout: 65_000 }, onRequest);

  // Read per operation, so a start on a connection opened before a replaceApi() uses the current API.
  const realtimeDependencies: RealtimeDependencies = {
    get model() {
      return current.model;
    },
    get engine() {
      return current.engine;
    },
    get documents() {
      return current.documents;
    },
    get authenticator() {
      return current.authenticator;
    },
    registry,
    log,
    options: realtimeOptions,
    requestLog: options.requestLog ?? false,
  };

  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols) => (protocols.has(GRAPHQL_WS) ? GRAPHQL_WS : false),
  });
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (!REALTIME_PATHS.has(path)) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const handshake = readHandshakeAuth(req);
      const sourceIp = sourceIpOf(req);
      // The socket opens either way; a failed handshake is reported as connection_error on connection_init.
      const connectionAuth: Promise<RequestAuth> = handshake
        ? current.authenticator.authenticate({
            headers: handshake.headers,
            method: 'POST',
            signedPaths: [`${GRAPHQL_PATH}/connect`, '/connect'],
            body: handshake.body,
            sourceIp,
            bearerScheme: true,
          })
        : Promise.reject(unauthorized());
      new RealtimeConnection(ws, connectionAuth, sourceIp, realtimeDependencies);
    });
  };
  http.on('upgrade', onUpgrade);
  https.on('upgrade', onUpgrade);
  https.on('tlsClientError', () => {});

  const server = createDualProtocolServer(http, https);
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `${host}:${port}`;

  return {
    graphqlUrl: `http://${origin}${GRAPHQL_PATH}`,
    realtimeUrl: `ws://${origin}${GRAPHQL_PATH}/realtime`,
    port,
    tlsCertificatePem: tls.certPem,
    stats: () => ({
      httpRequests: counters.httpRequests,
      openConnections: wss.clients.size,
      activeSubscriptions: registry.size,
      published: registry.stats.published,
      delivered: registry.stats.delivered,
      oversizePayloads: registry.stats.oversize,
    }),
    replaceApi: (api, engine) => {
      const next = servingSet(api, engine, options.auth, log);
      current = next;
      httpDependencies.authenticator = next.authenticator;
      httpDependencies.executor = next.executor;
      registry.replaceWiring(next.model.subscriptionsByMutation);
    },
    dropRealtimeConnections: ({ graceful = false } = {}) => {
      const clients = [...wss.clients];
      for (const client of clients) {
        if (graceful) client.close(1001, 'Going away');
        else client.terminate();
      }
      return clients.length;
    },
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      // The HTTP servers never listen themselves, so they do not track sockets: the TCP server does.
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Everything derived from one version of the API. */
function servingSet(api: ApiDefinition, engine: ResolverEngine, auth: AuthSettings, log: (line: string) => void) {
  const model = buildSchemaModel(api);
  const documents = new DocumentCache(model.schema);
  return { model, documents, engine, authenticator: new Authenticator(api, auth, log), executor: new Executor(model, engine, documents) };
}
