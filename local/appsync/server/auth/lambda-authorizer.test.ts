// AWS_LAMBDA authorization against the real HTTP and real-time server.
// Behaviour from https://docs.aws.amazon.com/appsync/latest/devguide/security-authz.html#aws-lambda-authorization,
// https://docs.aws.amazon.com/appsync/latest/APIReference/API_LambdaAuthorizerConfig.html and
// https://docs.aws.amazon.com/appsync/latest/devguide/real-time-websocket-client.html (Lambda handshake header).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLambdaRunner, type LambdaRunner } from '../../../lambda/index.js';
import { base64Url, post, signedHeaders, startMessage, TestSocket, type Loose } from '../testing/fixture.js';
import { ACCOUNT_ID, API_ID, API_KEY, AUTHORIZER, REGION, startAuthHarness, type AuthHarness } from './testing/harness.js';
import type { LambdaAuthorizerEvent } from './lambda-authorizer.js';

const UNAUTHORIZED = { errors: [{ errorType: 'UnauthorizedException', message: 'You are not authorized to make this call.' }] };
const fieldArn = (api: string, type: string, field: string) => `arn:aws:appsync:${REGION}:${ACCOUNT_ID}:apis/${api}/types/${type}/fields/${field}`;

/** Decides by the token's prefix, so one authorizer covers every case. */
async function authorizer(event: LambdaAuthorizerEvent): Promise<unknown> {
  const token = event.authorizationToken;
  const [kind, ttl] = token.split('-');
  switch (kind ?? '') {
    case 'allow':
      return { isAuthorized: true, resolverContext: { user: token } };
    case 'deny':
      return { isAuthorized: false };
    case 'ttl':
      return { isAuthorized: true, resolverContext: {}, ttlOverride: Number(ttl) };
    case 'fields':
      return {
        isAuthorized: true,
        deniedFields: ['Profile.email', 'Post.secret', fieldArn(API_ID, 'Query', 'lambdaOnly'), fieldArn('anotherapi', 'Query', 'whoami')],
      };
    case 'throw':
      throw new Error('authorizer crashed');
    case 'garbage':
      return 'yes please';
    case 'slow':
      await sleep(1000);
      return { isAuthorized: true };
    default:
      return { isAuthorized: false };
  }
}

let h: AuthHarness;
let host: string;
beforeAll(async () => {
  h = await startAuthHarness({
    handler: authorizer,
    defaultAuth: { authenticationType: 'AWS_LAMBDA', authorizerFunction: AUTHORIZER, authorizerResultTtlInSeconds: 300, identityValidationExpression: '[a-z0-9-]+' },
    lambda: { timeoutMs: 200 },
  });
  host = new URL(h.server.graphqlUrl).host;
});
afterAll(async () => {
  await h.close();
});

const eventsFor = (token: string) => h.events.filter((e) => e.authorizationToken === token);

