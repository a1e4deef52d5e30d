// OPENID_CONNECT against the real server and a real issuer on loopback (discovery + JWKS).
// Behaviour from https://docs.aws.amazon.com/appsync/latest/devguide/security-authz.html#openid-connect-authorization
// and https://docs.aws.amazon.com/appsync/latest/APIReference/API_OpenIDConnectConfig.html
// (iatTTL / authTTL in milliseconds; clientId a regex; discovery's issuer must equal `iss`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subForUsername } from '../../../auth/index.js';
import { base64Url, post, startMessage, TestSocket, type Loose } from '../testing/fixture.js';
import { CLIENT_ID, startAuthHarness, USER_POOL_ID, type AuthHarness } from './testing/harness.js';

const UNAUTHORIZED = { errors: [{ errorType: 'UnauthorizedException', message: 'You are not authorized to make this call.' }] };
const EXPIRED = { errors: [{ errorType: 'UnauthorizedException', message: 'Token has expired.' }] };
const refuse = () => ({ isAuthorized: false });

let h: AuthHarness;
beforeAll(async () => {
  h = await startAuthHarness({ handler: refuse });
});
afterAll(async () => {
  await h.close();
});

const ask = (harness: AuthHarness, query: string, token: string) => post(harness.server.graphqlUrl, { query }, { authorization: token });

describe('OPENID_CONNECT as an additional mode (security-authz.html#openid-connect-authorization)', () => {
  it('verifies a token against the JWKS found by discovery and builds { sub, issuer, claims }', async () => {
    const token = await h.oidc.sign({ sub: 'user-1', aud: 'web', email: 'u@example.com' });
    expect((await ask(h, '{ everyone }', token)).body).toEqual({ data: { everyone: 'OPENID_CONNECT' } });
    const auth = h.engine.invocations.at(-1)?.auth;
    expect(auth?.authenticationType).toBe('OPENID_CONNECT');
    expect(auth?.identity).toEqual({ sub: 'user-1', issuer: h.oidc.issuer, claims: expect.objectContaining({ sub: 'user-1', aud: 'web', email: 'u@example.com', iss: h.oidc.issuer }) });
    await ask(h, '{ everyone }', token);
    expect(h.oidc.discoveries).toBe(1);
    expect(h.events).toEqual([]);
  });

  it('matches aud against the clientId regex (whole value)', async () => {
    for (const aud of ['web', 'mobile', ['other', 'mobile']]) {
      expect((await ask(h, '{ everyone }', await h.oidc.sign({ sub: 's', aud }))).status).toBe(200);
    }
    for (const claims of [{ sub: 's', aud: 'webapp' }, { sub: 's', aud: 'other' }, { sub: 's' }]) {
      expect(await ask(h, '{ everyone }', await h.oidc.sign(claims))).toEqual({ status: 401, body: UNAUTHORIZED });
    }
  });

  it('rejects a foreign signature, an expired token and an issuer no provider names', async () => {
    expect(await ask(h, '{ everyone }', await h.oidc.sign({ sub: 's', aud: 'web' }, { key: 'foreign' }))).toEqual({ status: 401, body: UNAUTHORIZED });
    expect(await ask(h, '{ everyone }', await h.oidc.sign({ sub: 's', aud: 'web' }, { expiresInSeconds: -60 }))).toEqual({ status: 401, body: EXPIRED });
    expect(await ask(h, '{ everyone }', await h.oidc.sign({ sub: 's', aud: 'web' }, { issuer: 'https://issuer.example.com' }))).toEqual({ status: 401, body: UNAUTHORIZED });
    expect(h.events).toEqual([]);
  });

  it('lets OIDC callers read @aws_oidc fields (Profile.ssn overrides its type) and nothing else', async () => {
    const res = await ask(h, '{ oidcOnly lambdaOnly profile { name ssn } }', await h.oidc.sign({ sub: 's', aud: 'web' }));
    expect(res.body.data).toEqual({ oidcOnly: 'oidc', lambdaOnly: null, profile: { name: 'Ada', ssn: '123' } });
    expect(res.body.errors.map((e: Loose) => e.message)).toEqual(['Not Authorized to access lambdaOnly on type Query']);
  });

  it('authenticates the real-time handshake and refuses a subscription without @aws_oidc', async () => {
    const token = await h.oidc.sign({ sub: 's', aud: 'web' });
    const host = new URL(h.server.graphqlUrl).host;
    const socket = await TestSocket.open(h.server.realtimeUrl, ['graphql-ws', `header-${base64Url({ host, Authorization: token })}`]);
    socket.send({ type: 'connection_init' });
    await socket.waitFor((m) => m.type === 'connection_ack');
    socket.send(startMessage('o', 'subscription { onPost { id } }'));
    const error = await socket.waitFor((m) => m.type === 'error' && m.id === 'o');
    expect(error.payload.errors).toEqual([{ errorType: 'Unauthorized', message: 'Not Authorized to access onPost on type Subscription' }]);
    socket.close();
  });
});

