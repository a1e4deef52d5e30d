// POST /graphql (and GET with query parameters, which the AppSync team documents in
// https://github.com/graphql/graphql-over-http/issues/81), with AppSync's CORS and error shapes.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Authenticator } from './auth/authenticate.js';
import { malformedRequest, RequestRejectedError } from './errors.js';
import type { Executor, OperationOutcome, OperationRequest } from './execute.js';
import { formatRequestLog } from './request-log.js';
import type { SubscriptionRegistry } from './realtime/subscriptions.js';

export const GRAPHQL_PATH = '/graphql';
const MAX_BODY_BYTES = 5 * 1024 * 1024;

export interface HttpDependencies {
  authenticator: Authenticator;
  executor: Executor;
  registry: SubscriptionRegistry;
  log: (line: string) => void;
  requestLog: boolean;
  extraRoutes?: (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;
  counters: { httpRequests: number };
}

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-expose-headers': 'x-amzn-RequestId, x-amzn-ErrorType, x-amzn-ErrorMessage, Date',
  'access-control-max-age': '86400',
};

export function sourceIpOf(req: IncomingMessage): string {
  return (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
}

export function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  const raw = req.headers;
  for (const name in raw) {
    const value = raw[name];
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  return headers;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new RequestRejectedError(413, 'PayloadTooLargeException', 'Request body is too large.'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseOperation(method: string, body: string, url: { searchParams: URLSearchParams }): OperationRequest {
  if (method === 'GET') {
    const query = url.searchParams.get('query');
    if (!query) throw malformedRequest('Unable to parse GraphQL query.');
    let variables: Record<string, unknown> | null = null;
    const rawVariables = url.searchParams.get('variables');
    if (rawVariables) {
      try {
        variables = JSON.parse(rawVariables) as Record<string, unknown>;
      } catch {
        throw malformedRequest('Unable to parse GraphQL query.');
      }
    }
    return { query, variables, operationName: url.searchParams.get('operationName') };
  }
  if (body.trim() === '') throw malformedRequest('Request body is empty.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw malformedRequest('Unable to parse GraphQL query.');
  }
  const candidate = parsed as { query?: unknown; variables?: unknown; operationName?: unknown } | null;
  if (!candidate || typeof candidate !== 'object' || Array.isArray(candidate) || typeof candidate.query !== 'string') {
    throw malformedRequest('Unable to parse GraphQL query.');
  }
  const variables = candidate.variables;
  if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) {
    throw malformedRequest('Unable to parse GraphQL query.');
  }
  return {
    query: candidate.query,
    variables: (variables as Record<string, unknown> | null | undefined) ?? null,
    operationName: typeof candidate.operationName === 'string' ? candidate.operationName : null,
  };
}

function send(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...CORS_HEADERS,
    'content-type': 'application/json; charset=UTF-8',
    'content-length': String(Buffer.byteLength(text)),
    'x-amzn-requestid': randomUUID(),
    ...extra,
  });
  res.end(text);
}

const noSearchParams = new URLSearchParams();

/** The request's path and query; the usual `/graphql` skips the URL parser (on every request's path). */
function requestTarget(rawUrl: string | undefined): { pathname: string; searchParams: URLSearchParams } {
  if (rawUrl === GRAPHQL_PATH) return { pathname: GRAPHQL_PATH, searchParams: noSearchParams };
  return new URL(rawUrl ?? '/', 'http://localhost');
}

export function createHttpHandler(deps: HttpDependencies) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = deps.requestLog ? performance.now() : 0;
    const method = req.method ?? 'GET';
    const url = requestTarget(req.url);
    let status = 200;
    let authMode = '-';
    let outcome: OperationOutcome | undefined;
    try {
      if (deps.extraRoutes && (await deps.extraRoutes(req, res))) return;
      if (method === 'OPTIONS') {
        res.writeHead(200, {
          ...CORS_HEADERS,
          'access-control-allow-headers': req.headers['access-control-request-headers'] ?? 'content-type, authorization, x-api-key, x-amz-date, x-amz-security-token, x-amz-user-agent',
          'content-length': '0',
        });
        res.end();
        return;
      }
      if (url.pathname !== GRAPHQL_PATH) {
        status = 404;
        send(res, 404, { errors: [{ errorType: 'NotFoundException', message: 'Not found.' }] });
        return;
      }
      if (method !== 'POST' && method !== 'GET') {
        status = 405;
        send(res, 405, { errors: [{ errorType: 'MethodNotAllowedException', message: `Method ${method} is not allowed.` }] });
        return;
      }
      deps.counters.httpRequests += 1;
      const body = method === 'POST' ? await readBody(req) : '';
      const headers = flattenHeaders(req);
      // Parsed before auth (a Lambda authorizer sees the operation), but reported after it.
      let operation: OperationRequest | undefined;
      let malformed: unknown;
      try {
        operation = parseOperation(method, body, url);
      } catch (error) {
        malformed = error;
      }
      const auth = await deps.authenticator.authenticate({
        headers,
        method,
        signedPaths: [url.pathname],
        query: url.searchParams === noSearchParams ? {} : Object.fromEntries(url.searchParams),
        body,
        sourceIp: sourceIpOf(req),
        ...(operation
          ? { operation: { query: operation.query, operationName: operation.operationName ?? null, variables: operation.variables ?? {} } }
          : {}),
      });
      authMode = auth.authenticationType;
      if (!operation) throw malformed;
      outcome = await deps.executor.run(operation, { auth, headers, trace: deps.requestLog });
      for (const publication of outcome.publications) deps.registry.publish(publication);
      for (const { subscriptionField, payload } of outcome.invalidations) deps.registry.invalidate(subscriptionField, payload);
      send(res, 200, outcome.body, outcome.responseHeaders);
    } catch (error) {
      if (error instanceof RequestRejectedError) {
        status = error.statusCode;
        send(res, status, error.toBody(), { 'x-amzn-errortype': error.errorType });
      } else {
        status = 500;
        deps.log(`http: ${method} ${url.pathname} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        if (!res.headersSent) send(res, 500, { errors: [{ errorType: 'InternalFailureException', message: 'An internal error occurred.' }] });
      }
    } finally {
      if (deps.requestLog) deps.log(formatRequestLog({ method, path: url.pathname, status, authMode, ms: performance.now() - started, outcome }));
    }
  };
}
