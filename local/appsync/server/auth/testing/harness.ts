// A server for the auth tests: Lambda authorizer by default, with API key, OIDC (a real issuer on
// loopback serving discovery and JWKS), Cognito user pools and IAM as additional modes.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { createTokenIssuer, type TokenIssuer } from '../../../../auth/index.js';
import type { ApiDefinition, AuthProvider, FieldInvocation, FieldResult, ResolverEngine } from '../../../types.js';
import { startAppSyncServer, type AppSyncServer, type AuthSettings } from '../../index.js';
import { IAM } from '../../testing/fixture.js';
import type { LambdaAuthorizerEvent, LambdaAuthorizerSettings } from '../lambda-authorizer.js';

export const AUTH_SCHEMA = /* GraphQL */ `
  schema { query: Query mutation: Mutation subscription: Subscription }
  type Query {
    whoami: String
    everyone: String @aws_api_key @aws_lambda @aws_oidc @aws_cognito_user_pools @aws_iam
    oidcOnly: String @aws_oidc
    lambdaOnly: String @aws_lambda
    admins: String @aws_cognito_user_pools(cognito_groups: ["admin"]) @aws_lambda
    profile: Profile @aws_lambda @aws_oidc @aws_api_key
  }
  type Profile @aws_lambda @aws_oidc @aws_api_key {
    name: String
    email: String
    ssn: String @aws_oidc
  }
  type Mutation {
    post(id: ID!, body: String, secret: String): Post @aws_lambda @aws_api_key
  }
  type Post @aws_lambda @aws_api_key {
    id: ID!
    body: String
    secret: String
  }
  type Subscription {
    onPost(id: ID): Post @aws_subscribe(mutations: ["post"]) @aws_lambda @aws_api_key
  }
`;

export const REGION = 'us-east-1';
export const USER_POOL_ID = 'us-east-1_Auth';
export const CLIENT_ID = 'authclient';
export const API_KEY = 'da2-authtests';
export const API_ID = 'authtestapi';
export const ACCOUNT_ID = '111122223333';
export const AUTHORIZER = 'AuthorizerFunction';

/** Answers every field it knows; records each invocation. */
export class RecordingEngine implements ResolverEngine {
  readonly invocations: FieldInvocation[] = [];
  private readonly resolvers: Record<string, (inv: FieldInvocation) => unknown> = {
    'Query.whoami': (inv) => inv.auth.authenticationType,
    'Query.everyone': (inv) => inv.auth.authenticationType,
    'Query.oidcOnly': () => 'oidc',
    'Query.lambdaOnly': () => 'lambda',
    'Query.admins': () => 'admins',
    'Query.profile': () => ({ name: 'Ada', email: 'ada@example.com', ssn: '123' }),
    'Mutation.post': (inv) => inv.arguments,
  };
  hasResolver(typeName: string, fieldName: string): boolean {
    return `${typeName}.${fieldName}` in this.resolvers;
  }
  async resolveField(invocation: FieldInvocation): Promise<FieldResult> {
    this.invocations.push(invocation);
    const resolve = this.resolvers[`${invocation.typeName}.${invocation.fieldName}`];
    if (!resolve) throw new Error(`no resolver for ${invocation.typeName}.${invocation.fieldName}`);
    return { data: resolve(invocation), errors: [] };
  }
}

/** An OpenID Connect issuer on loopback: discovery document, JWKS and a token signer. */
export interface OidcIssuer {
  issuer: string;
  sign(claims: Record<string, unknown>, options?: { expiresInSeconds?: number; issuedAgoSeconds?: number; issuer?: string; key?: 'own' | 'foreign' }): Promise<string>;
  /** Discovery requests served so far. */
  discoveries: number;
  close(): Promise<void>;
}