describe('Lambda authorizer over HTTP (security-authz.html#aws-lambda-authorization)', () => {
  it('sends the documented request event and exposes resolverContext as ctx.identity.resolverContext', async () => {
    const query = 'query Who($skip: Boolean!) { whoami @skip(if: $skip) }';
    const res = await post(h.server.graphqlUrl, { query, operationName: 'Who', variables: { skip: false } }, { authorization: 'allow-event', 'x-custom': 'yes' });
    expect(res.body).toEqual({ data: { whoami: 'AWS_LAMBDA' } });
    expect(eventsFor('allow-event')).toEqual([
      {
        authorizationToken: 'allow-event',
        requestContext: {
          apiId: API_ID,
          accountId: ACCOUNT_ID,
          requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
          queryString: query,
          operationName: 'Who',
          variables: { skip: false },
        },
        requestHeaders: expect.objectContaining({ authorization: 'allow-event', 'x-custom': 'yes', 'content-type': 'application/json' }),
      },
    ]);
    expect(h.engine.invocations.at(-1)?.auth).toEqual({ authenticationType: 'AWS_LAMBDA', identity: { resolverContext: { user: 'allow-event' } } });
  });

  it('answers isAuthorized: false with 401 UnauthorizedException and its fixed message', async () => {
    expect(await post(h.server.graphqlUrl, { query: '{ whoami }' }, { authorization: 'deny-1' })).toEqual({ status: 401, body: UNAUTHORIZED });
  });

  it('treats a failing function, an invalid response and no answer within the timeout as a refusal', async () => {
    for (const token of ['throw-1', 'garbage-1', 'slow-1']) {
      expect(await post(h.server.graphqlUrl, { query: '{ whoami }' }, { authorization: token })).toEqual({ status: 401, body: UNAUTHORIZED });
    }
    expect(h.logs.filter((line) => line.includes(`Lambda authorizer ${AUTHORIZER} failed`))).toHaveLength(3);
    expect(h.logs.join('\n')).not.toContain('slow-1');
  });

  it('checks identityValidationExpression against the whole token before calling the function (API_LambdaAuthorizerConfig)', async () => {
    const before = h.events.length;
    expect(await post(h.server.graphqlUrl, { query: '{ whoami }' }, { authorization: 'allow-UPPER' })).toEqual({ status: 401, body: UNAUTHORIZED });
    expect(h.events.length).toBe(before);
  });

  it('nulls deniedFields (TypeName.fieldName, or a field ARN of this API) with Unauthorized errors; other APIs\u2019 ARNs do not apply', async () => {
    const res = await post(h.server.graphqlUrl, { query: '{ whoami lambdaOnly profile { name email } }' }, { authorization: 'fields-1' });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ whoami: 'AWS_LAMBDA', lambdaOnly: null, profile: { name: 'Ada', email: null } });
    expect(res.body.errors).toEqual([
      { path: ['lambdaOnly'], data: null, errorType: 'Unauthorized', errorInfo: null, locations: [{ line: 1, column: 10, sourceName: null }], message: 'Not Authorized to access lambdaOnly on type Query' },
      { path: ['profile', 'email'], data: null, errorType: 'Unauthorized', errorInfo: null, locations: [{ line: 1, column: 36, sourceName: null }], message: 'Not Authorized to access email on type Profile' },
    ]);
    expect(h.engine.invocations.at(-1)?.auth.deniedFields).toEqual(['Profile.email', 'Post.secret', 'Query.lambdaOnly']);
  });

  it('caches a decision per token for authorizerResultTtlInSeconds; ttlOverride wins and 0 disables the cache (API_LambdaAuthorizerConfig)', async () => {
    const twice = async (token: string) => {
      await post(h.server.graphqlUrl, { query: '{ whoami }' }, { authorization: token });
      return post(h.server.graphqlUrl, { query: '{ whoami }' }, { authorization: token });
    };
    expect((await twice('allow-cached')).body).toEqual({ data: { whoami: 'AWS_LAMBDA' } });
    expect(eventsFor('allow-cached')).toHaveLength(1);
    expect((await twice('deny-cached')).status).toBe(401);
    expect(eventsFor('deny-cached')).toHaveLength(1);
    await twice('ttl-0');
    expect(eventsFor('ttl-0')).toHaveLength(2);
    await twice('ttl-10');
    expect(eventsFor('ttl-10')).toHaveLength(1);

    h.clock.now += 11_000;
    await post(h.server.graphqlUrl, { query: '{ whoami }' }, { authorization: 'ttl-10' });
    await post(h.server.graphqlUrl, { query: '{ whoami }' }, { authorization: 'allow-cached' });
    expect(eventsFor('ttl-10')).toHaveLength(2);
    expect(eventsFor('allow-cached')).toHaveLength(1);
    h.clock.now += 300_000;
    await post(h.server.graphqlUrl, { query: '{ whoami }' }, { authorization: 'allow-cached' });
    expect(eventsFor('allow-cached')).toHaveLength(2);
  });

  it('sends JWTs to Cognito and SigV4 to IAM while those modes are on, never to the authorizer', async () => {
    const before = h.events.length;
    const token = await h.cognito.issueIdToken({ username: 'alice' });
    expect((await post(h.server.graphqlUrl, { query: '{ everyone }' }, { authorization: token })).body).toEqual({ data: { everyone: 'AMAZON_COGNITO_USER_POOLS' } });
    const body = JSON.stringify({ query: '{ everyone }' });
    expect((await post(h.server.graphqlUrl, body, await signedHeaders(h.server.graphqlUrl, body))).body).toEqual({
      data: { everyone: 'AWS_IAM' },
    });
    expect(h.events.length).toBe(before);
    // "The Lambda authorization token should not contain a Bearer scheme prefix": it is not a JWT, so it goes to the authorizer.
    expect((await post(h.server.graphqlUrl, { query: '{ whoami }' }, { authorization: `Bearer ${token}` })).status).toBe(401);
    expect(h.events.length).toBe(before);
  });
});

