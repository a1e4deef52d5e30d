// One real-time WebSocket connection, speaking AppSync's flavour of the graphql-ws protocol:
// (optional) connection_init -> connection_ack { connectionTimeoutMs }, periodic ka, start ->
// start_ack | error, data, stop -> complete, connection_error (then close) on a failed handshake,
// and the connection shut after 24 hours.
// https://docs.aws.amazon.com/appsync/latest/devguide/real-time-websocket-client.html
import { getArgumentValues, getNamedType, getOperationAST, getVariableValues, Kind, type FieldNode, type FragmentDefinitionNode } from 'graphql';
import type { WebSocket } from 'ws';
import type { RequestAuth, ResolverEngine } from '../../types.js';
import type { Authenticator, AuthRequest } from '../auth/authenticate.js';
import type { DocumentCache } from '../documents.js';
import { RequestRejectedError, validationMessage } from '../errors.js';
import { formatSubscriptionStartLog, type SubscriptionStartLogEntry } from '../request-log.js';
import type { SchemaModel } from '../schema-model.js';
import { selectionInfo } from '../selection-info.js';
import { compileFilter, InvalidFilterError } from './filters.js';
import { normalizeAuthHeaders } from './handshake.js';
import { compileProjector } from './projection.js';
import type { ActiveSubscription, SubscriptionRegistry } from './subscriptions.js';

export interface RealtimeOptions {
  /** Sent in connection_ack; AppSync uses 300000. */
  connectionTimeoutMs: number;
  /** How often `ka` is sent (AppSync: about once a minute). */
  keepAliveIntervalMs: number;
  /** "Subscriptions per connection: 100" (https://docs.aws.amazon.com/general/latest/gr/appsync.html). */
  maxSubscriptionsPerConnection: number;
  /** AppSync "shuts down the connection automatically (after 24 hours)"; that is the default. */
  maxConnectionDurationMs?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export interface RealtimeDependencies {
  model: SchemaModel;
  engine: ResolverEngine;
  documents: DocumentCache;
  authenticator: Authenticator;
  registry: SubscriptionRegistry;
  log: (line: string) => void;
  options: RealtimeOptions;
  /** Log each subscription start with its resolver's steps (SANDBOX_REQUEST_LOG=1). */
  requestLog?: boolean;
}

interface ErrorEntry {
  errorType?: string;
  message: string;
  errorCode?: number;
}

interface ClientMessage {
  type?: unknown;
  id?: unknown;
  payload?: { data?: unknown; extensions?: { authorization?: unknown } };
}

export class RealtimeConnection {
  private readonly subscriptions = new Map<string, ActiveSubscription>();
  private readonly pending = new Set<string>();
  /** Request log on: the starts under way, by id. */
  private readonly startTraces = new Map<string, SubscriptionStartLogEntry>();
  private keepAlive: NodeJS.Timeout | undefined;
  private handshakeTimer: NodeJS.Timeout | undefined;
  private readonly lifetimeTimer: NodeJS.Timeout;
  private acknowledged = false;
  private closing = false;

  constructor(
    private readonly socket: WebSocket,
    /** The handshake's auth (header- subprotocol or header/payload query parameters), checked at upgrade. */
    private readonly connectionAuth: Promise<RequestAuth>,
    private readonly sourceIp: string,
    private readonly deps: RealtimeDependencies,
  ) {
    connectionAuth.catch(() => {});
    socket.on('message', (data) => void this.onMessage(String(data)));
    socket.on('close', () => this.dispose());
    socket.on('error', () => this.dispose());
    // Not documented: a socket that neither completes connection_init nor starts a subscription
    // within connectionTimeoutMs is closed, so abandoned sockets do not linger for 24 hours.
    this.handshakeTimer = setTimeout(() => this.socket.close(1000, 'Connection timeout'), deps.options.connectionTimeoutMs);
    this.handshakeTimer.unref();
    this.lifetimeTimer = setTimeout(() => this.socket.close(1000, 'Connection lifetime exceeded'), deps.options.maxConnectionDurationMs ?? DAY_MS);
    this.lifetimeTimer.unref();
  }

  get subscriptionCount(): number {
    return this.subscriptions.size;
  }

