// Queries and mutations against a local HTTP server: auth headers per mode, typed errors,
// network errors and aborts.
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClientAuth } from './auth.js';
import { createCoreClient } from './core.js';
import { ApiError, isApiError, NetworkError, type ApiErrorType } from './errors.js';

const document = parse('query Hello($name: String) { hello(name: $name) }') as TypedDocumentNode<{ hello: string }, { name?: string }>;

interface Answer {
  status: number;
  body: string;
  delayMs?: number;
}

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function graphqlServer(answer: (body: string) => Answer = () => ({ status: 200, body: '{"data":{"hello":"world"}}' })) {
  const requests: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      requests.push({ headers: req.headers, body });
      const { status, body: text, delayMs } = answer(body);
      setTimeout(() => res.writeHead(status, { 'content-type': 'application/json' }).end(text), delayMs ?? 0);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  return { url, requests };
}

const clientFor = (url: string, auth: ClientAuth) => createCoreClient({ url, realtimeUrl: url.replace('http', 'ws'), auth });

describe('query and mutate', () => {
  it('posts the operation and its variables with the API key, and resolves with data', async () => {
    const { url, requests } = await graphqlServer();
    const data = await clientFor(url, { type: 'apiKey', apiKey: 'da2-key' }).query(document, { name: 'x' });
    expect(data).toEqual({ hello: 'world' });
    expect(requests[0]?.headers['x-api-key']).toBe('da2-key');
    expect(JSON.parse(requests[0]!.body)).toEqual({ query: expect.stringContaining('hello(name: $name)'), variables: { name: 'x' } });
  });

  it('asks the Cognito token function for every request (fresh tokens)', async () => {
    const { url, requests } = await graphqlServer();
    let issued = 0;
    const client = clientFor(url, { type: 'cognito', token: async () => `token-${(issued += 1)}` });
    await client.query(document, {});
    await client.mutate(document, {});
    expect(requests.map((r) => r.headers['authorization'])).toEqual(['token-1', 'token-2']);
  });

  it('sends the Lambda authorizer token as Authorization', async () => {
    const { url, requests } = await graphqlServer();
    await clientFor(url, { type: 'lambda', token: () => 'custom-token' }).query(document, {});
    expect(requests[0]?.headers['authorization']).toBe('custom-token');
  });

  it('signs with SigV4 for IAM: the signed host and content-type are the ones sent', async () => {
    const { url, requests } = await graphqlServer();
    await clientFor(url, { type: 'iam', region: 'eu-west-1', credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret', sessionToken: 'tok' } }).query(document, {});
    const headers = requests[0]!.headers;
    expect(headers['authorization']).toMatch(/^AWS4-HMAC-SHA256 Credential=AKID\/\d{8}\/eu-west-1\/appsync\/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, /);
    expect(headers['host']).toBe(new URL(url).host);
    expect(headers['content-type']).toBe('application/json; charset=UTF-8');
    expect(headers['x-amz-security-token']).toBe('tok');
  });
});

describe('typed errors', () => {
  it('an errors answer becomes an ApiError a caller can switch on', async () => {
    const errors = [{ errorType: 'NotFound', message: 'Conversation not found', path: ['hello'], data: null, errorInfo: null }];
    const { url } = await graphqlServer(() => ({ status: 200, body: JSON.stringify({ data: { hello: null }, errors }) }));
    const error = await clientFor(url, { type: 'apiKey', apiKey: 'k' }).query(document, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(isApiError(error, 'NotFound')).toBe(true);
    expect(isApiError(error, 'Conflict')).toBe(false);
    if (!isApiError(error)) throw new Error('not an ApiError');
    const kind = (type: ApiErrorType | string) => {
      switch (type) {
        case 'NotFound':
          return 'missing';
        default:
          return 'other';
      }
    };
    expect(kind(error.errorType)).toBe('missing');
    expect(error).toMatchObject({ name: 'ApiError', message: 'Conversation not found', errors, data: { hello: null }, status: 200 });
  });

  it('a request AppSync refuses (401 UnauthorizedException) is an ApiError too', async () => {
    const { url } = await graphqlServer(() => ({ status: 401, body: '{"errors":[{"errorType":"UnauthorizedException","message":"You are not authorized to make this call."}]}' }));
    const error = await clientFor(url, { type: 'cognito', token: () => 'expired' }).query(document, {}).catch((e: unknown) => e);
    expect(isApiError(error, 'UnauthorizedException')).toBe(true);
    expect((error as ApiError).status).toBe(401);
  });

  it('no answer, or an answer that is not GraphQL, is a NetworkError', async () => {
    const { url } = await graphqlServer(() => ({ status: 502, body: '<html>Bad Gateway</html>' }));
    const badGateway = await clientFor(url, { type: 'apiKey', apiKey: 'k' }).query(document, {}).catch((e: unknown) => e);
    expect(badGateway).toBeInstanceOf(NetworkError);
    expect(isApiError(badGateway)).toBe(false);

    const refused = await clientFor('http://127.0.0.1:1/graphql', { type: 'apiKey', apiKey: 'k' }).query(document, {}).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(NetworkError);
    expect((refused as NetworkError).cause).toBeDefined();
  });

  it('an aborted request rejects with the abort reason, not a NetworkError', async () => {
    const { url } = await graphqlServer(() => ({ status: 200, body: '{"data":{"hello":"late"}}', delayMs: 500 }));
    const controller = new AbortController();
    const pending = clientFor(url, { type: 'apiKey', apiKey: 'k' }).query(document, {}, controller.signal).catch((e: unknown) => e);
    setTimeout(() => controller.abort(), 20);
    const error = await pending;
    expect(error).not.toBeInstanceOf(NetworkError);
    expect((error as Error).name).toBe('AbortError');
  });
});
