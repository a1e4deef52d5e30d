// Reads the auth a client sent when opening the real-time socket. AppSync takes it, in this
// order of precedence here, from: the `header-<base64url JSON>` subprotocol beside `graphql-ws`
// (aws-amplify v6, aws-appsync-subscription-link); the `header` and `payload` query parameters
// (base64 JSON; `payload` is the signed body, '{}'); or standard HTTP headers on the upgrade.
// https://docs.aws.amazon.com/appsync/latest/devguide/real-time-websocket-client.html#handshake-details-to-establish-the-websocket-connection
import type { IncomingMessage } from 'node:http';

export interface HandshakeAuth {
  /** Lowercased header names, as the client put them in the JSON. */
  headers: Record<string, string>;
  /** What IAM signed: the `payload` parameter, or '{}'. */
  body: string;
  /** Where the headers came from. */
  source: 'subprotocol' | 'query' | 'http-headers';
}

export const GRAPHQL_WS = 'graphql-ws';

function decodeJson(encoded: string): Record<string, unknown> | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Lowercases header names. (A `Bearer` scheme on a Cognito or OIDC token is unwrapped by the
 * authenticator, for real-time requests only: see AuthRequest.bearerScheme.)
 */
export function normalizeAuthHeaders(headers: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || value === null) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.map(String).join(',') : String(value);
  }
  return out;
}

export function readHandshakeAuth(request: IncomingMessage): HandshakeAuth | undefined {
  const protocols = String(request.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((p) => p.trim());
  const url = new URL(request.url ?? '/', 'http://localhost');
  const fromProtocol = protocols.find((p) => p.startsWith('header-'));
  // URLSearchParams turns an unescaped '+' of standard base64 into a space.
  const fromQuery = url.searchParams.get('header')?.replace(/ /g, '+');
  if (fromProtocol || fromQuery) {
    // Base64 from the query string may be standard (+/=) rather than url-safe; Node's base64url decoder accepts both.
    const json = decodeJson(fromProtocol ? fromProtocol.slice('header-'.length) : (fromQuery as string));
    if (!json) return undefined;
    const payload = fromProtocol ? undefined : url.searchParams.get('payload')?.replace(/ /g, '+');
    const body = payload ? Buffer.from(payload, 'base64url').toString('utf8') : '{}';
    return { headers: normalizeAuthHeaders(json), body, source: fromProtocol ? 'subprotocol' : 'query' };
  }
  const headers = normalizeAuthHeaders(request.headers);
  if (headers['x-api-key'] === undefined && headers['authorization'] === undefined) return undefined;
  return { headers, body: '{}', source: 'http-headers' };
}