  private send(message: unknown): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** Once established (acknowledged, or a subscription started without connection_init), `ka` flows until the end. */
  private established(): void {
    clearTimeout(this.handshakeTimer);
    if (this.keepAlive) return;
    this.send({ type: 'ka' });
    this.keepAlive = setInterval(() => this.send({ type: 'ka' }), this.deps.options.keepAliveIntervalMs);
    this.keepAlive.unref();
  }

  private async onMessage(raw: string): Promise<void> {
    let message: ClientMessage;
    try {
      message = JSON.parse(raw) as ClientMessage;
    } catch {
      this.send({ type: 'error', payload: { errors: [{ errorType: 'BadRequestException', message: 'Invalid JSON message.', errorCode: 400 }] } });
      return;
    }
    switch (message.type) {
      case 'connection_init':
        return this.onInit();
      case 'start':
        return this.onStart(message);
      case 'stop':
        return this.onStop(String(message.id));
      default:
        this.send({
          type: 'error',
          ...(typeof message.id === 'string' ? { id: message.id } : {}),
          payload: { errors: [{ errorType: 'UnsupportedOperation', message: `Unsupported message type: ${String(message.type)}` }] },
        });
    }
  }

  private async onInit(): Promise<void> {
    try {
      await this.connectionAuth;
    } catch (error) {
      // AppSync answers every refused handshake alike, whatever the auth mode and reason
      // (aws/aws-appsync-community#373, aws-amplify/amplify-flutter#2763); the reason goes to the log.
      if (error instanceof RequestRejectedError) this.deps.log(`realtime: connection refused: ${error.errorType}`);
      this.send({ type: 'connection_error', payload: { errors: [error instanceof RequestRejectedError ? CONNECTION_UNAUTHORIZED : entryFor(error)] } });
      this.socket.close(1000, 'Connection failed');
      return;
    }
    if (this.acknowledged) return;
    this.acknowledged = true;
    this.send({ type: 'connection_ack', payload: { connectionTimeoutMs: this.deps.options.connectionTimeoutMs } });
    this.established();
  }

  private onStop(id: string): void {
    const subscription = this.subscriptions.get(id);
    if (subscription) {
      this.subscriptions.delete(id);
      this.deps.registry.remove(subscription);
    }
    this.send({ type: 'complete', id });
  }

  private startError(id: string, errors: ErrorEntry[]): void {
    const trace = this.startTraces.get(id);
    if (trace) trace.outcome = `error ${errors.map((error) => error.errorType ?? 'GraphQLError').join(', ')}`;
    this.send({ type: 'error', id, payload: { errors } });
  }

  private async onStart(message: ClientMessage): Promise<void> {
    const id = typeof message.id === 'string' ? message.id : '';
    if (!this.deps.requestLog || this.startTraces.has(id)) return this.start(id, message, undefined);
    const started = performance.now();
    const trace: SubscriptionStartLogEntry = { outcome: 'connection closed', ms: 0 };
    this.startTraces.set(id, trace);
    try {
      await this.start(id, message, trace);
    } finally {
      this.startTraces.delete(id);
      trace.ms = performance.now() - started;
      this.deps.log(formatSubscriptionStartLog(trace));
    }
  }

