// A small API, a fake ResolverEngine and clients for the server's tests.
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import WebSocket from 'ws';
import { createTokenIssuer, type TokenIssuer } from '../../../auth/index.js';
import type { ApiDefinition, FieldInvocation, FieldResult, ResolverEngine, SubscriptionFilterSet } from '../../types.js';
import { startAppSyncServer, type AppSyncServer, type RealtimeOptions } from '../index.js';

export const SCHEMA = /* GraphQL */ `
  schema { query: Query mutation: Mutation subscription: Subscription }
  type Query {
    hello: String @aws_api_key @aws_cognito_user_pools @aws_iam
    secret: String @aws_cognito_user_pools(cognito_groups: ["admin"])
    item(id: ID!): Item @aws_api_key @aws_cognito_user_pools
    failing: String @aws_api_key
    partial: String @aws_api_key
    plain: Item
  }
  type Item @aws_api_key @aws_cognito_user_pools @aws_iam {
    id: ID!
    name: String
    owner: String
    tags: [String]
    count: Int
    at: AWSDateTime
    hidden: String @aws_iam
  }
  type Mutation {
    publish(id: ID!, name: String, owner: String, tags: [String], count: Int, hidden: String): Item @aws_iam @aws_api_key
    echoJson(value: AWSJSON!): AWSJSON @aws_api_key
    stamp(at: AWSDateTime!): AWSDateTime @aws_api_key
  }
  type Subscription {
    onPublish(id: ID, owner: String): Item @aws_subscribe(mutations: ["publish"]) @aws_api_key @aws_cognito_user_pools
    onFiltered: Item @aws_subscribe(mutations: ["publish"]) @aws_api_key
    onIamOnly: Item @aws_subscribe(mutations: ["publish"]) @aws_iam
  }
`;

/** Protocol and response bodies, inspected freely by the tests. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Loose = any;

export const REGION = 'us-east-1';
export const USER_POOL_ID = 'us-east-1_Local';
export const CLIENT_ID = 'localclient';
export const API_KEY = 'da2-validkey';
export const EXPIRED_API_KEY = 'da2-expiredkey';
export const IAM = { accessKeyId: 'AKIALOCAL', secretAccessKey: 'local-secret', accountId: '123456789012', userArn: 'arn:aws:iam::123456789012:user/publisher' };

export const API: ApiDefinition = {
  name: 'test-api',
  schema: SCHEMA,
  defaultAuth: { authenticationType: 'API_KEY' },
  additionalAuth: [
    { authenticationType: 'AMAZON_COGNITO_USER_POOLS', userPoolId: USER_POOL_ID },
    { authenticationType: 'AWS_IAM' },
  ],
  environmentVariables: {},
  dataSources: {},
  functions: {},
  resolvers: [],
};

/** Resolves a fixed set of fields; records every invocation. */
export class FakeEngine implements ResolverEngine {
  readonly invocations: FieldInvocation[] = [];
  subscriptionFilter: SubscriptionFilterSet | undefined;
  private readonly resolvers: Record<string, (inv: FieldInvocation) => FieldResult> = {
    'Query.hello': (inv) => ({ data: `hello ${inv.auth.authenticationType}`, errors: [] }),
    'Query.secret': () => ({ data: 'classified', errors: [] }),
    'Query.item': (inv) => ({ data: { id: inv.arguments['id'], name: 'thing', hidden: 'h' }, errors: [], responseHeaders: { 'x-item-source': 'fixture' } }),
    'Query.failing': () => ({ data: null, errors: [{ message: 'it broke', errorType: 'CustomError', errorInfo: { why: 'test' } }] }),
    'Query.partial': () => ({ data: 'some', errors: [{ message: 'also this', errorType: 'Appended' }] }),
    'Mutation.publish': (inv) => ({ data: { ...inv.arguments }, errors: [] }),
    'Mutation.echoJson': (inv) => ({ data: inv.arguments['value'], errors: [] }),
    'Mutation.stamp': (inv) => ({ data: inv.arguments['at'], errors: [] }),
    'Subscription.onFiltered': () => ({ data: null, errors: [], ...(this.subscriptionFilter ? { subscriptionFilter: this.subscriptionFilter } : {}) }),
  };
  hasResolver(typeName: string, fieldName: string): boolean {
    return `${typeName}.${fieldName}` in this.resolvers;
  }
  async resolveField(invocation: FieldInvocation): Promise<FieldResult> {
    this.invocations.push(invocation);
    const resolver = this.resolvers[`${invocation.typeName}.${invocation.fieldName}`];
    if (!resolver) throw new Error('no resolver');
    return resolver(invocation);
  }
}

export interface Harness {
  server: AppSyncServer;
  engine: FakeEngine;
  issuer: TokenIssuer;
  otherIssuer: TokenIssuer;
  logs: string[];
}