describe('OIDC token windows and the sandbox\u2019s own issuer (API_OpenIDConnectConfig)', () => {
  let windows: AuthHarness;
  let sandboxIssuer: AuthHarness;
  beforeAll(async () => {
    windows = await startAuthHarness({
      handler: refuse,
      additionalAuth: (issuer) => [{ authenticationType: 'OPENID_CONNECT', issuer, iatTTL: 60_000, authTTL: 120_000 }],
    });
    // No Cognito provider: the sandbox's Cognito issuer serves as the OIDC issuer, its key known without discovery.
    sandboxIssuer = await startAuthHarness({
      handler: refuse,
      additionalAuth: (_, cognitoIssuer) => [{ authenticationType: 'OPENID_CONNECT', issuer: cognitoIssuer }],
    });
  });
  afterAll(async () => {
    await windows.close();
    await sandboxIssuer.close();
  });

  it('enforces iatTTL from iat and authTTL from auth_time, in milliseconds', async () => {
    const now = Math.floor(Date.now() / 1000);
    const fresh = await windows.oidc.sign({ sub: 's', auth_time: now - 30 }, { issuedAgoSeconds: 30 });
    expect((await ask(windows, '{ everyone }', fresh)).body).toEqual({ data: { everyone: 'OPENID_CONNECT' } });
    const issuedLongAgo = await windows.oidc.sign({ sub: 's', auth_time: now - 90 }, { issuedAgoSeconds: 90 });
    expect(await ask(windows, '{ everyone }', issuedLongAgo)).toEqual({ status: 401, body: EXPIRED });
    const authenticatedLongAgo = await windows.oidc.sign({ sub: 's', auth_time: now - 200 });
    expect(await ask(windows, '{ everyone }', authenticatedLongAgo)).toEqual({ status: 401, body: EXPIRED });
    expect((await ask(windows, '{ everyone }', await windows.oidc.sign({ sub: 's' }))).status).toBe(401);
  });

  it('accepts the sandbox\u2019s Cognito-style tokens through an OIDC provider whose issuer is the pool (by URL or by the template\u2019s pool)', async () => {
    const token = await sandboxIssuer.cognito.issueIdToken({ username: 'alice' });
    expect((await ask(sandboxIssuer, '{ everyone }', token)).body).toEqual({ data: { everyone: 'OPENID_CONNECT' } });
    expect(sandboxIssuer.engine.invocations.at(-1)?.auth.identity).toMatchObject({ sub: subForUsername(USER_POOL_ID, 'alice'), issuer: sandboxIssuer.cognito.issuer });
    expect(sandboxIssuer.oidc.discoveries).toBe(0);
    const byPool = await startAuthHarness({ handler: refuse, additionalAuth: () => [{ authenticationType: 'OPENID_CONNECT', issuerUserPoolId: 'UserPool', clientId: CLIENT_ID }] });
    try {
      expect((await ask(byPool, '{ everyone }', await byPool.cognito.issueIdToken({ username: 'bob' }))).body).toEqual({ data: { everyone: 'OPENID_CONNECT' } });
    } finally {
      await byPool.close();
    }
  });
});