describe('default and additional modes with @aws_lambda and @aws_oidc (security-authz.html#using-additional-authorization-modes)', () => {
  it('keeps a field without directives for the default mode alone', async () => {
    const res = await post(h.server.graphqlUrl, { query: '{ whoami everyone }' }, { 'x-api-key': API_KEY });
    expect(res.body.data).toEqual({ whoami: null, everyone: 'API_KEY' });
    expect(res.body.errors.map((e: Loose) => e.message)).toEqual(['Not Authorized to access whoami on type Query']);
  });

  it('lets a field\u2019s own directives override its type\u2019s: Profile.ssn is @aws_oidc only', async () => {
    const res = await post(h.server.graphqlUrl, { query: '{ oidcOnly admins profile { name ssn } }' }, { authorization: 'allow-modes' });
    expect(res.body.data).toEqual({ oidcOnly: null, admins: 'admins', profile: { name: 'Ada', ssn: null } });
    expect(res.body.errors.map((e: Loose) => e.message)).toEqual(['Not Authorized to access oidcOnly on type Query', 'Not Authorized to access ssn on type Profile']);
  });

  it('checks cognito_groups for Cognito callers on a field Lambda callers may also read', async () => {
    const member = await h.cognito.issueIdToken({ username: 'root', groups: ['admin'] });
    expect((await post(h.server.graphqlUrl, { query: '{ admins }' }, { authorization: member })).body).toEqual({ data: { admins: 'admins' } });
    const other = await h.cognito.issueIdToken({ username: 'bob', groups: ['users'] });
    expect((await post(h.server.graphqlUrl, { query: '{ admins }' }, { authorization: other })).body.errors[0].errorType).toBe('Unauthorized');
  });
});