  /** `trace` (request log on) collects the field, auth mode and resolver steps; startError and start_ack set its outcome. */
  private async start(id: string, message: ClientMessage, trace: SubscriptionStartLogEntry | undefined): Promise<void> {
    const { model, engine, documents, authenticator, registry, options } = this.deps;
    if (!id) return this.startError(id, [{ errorType: 'BadRequestException', message: 'Subscription id is required.', errorCode: 400 }]);
    if (this.subscriptions.has(id) || this.pending.has(id)) {
      return this.startError(id, [{ errorType: 'DuplicatedOperationError', message: `Duplicated operation with id ${id}` }]);
    }
    if (this.subscriptions.size + this.pending.size >= options.maxSubscriptionsPerConnection) {
      return this.startError(id, [
        { errorType: 'MaxSubscriptionsReachedError', message: `Max number of ${options.maxSubscriptionsPerConnection} subscriptions reached` },
      ]);
    }
    this.pending.add(id);
    try {
      const data = message.payload?.data;
      let request: { query?: unknown; variables?: unknown; operationName?: unknown };
      try {
        request = JSON.parse(typeof data === 'string' ? data : '') as typeof request;
      } catch {
        return this.startError(id, [{ errorType: 'MalformedHttpRequestException', message: 'Unable to parse GraphQL query.' }]);
      }
      if (typeof request.query !== 'string') {
        return this.startError(id, [{ errorType: 'MalformedHttpRequestException', message: 'Unable to parse GraphQL query.' }]);
      }

      let auth: RequestAuth;
      const authorization = message.payload?.extensions?.authorization;
      const startHeaders = authorization && typeof authorization === 'object' ? normalizeAuthHeaders(authorization as Record<string, unknown>) : undefined;
      try {
        // AppSync authorizes each start with its own extensions.authorization (IAM signs the
        // GraphQL endpoint's path and payload.data); without one, the connection's auth stands.
        const operation = {
          query: request.query,
          operationName: typeof request.operationName === 'string' ? request.operationName : null,
          variables: request.variables && typeof request.variables === 'object' ? (request.variables as Record<string, unknown>) : {},
        };
        auth = startHeaders
          ? await authenticator.authenticate({ ...this.authRequest(startHeaders, String(data), ['/graphql', '/']), operation })
          : await this.connectionAuth;
      } catch (error) {
        return this.startError(id, [startAuthErrorFor(error)]);
      }
      if (trace) trace.authMode = auth.authenticationType;

      const prepared = documents.prepare(request.query);
      if (prepared.errors.length > 0) return this.startError(id, prepared.errors.map((e) => ({ message: validationMessage(e) })));
      const operationName = typeof request.operationName === 'string' ? request.operationName : undefined;
      const operation = getOperationAST(prepared.document, operationName);
      if (!operation) return this.startError(id, [{ errorType: 'BadRequestException', message: 'Operation not found in the document.' }]);
      if (operation.operation !== 'subscription') {
        return this.startError(id, [{ errorType: 'UnsupportedOperation', message: `${operation.operation} not supported through the realtime channel` }]);
      }
      const subscriptionType = model.schema.getSubscriptionType();
      const fieldNode = operation.selectionSet.selections.find((s): s is FieldNode => s.kind === Kind.FIELD);
      const field = fieldNode && subscriptionType?.getFields()[fieldNode.name.value];
      if (!fieldNode || !field || !subscriptionType) return this.startError(id, [{ errorType: 'BadRequestException', message: 'No subscription field selected.' }]);
      if (trace) trace.field = `${subscriptionType.name}.${field.name}`;

      const rawVariables = request.variables && typeof request.variables === 'object' ? (request.variables as Record<string, unknown>) : {};
      const coerced = getVariableValues(model.schema, operation.variableDefinitions ?? [], rawVariables);
      if (coerced.errors) return this.startError(id, coerced.errors.map((e) => ({ message: e.message })));
      const args = getArgumentValues(field, fieldNode, coerced.coerced);

      if (!model.authorizer.isAllowed(subscriptionType.name, field.name, auth)) {
        return this.startError(id, [{ errorType: 'Unauthorized', message: `Not Authorized to access ${field.name} on type ${subscriptionType.name}` }]);
      }

      const fragments: Record<string, FragmentDefinitionNode> = {};
      for (const definition of prepared.document.definitions) {
        if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
      }
      let filter: ActiveSubscription['filter'];
      let invalidationFilter: ActiveSubscription['invalidationFilter'];
      if (engine.hasResolver(subscriptionType.name, field.name)) {
        const result = await engine.resolveField({
          typeName: subscriptionType.name,
          fieldName: field.name,
          arguments: args,
          source: null,
          info: { fieldName: field.name, parentTypeName: subscriptionType.name, variables: rawVariables, ...selectionInfo(fieldNode, fragments) },
          auth,
          request: { headers: startHeaders ?? {}, domainName: null },
          outputType: getNamedType(field.type).name,
          trace: trace !== undefined,
        });
        if (trace && result.steps) trace.steps = result.steps;
        if (result.errors.length > 0) {
          return this.startError(
            id,
            result.errors.map((e) => ({ errorType: e.errorType, message: e.message, ...(e.errorInfo !== undefined ? { errorInfo: e.errorInfo } : {}) })),
          );
        }
        try {
          filter = result.subscriptionFilter ? compileFilter(result.subscriptionFilter, field.name) : undefined;
          invalidationFilter = result.subscriptionInvalidationFilter ? compileFilter(result.subscriptionInvalidationFilter, field.name) : undefined;
        } catch (error) {
          if (error instanceof InvalidFilterError) return this.startError(id, [{ errorType: 'BadRequestException', message: error.message }]);
          throw error;
        }
      }

      if (this.socket.readyState !== this.socket.OPEN) return;
      const project = compileProjector(model.schema, fieldNode, field.type, fragments, model.authorizer, auth);
      const groups = auth.identity && 'groups' in auth.identity ? (auth.identity.groups ?? []).join(',') : '';
      const subscription: ActiveSubscription = {
        id,
        field: field.name,
        responseKey: fieldNode.alias?.value ?? field.name,
        // An omitted argument is absent here; one given as null stays, and matches only null.
        argumentEntries: Object.entries(args).filter(([, value]) => value !== undefined),
        filter,
        invalidationFilter,
        project,
        shapeKey: `${request.query}\u0000${operationName ?? ''}\u0000${auth.authenticationType}\u0000${groups}\u0000${auth.deniedFields?.join(',') ?? ''}`,
        send: (text) => {
          if (this.socket.readyState === this.socket.OPEN) this.socket.send(text);
        },
        invalidate: () => this.invalidate(id),
      };
      this.subscriptions.set(id, subscription);
      registry.add(subscription);
      this.send({ type: 'start_ack', id });
      if (trace) trace.outcome = 'start_ack';
      this.established();
    } catch (error) {
      this.deps.log(`realtime: start ${id} failed: ${error instanceof Error ? error.message : String(error)}`);
      this.startError(id, [{ errorType: 'InternalFailure', message: 'An internal error occurred.' }]);
    } finally {
      this.pending.delete(id);
    }
  }

