// GET /__sandbox/token?user=<name>[&groups=a,b] -> { token, sub, expiresAt }: a Cognito-style ID token
// the sandbox accepts for a local user (what `npm run token` prints), for the playground's sign-in.
// Sandbox only: it answers loopback callers only, and the sandbox listens on loopback.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import { subForUsername, type TokenIssuer } from '../auth/index.js';

export const TOKEN_ROUTE_PATH = '/__sandbox/token';
const TOKEN_TTL_SECONDS = 3600;
// Cognito user names are at most 128 characters; this keeps to the printable, URL-safe ones.
const USER_NAME = /^[\p{L}\p{N}._@+-]{1,128}$/u;
const GROUP_NAME = /^[\p{L}\p{N}._@+-]{1,128}$/u;

export interface TokenRouteOptions {
  issuer: Pick<TokenIssuer, 'issueIdToken'>;
  userPoolId: string;
}

export function isLoopback(address: string | undefined): boolean {
  if (!address || !isIP(address)) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return v4.startsWith('127.') || address === '::1';
}

export function createTokenRoute(options: TokenRouteOptions) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== TOKEN_ROUTE_PATH) return false;
    if (req.method !== 'GET') return send(res, 405, { message: 'use GET' }, { allow: 'GET' });
    if (!isLoopback(req.socket.remoteAddress)) return send(res, 403, { message: 'tokens are issued to loopback callers only' });
    const user = url.searchParams.get('user') ?? '';
    if (!USER_NAME.test(user)) return send(res, 400, { message: 'user: 1-128 letters, digits or ._@+-' });
    const groups = (url.searchParams.get('groups') ?? '').split(',').filter((g) => g !== '');
    if (!groups.every((g) => GROUP_NAME.test(g))) return send(res, 400, { message: 'groups: comma-separated names of letters, digits or ._@+-' });
    // Taken before signing, so it is never later than the token's own exp.
    const expiresAt = Math.floor(Date.now() / 1000) + TOKEN_TTL_SECONDS;
    const token = await options.issuer.issueIdToken({ username: user, ttlSeconds: TOKEN_TTL_SECONDS, ...(groups.length > 0 ? { groups } : {}) });
    return send(res, 200, { token, sub: subForUsername(options.userPoolId, user), expiresAt });
  };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): true {
  // A token is a credential: never cached.
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
  return true;
}
