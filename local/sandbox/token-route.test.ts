import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCognitoVerifier, createTokenIssuer, subForUsername } from '../auth/index.js';
import { createTokenRoute, isLoopback } from './token-route.js';

const userPoolId = 'us-east-1_playground';
let server: Server;
let baseUrl: string;
let verify: (token: string) => Promise<Record<string, unknown>>;

beforeAll(async () => {
  const issuer = await createTokenIssuer({ region: 'us-east-1', userPoolId, clientId: 'playground-client' });
  const verifier = createCognitoVerifier(issuer.verifierSettings);
  verify = (token) => verifier.verify(token);
  const route = createTokenRoute({ issuer, userPoolId });
  server = createServer((req, res) => {
    void route(req, res).then((handled) => {
      if (!handled) res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('GET /__sandbox/token', () => {
  it('issues an ID token the sandbox verifies, for the user and groups asked', async () => {
    const response = await fetch(`${baseUrl}/__sandbox/token?user=alice&groups=admins,editors`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as { token: string; sub: string; expiresAt: number };
    expect(body.sub).toBe(subForUsername(userPoolId, 'alice'));
    const claims = await verify(body.token);
    expect(claims).toMatchObject({ sub: body.sub, 'cognito:username': 'alice', 'cognito:groups': ['admins', 'editors'], token_use: 'id' });
    expect(body.expiresAt).toBeLessThanOrEqual(claims.exp as number);
    expect(body.expiresAt).toBeGreaterThan(Date.now() / 1000 + 3500);
  });

  it('refuses a missing or malformed user name and other methods', async () => {
    expect((await fetch(`${baseUrl}/__sandbox/token`)).status).toBe(400);
    expect((await fetch(`${baseUrl}/__sandbox/token?user=${encodeURIComponent('a b')}`)).status).toBe(400);
    expect((await fetch(`${baseUrl}/__sandbox/token?user=${'x'.repeat(129)}`)).status).toBe(400);
    expect((await fetch(`${baseUrl}/__sandbox/token?user=alice&groups=${encodeURIComponent('a/b')}`)).status).toBe(400);
    expect((await fetch(`${baseUrl}/__sandbox/token?user=alice`, { method: 'POST' })).status).toBe(405);
  });

  it('leaves other paths to the next route', async () => {
    expect((await fetch(`${baseUrl}/__sandbox/tokens?user=alice`)).status).toBe(404);
  });
});

describe('isLoopback', () => {
  it('accepts loopback addresses only (IPv4, IPv6 and IPv4-mapped)', () => {
    expect(['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1'].map(isLoopback)).toEqual([true, true, true, true]);
    expect(['10.0.0.1', '::ffff:10.0.0.1', '2001:db8::1', 'localhost', undefined].map(isLoopback)).toEqual([false, false, false, false, false]);
  });
});