  /**
   * "When AWS AppSync invalidates a connection, the client receives a message confirming that they
   * are unsubscribed: { "message": "Subscription complete." }", and AppSync "unsubscribes client A
   * and closes its WebSocket connection":
   * https://docs.aws.amazon.com/appsync/latest/devguide/aws-appsync-real-time-invalidation.html
   */
  private invalidate(id: string): void {
    this.subscriptions.delete(id);
    this.send({ type: 'complete', id, payload: { message: 'Subscription complete.' } });
    if (this.closing) return;
    this.closing = true;
    // After the registry's loop, so every subscription it invalidates here gets its message first.
    setImmediate(() => this.socket.close(1000, 'Subscription invalidated'));
  }

  private authRequest(headers: Record<string, string>, body: string, signedPaths: string[]): AuthRequest {
    return { headers, method: 'POST', signedPaths, body, sourceIp: this.sourceIp, bearerScheme: true };
  }

  private dispose(): void {
    clearInterval(this.keepAlive);
    clearTimeout(this.handshakeTimer);
    clearTimeout(this.lifetimeTimer);
    for (const subscription of this.subscriptions.values()) this.deps.registry.remove(subscription);
    this.subscriptions.clear();
  }
}

const CONNECTION_UNAUTHORIZED: ErrorEntry = { errorType: 'UnauthorizedException', message: 'You are not authorized to make this call.', errorCode: 401 };

/**
 * A start message whose own IAM signature does not verify is a BadRequestException carrying the
 * signature message (aws/aws-mobile-appsync-sdk-js#561, #619, #750); other refusals as over HTTP.
 */
function startAuthErrorFor(error: unknown): ErrorEntry {
  if (error instanceof RequestRejectedError && error.errorType === 'InvalidSignatureException') {
    return { errorType: 'BadRequestException', message: error.message };
  }
  return entryFor(error);
}

function entryFor(error: unknown): ErrorEntry {
  if (error instanceof RequestRejectedError) return { errorType: error.errorType, message: error.message, errorCode: error.statusCode };
  return { errorType: 'InternalFailure', message: 'An internal error occurred.', errorCode: 500 };
}
