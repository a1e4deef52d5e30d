// Reads the auth a client sent when opening the real-time socket: the `header-<base64url JSON>`
// subprotocol (aws-amplify v6, aws-appsync-subscription-link) or the older `header` and
// `payload` query parameters (base64 JSON).
// https://docs.aws.amazon.com/appsync/latest/devguide/real-time-websocket-client.html#handshake-details-to-establish-the-websocket-connection
import type { IncomingMessage } from 'node:http';

export interface HandshakeAuth {
  /** Lowercased header names, as the client put them in the JSON. */
  headers: Record<string, string>;
  /** What IAM signed: the `payload` parameter, or '{}'. */
  body: string;
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

export function readHandshakeAuth(request: IncomingMessage): HandshakeAuth | undefined {
  const protocols = String(request.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((p) => p.trim());
  const url = new URL(request.url ?? '/', 'http://localhost');
  const fromProtocol = protocols.find((p) => p.startsWith('header-'));
  // URLSearchParams turns an unescaped '+' of standard base64 into a space.
  const encoded = fromProtocol ? fromProtocol.slice('header-'.length) : url.searchParams.get('header')?.replace(/ /g, '+');
  if (!encoded) return undefined;
  // Base64 from the query string may be standard (+/=) rather than url-safe; Node's base64url decoder accepts both.
  const json = decodeJson(encoded);
  if (!json) return undefined;
  const payload = url.searchParams.get('payload')?.replace(/ /g, '+');
  const body = payload ? Buffer.from(payload, 'base64url').toString('utf8') : '{}';
  return { headers: Object.fromEntries(Object.entries(json).map(([k, v]) => [k.toLowerCase(), String(v)])), body };
}
