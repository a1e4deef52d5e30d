// Control routes under /__sandbox/realtime/, mounted by the sandbox, so tests and demos can
// cut real-time connections the way a network failure would and watch clients recover.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppSyncServer } from './index.js';

export const realtimeAdminPrefix = '/__sandbox/realtime/';

/**
 * Routes (JSON in and out):
 * - POST drop   body optional { graceful?: boolean }: ends every open real-time socket, abruptly
 *               (no close frame) unless graceful (close code 1001); answers { dropped: N }.
 * Returns false when the path is not under the prefix (the caller serves it).
 */
export async function handleRealtimeAdminRequest(
  server: Pick<AppSyncServer, 'dropRealtimeConnections'>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (!path.startsWith(realtimeAdminPrefix)) return false;
  const route = `${req.method ?? 'GET'} ${path.slice(realtimeAdminPrefix.length).replace(/\/$/, '')}`;
  if (route !== 'POST drop') return send(res, 404, { message: `no such realtime admin route: ${route}` });
  let body: unknown;
  try {
    const text = await readText(req);
    body = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    return send(res, 400, { message: 'the body is not JSON' });
  }
  const graceful = typeof body === 'object' && body !== null ? (body as { graceful?: unknown }).graceful : undefined;
  if (graceful !== undefined && typeof graceful !== 'boolean') return send(res, 400, { message: 'graceful: expected a boolean' });
  return send(res, 200, { dropped: server.dropRealtimeConnections({ graceful: graceful ?? false }) });
}

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, body: unknown): true {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
  return true;
}
