import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { createCognitoVerifier, createTokenIssuer, subForUsername, TokenRejectedError } from './index.js';

const pool = { region: 'eu-west-1', userPoolId: 'eu-west-1_Sandbox', clientId: 'sandboxclient' };
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('Cognito-compatible token issuer', () => {
  it('issues ID tokens with Cognito claims and a deterministic sub', async () => {
    const issuer = await createTokenIssuer(pool);
    const token = await issuer.issueIdToken({ username: 'alice', groups: ['admin'], ttlSeconds: 120 });
    const claims = decodeJwt(token);
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'RS256' });
    expect(claims).toMatchObject({
      sub: subForUsername(pool.userPoolId, 'alice'),
      'cognito:username': 'alice',
      'cognito:groups': ['admin'],
      token_use: 'id',
      aud: pool.clientId,
      iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Sandbox',
    });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(120);
    expect(claims.auth_time).toBe(claims.iat);
    expect(subForUsername(pool.userPoolId, 'alice')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(subForUsername(pool.userPoolId, 'bob')).not.toBe(subForUsername(pool.userPoolId, 'alice'));
  });

  it('keeps the key in the given directory so tokens survive a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'issuer-'));
    dirs.push(dir);
    const first = await createTokenIssuer({ ...pool, keyDirectory: dir });
    const token = await first.issueIdToken({ username: 'alice' });
    const second = await createTokenIssuer({ ...pool, keyDirectory: dir });
    expect(second.verifierSettings.publicKeyPem).toBe(first.verifierSettings.publicKeyPem);
    await expect(createCognitoVerifier(second.verifierSettings).verify(token)).resolves.toMatchObject({ 'cognito:username': 'alice' });
  });

  it('verifies access tokens and rejects foreign, expired and wrong-client tokens', async () => {
    const issuer = await createTokenIssuer(pool);
    const verifier = createCognitoVerifier(issuer.verifierSettings);
    await expect(verifier.verify(await issuer.issueAccessToken({ username: 'alice' }))).resolves.toMatchObject({ token_use: 'access', username: 'alice' });
    const stranger = await createTokenIssuer(pool);
    await expect(verifier.verify(await stranger.issueIdToken({ username: 'alice' }))).rejects.toMatchObject({ reason: 'invalid' });
    await expect(verifier.verify(await issuer.issueIdToken({ username: 'alice', ttlSeconds: -5 }))).rejects.toMatchObject({ reason: 'expired' });
    const otherClient = await createTokenIssuer({ ...pool, clientId: 'another' });
    const strict = createCognitoVerifier({ ...otherClient.verifierSettings, clientIds: [pool.clientId] });
    await expect(strict.verify(await otherClient.issueIdToken({ username: 'x' }))).rejects.toBeInstanceOf(TokenRejectedError);
  });
});