export async function startHarness(realtime?: Partial<RealtimeOptions>): Promise<Harness> {
  const issuer = await createTokenIssuer({ region: REGION, userPoolId: USER_POOL_ID, clientId: CLIENT_ID });
  const otherIssuer = await createTokenIssuer({ region: REGION, userPoolId: USER_POOL_ID, clientId: CLIENT_ID });
  const engine = new FakeEngine();
  const logs: string[] = [];
  const now = Math.floor(Date.now() / 1000);
  const server = await startAppSyncServer({
    api: API,
    engine,
    auth: {
      apiKeys: [
        { id: API_KEY, expires: now + 3600 },
        { id: EXPIRED_API_KEY, expires: now - 10 },
      ],
      cognito: issuer.verifierSettings,
      iam: { region: REGION, credentials: [IAM] },
    },
    log: (line) => logs.push(line),
    ...(realtime ? { realtime } : {}),
  });
  return { server, engine, issuer, otherIssuer, logs };
}

export async function post(
  url: string,
  body: unknown,
  headers: Record<string, string> = { 'x-api-key': API_KEY },
): Promise<{ status: number; body: Loose }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/** SigV4 headers for a POST, as a Lambda's signer would produce them. */
export async function signedHeaders(
  url: string,
  body: string,
  options: { secretAccessKey?: string; signingDate?: Date; extraHeaders?: Record<string, string> } = {},
): Promise<Record<string, string>> {
  const target = new URL(url);
  const signer = new SignatureV4({
    credentials: { accessKeyId: IAM.accessKeyId, secretAccessKey: options.secretAccessKey ?? IAM.secretAccessKey },
    region: REGION,
    service: 'appsync',
    sha256: Sha256,
  });
  const signed = await signer.sign(
    new HttpRequest({
      method: 'POST',
      protocol: target.protocol,
      hostname: target.hostname,
      port: Number(target.port),
      path: target.pathname,
      headers: { host: target.host, 'content-type': 'application/json', ...options.extraHeaders },
      body,
    }),
    options.signingDate ? { signingDate: options.signingDate } : {},
  );
  return signed.headers as Record<string, string>;
}

export const base64Url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A raw real-time client that records every message. */
export class TestSocket {
  readonly messages: Loose[] = [];
  private waiters: Array<() => void> = [];
  closed: { code: number } | undefined;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.messages.push(JSON.parse(String(data)));
      this.notify();
    });
    ws.on('close', (code) => {
      this.closed = { code };
      this.notify();
    });
  }

  private notify() {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter();
  }

  static open(url: string, protocols: string[], options: WebSocket.ClientOptions = {}): Promise<TestSocket> {
    const ws = new WebSocket(url, protocols, options);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new TestSocket(ws)));
      ws.once('error', reject);
    });
  }

  send(message: unknown): void {
    this.ws.send(JSON.stringify(message));
  }

  async waitFor(predicate: (message: Loose) => boolean, timeoutMs = 3000): Promise<Loose> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(predicate);
      if (found) return found;
      if (this.closed) throw new Error(`socket closed (${this.closed.code}) while waiting`);
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`timed out; got ${JSON.stringify(this.messages)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.ws.close();
  }
}

export function apiKeyProtocols(host: string, apiKey = API_KEY): string[] {
  return ['graphql-ws', `header-${base64Url({ host, 'x-amz-date': '20260101T000000Z', 'x-api-key': apiKey })}`];
}

export function startMessage(id: string, query: string, variables: Record<string, unknown> = {}, authorization?: Record<string, string>) {
  return { id, type: 'start', payload: { data: JSON.stringify({ query, variables }), extensions: authorization ? { authorization } : {} } };
}

/** A server for `api` with any engine (e.g. the real APPSYNC_JS engine): API key, Cognito and IAM auth as in startHarness. */
export async function startApiServer(
  api: ApiDefinition,
  engine: ResolverEngine,
  realtime?: Partial<RealtimeOptions>,
): Promise<{ server: AppSyncServer; host: string; issuer: TokenIssuer; logs: string[] }> {
  const issuer = await createTokenIssuer({ region: REGION, userPoolId: USER_POOL_ID, clientId: CLIENT_ID });
  const logs: string[] = [];
  const server = await startAppSyncServer({
    api,
    engine,
    auth: { apiKeys: [{ id: API_KEY, expires: Math.floor(Date.now() / 1000) + 3600 }], cognito: issuer.verifierSettings, iam: { region: REGION, credentials: [IAM] } },
    log: (line) => logs.push(line),
    ...(realtime ? { realtime } : {}),
  });
  return { server, host: new URL(server.graphqlUrl).host, issuer, logs };
}

/** A socket past connection_ack, authorized with the API key (or `protocols`). */
export async function openAcknowledged(server: AppSyncServer, protocols?: string[]): Promise<TestSocket> {
  const socket = await TestSocket.open(server.realtimeUrl, protocols ?? apiKeyProtocols(new URL(server.graphqlUrl).host));
  socket.send({ type: 'connection_init' });
  await socket.waitFor((m) => m.type === 'connection_ack');
  return socket;
}