export async function startOidcIssuer(): Promise<OidcIssuer> {
  const own = await generateKeyPair('RS256');
  const foreign = await generateKeyPair('RS256');
  const jwk: JWK = { ...(await exportJWK(own.publicKey)), kid: 'own', alg: 'RS256', use: 'sig' };
  let issuer = '';
  const state = { discoveries: 0 };
  const server: Server = createServer((req, res) => {
    const send = (body: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/.well-known/openid-configuration') {
      state.discoveries += 1;
      send({ issuer, jwks_uri: `${issuer}/jwks.json`, id_token_signing_alg_values_supported: ['RS256'] });
    } else if (req.url === '/jwks.json') send({ keys: [jwk] });
    else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    get discoveries() {
      return state.discoveries;
    },
    sign: async (claims, options = {}) => {
      const now = Math.floor(Date.now() / 1000);
      const iat = now - (options.issuedAgoSeconds ?? 0);
      const key: CryptoKey = options.key === 'foreign' ? foreign.privateKey : own.privateKey;
      return new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: 'own' })
        .setIssuer(options.issuer ?? issuer)
        .setIssuedAt(iat)
        .setExpirationTime(now + (options.expiresInSeconds ?? 3600))
        .sign(key);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type AuthorizerHandler = (event: LambdaAuthorizerEvent) => unknown;

export interface AuthHarness {
  server: AppSyncServer;
  engine: RecordingEngine;
  cognito: TokenIssuer;
  oidc: OidcIssuer;
  /** Every event the authorizer received. */
  events: LambdaAuthorizerEvent[];
  logs: string[];
  /** The clock the authorizer cache reads; tests move it. */
  clock: { now: number };
  close(): Promise<void>;
}

export interface AuthHarnessOptions {
  handler: AuthorizerHandler;
  defaultAuth?: AuthProvider;
  /** Replaces the additional providers (the OIDC issuer is filled in when omitted). */
  additionalAuth?: (oidcIssuer: string, cognitoIssuer: string) => AuthProvider[];
  lambda?: Partial<LambdaAuthorizerSettings>;
  auth?: Partial<AuthSettings>;
}

export async function startAuthHarness(options: AuthHarnessOptions): Promise<AuthHarness> {
  const cognito = await createTokenIssuer({ region: REGION, userPoolId: USER_POOL_ID, clientId: CLIENT_ID });
  const oidc = await startOidcIssuer();
  const engine = new RecordingEngine();
  const events: LambdaAuthorizerEvent[] = [];
  const logs: string[] = [];
  const clock = { now: Date.now() };
  const api: ApiDefinition = {
    name: 'auth-api',
    schema: AUTH_SCHEMA,
    defaultAuth: options.defaultAuth ?? { authenticationType: 'AWS_LAMBDA', authorizerFunction: AUTHORIZER, authorizerResultTtlInSeconds: 300 },
    additionalAuth: options.additionalAuth?.(oidc.issuer, cognito.issuer) ?? [
      { authenticationType: 'API_KEY' },
      { authenticationType: 'OPENID_CONNECT', issuer: oidc.issuer, clientId: 'web|mobile' },
      { authenticationType: 'AMAZON_COGNITO_USER_POOLS', userPoolId: USER_POOL_ID },
      { authenticationType: 'AWS_IAM' },
    ],
    environmentVariables: {},
    dataSources: {},
    functions: {},
    resolvers: [],
  };
  const server = await startAppSyncServer({
    api,
    engine,
    auth: {
      apiKeys: [{ id: API_KEY, expires: Math.floor(Date.now() / 1000) + 3600 }],
      cognito: cognito.verifierSettings,
      iam: { region: REGION, credentials: [IAM] },
      lambda: {
        invoke: async (functionName, event) => {
          if (functionName !== AUTHORIZER) throw new Error(`unexpected function ${functionName}`);
          events.push(event);
          return { payload: await options.handler(event) };
        },
        apiId: API_ID,
        accountId: ACCOUNT_ID,
        now: () => clock.now,
        ...options.lambda,
      },
      ...options.auth,
    },
    log: (line) => logs.push(line),
    realtime: { keepAliveIntervalMs: 60_000 },
  });
  return {
    server,
    engine,
    cognito,
    oidc,
    events,
    logs,
    clock,
    close: async () => {
      await server.close();
      await oidc.close();
    },
  };
}