describe('Lambda authorizer on the real-time endpoint (real-time-websocket-client.html)', () => {
  const protocols = (token: string) => ['graphql-ws', `header-${base64Url({ host, Authorization: token })}`];
  const subscription = 'subscription OnPost($id: ID) { onPost(id: $id) { id body secret } }';

  async function connected(token: string): Promise<TestSocket> {
    const socket = await TestSocket.open(h.server.realtimeUrl, protocols(token));
    socket.send({ type: 'connection_init' });
    await socket.waitFor((m) => m.type === 'connection_ack');
    return socket;
  }

  it('authorizes the handshake\u2019s Authorization header, then a start by its own token with the subscription as queryString', async () => {
    const socket = await connected('allow-handshake');
    expect(eventsFor('allow-handshake')[0]?.requestContext).toMatchObject({ queryString: '', variables: {} });
    socket.send(startMessage('s1', subscription, { id: 'p1' }, { host, Authorization: 'allow-start' }));
    await socket.waitFor((m) => m.type === 'start_ack' && m.id === 's1');
    expect(eventsFor('allow-start')[0]?.requestContext).toMatchObject({ queryString: subscription, variables: { id: 'p1' } });
    socket.send(startMessage('s2', subscription, { id: 'p1' }));
    await socket.waitFor((m) => m.type === 'start_ack' && m.id === 's2');

    await post(h.server.graphqlUrl, { query: 'mutation { post(id: "p1", body: "hi", secret: "s") { id body secret } }' }, { 'x-api-key': API_KEY });
    const data = await socket.waitFor((m) => m.type === 'data' && m.id === 's1');
    expect(data.payload).toEqual({ data: { onPost: { id: 'p1', body: 'hi', secret: 's' } } });
    await socket.waitFor((m) => m.type === 'data' && m.id === 's2');
    socket.close();
  });

  it('refuses a denied handshake with connection_error 401 and a denied start with an error', async () => {
    const refused = await TestSocket.open(h.server.realtimeUrl, protocols('deny-handshake'));
    refused.send({ type: 'connection_init' });
    const error = await refused.waitFor((m) => m.type === 'connection_error');
    expect(error.payload.errors).toEqual([{ errorType: 'UnauthorizedException', message: 'You are not authorized to make this call.', errorCode: 401 }]);

    const socket = await connected('allow-then-deny');
    socket.send(startMessage('d', subscription, {}, { host, Authorization: 'deny-start' }));
    const startError = await socket.waitFor((m) => m.type === 'error' && m.id === 'd');
    expect(startError.payload.errors[0]).toMatchObject({ errorType: 'UnauthorizedException', errorCode: 401 });
    socket.close();
  });

  it('nulls deniedFields in the data a subscriber receives', async () => {
    const socket = await connected('fields-rt');
    socket.send(startMessage('f', subscription, { id: 'p2' }));
    await socket.waitFor((m) => m.type === 'start_ack');
    const open = await connected('allow-rt');
    open.send(startMessage('o', subscription, { id: 'p2' }));
    await open.waitFor((m) => m.type === 'start_ack');
    await post(h.server.graphqlUrl, { query: 'mutation { post(id: "p2", body: "b", secret: "s") { id body secret } }' }, { 'x-api-key': API_KEY });
    expect((await socket.waitFor((m) => m.type === 'data')).payload.data.onPost).toEqual({ id: 'p2', body: 'b', secret: null });
    expect((await open.waitFor((m) => m.type === 'data')).payload.data.onPost).toEqual({ id: 'p2', body: 'b', secret: 's' });
    socket.close();
    open.close();
  });
});

describe('the authorizer as a Lambda in the sandbox\u2019s runner (worker thread)', () => {
  let root: string;
  let runner: LambdaRunner;
  let sandboxed: AuthHarness;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'lambda-authorizer-'));
    writeFileSync(
      join(root, 'index.mjs'),
      `export const handler = async (event, context) => {
        if (event.authorizationToken === 'crash') throw new Error('boom');
        return { isAuthorized: event.authorizationToken === 'open-sesame', resolverContext: { by: context.functionName, query: event.requestContext.queryString } };
      };\n`,
    );
    runner = createLambdaRunner({
      functions: [{ name: AUTHORIZER, codeDirectory: root, handler: 'index.handler', environment: {}, timeoutSeconds: 3, memorySizeMb: 128 }],
      log: () => {},
    });
    sandboxed = await startAuthHarness({ handler: () => ({ isAuthorized: false }), lambda: { invoke: (name, event) => runner.invoke(name, event, 'RequestResponse') } });
  });
  afterAll(async () => {
    await sandboxed.close();
    await runner.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('invokes the template\u2019s function by logical id and maps its answer', async () => {
    const res = await post(sandboxed.server.graphqlUrl, { query: '{ whoami }' }, { authorization: 'open-sesame' });
    expect(res.body).toEqual({ data: { whoami: 'AWS_LAMBDA' } });
    expect(sandboxed.engine.invocations.at(-1)?.auth.identity).toEqual({ resolverContext: { by: AUTHORIZER, query: '{ whoami }' } });
    expect(await post(sandboxed.server.graphqlUrl, { query: '{ whoami }' }, { authorization: 'wrong' })).toEqual({ status: 401, body: UNAUTHORIZED });
    expect(await post(sandboxed.server.graphqlUrl, { query: '{ whoami }' }, { authorization: 'crash' })).toEqual({ status: 401, body: UNAUTHORIZED });
    expect(sandboxed.logs.some((line) => line.includes('Error: boom'))).toBe(true);
  });
});
