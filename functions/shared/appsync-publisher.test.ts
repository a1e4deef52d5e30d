import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppSyncClient } from './appsync-publisher.js';
import { AppSyncHttpError, GraphQLResponseError } from './errors.js';

const CREDENTIALS = { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret-for-tests', sessionToken: 'session-token' };
const REGION = 'eu-west-1';

const sha256Hex = (data: string) => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();

/** Recomputes the SigV4 signature from the raw request, independently of the client's signer. */
function verifySigV4(request: IncomingMessage, body: string): { ok: boolean; reason?: string } {
  const authorization = request.headers.authorization ?? '';
  const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
    authorization,
  );
  if (!match) return { ok: false, reason: 'malformed authorization' };
  const [, accessKeyId, date, region, service, signedHeaders, signature] = match as unknown as string[];
  if (accessKeyId !== CREDENTIALS.accessKeyId || region !== REGION || service !== 'appsync') return { ok: false, reason: 'wrong scope' };
  const amzDate = String(request.headers['x-amz-date']);
  const names = signedHeaders!.split(';');
  if (!names.includes('host') || !names.includes('x-amz-date')) return { ok: false, reason: 'host and date must be signed' };
  const url = new URL(request.url ?? '/', 'http://placeholder');
  const query = [...url.searchParams.entries()]
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .sort()
    .join('&');
  const canonicalHeaders = names.map((name) => `${name}:${String(request.headers[name]).trim()}\n`).join('');
  const canonicalRequest = [request.method, url.pathname, query, canonicalHeaders, signedHeaders, sha256Hex(body)].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${CREDENTIALS.secretAccessKey}`, date!), region!), service!), 'aws4_request');
  const expected = createHmac('sha256', key).update(stringToSign).digest('hex');
  if (expected !== signature) return { ok: false, reason: 'signature mismatch' };
  if (request.headers['x-amz-security-token'] !== CREDENTIALS.sessionToken) return { ok: false, reason: 'missing session token' };
  return { ok: true };
}

let server: Server;
let baseUrl: string;
const seen: { path: string; body: unknown }[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (data: Buffer) => (body += data.toString('utf8')));
    request.on('end', () => {
      const verdict = verifySigV4(request, body);
      response.setHeader('content-type', 'application/json');
      if (!verdict.ok) {
        response.statusCode = 401;
        response.end(JSON.stringify({ errors: [{ errorType: 'UnauthorizedException', message: verdict.reason }] }));
        return;
      }
      const parsed = JSON.parse(body) as { query: string; variables: { input?: { text?: string } } };
      seen.push({ path: request.url ?? '', body: parsed });
      if (request.url?.startsWith('/graphql-errors')) {
        response.end(JSON.stringify({ data: null, errors: [{ errorType: 'BadRequest', message: 'nope' }] }));
      } else if (request.url?.startsWith('/unavailable')) {
        response.statusCode = 503;
        response.end('Service Unavailable');
      } else {
        response.end(JSON.stringify({ data: { echo: parsed.variables.input?.text } }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('AppSyncClient', () => {
  it('sends a SigV4-signed GraphQL POST that the server can verify', async () => {
    const client = new AppSyncClient({ url: `${baseUrl}/graphql`, region: REGION, credentials: CREDENTIALS });
    const text = 'héllo "world" 😀';
    const data = await client.request<{ echo: string }>('mutation M($input: In!) { m(input: $input) { x } }', { input: { text } });
    expect(data).toEqual({ echo: text });
    expect(seen.at(-1)).toEqual({ path: '/graphql', body: { query: expect.stringContaining('mutation M'), variables: { input: { text } } } });
  });

  it('signs the query string too', async () => {
    const client = new AppSyncClient({ url: `${baseUrl}/graphql?b=2&a=x%20y`, region: REGION, credentials: CREDENTIALS });
    await expect(client.request('query { x }', {})).resolves.toEqual({});
  });

  it('is rejected when the signature is wrong', async () => {
    const client = new AppSyncClient({ url: `${baseUrl}/graphql`, region: REGION, credentials: { ...CREDENTIALS, secretAccessKey: 'wrong' } });
    const error = await client.request('query { x }', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphQLResponseError);
    expect(error).toMatchObject({ status: 401, errorType: 'UnauthorizedException', message: expect.stringContaining('signature mismatch') });
  });

  it('treats GraphQL errors in a 200 response as errors', async () => {
    const client = new AppSyncClient({ url: `${baseUrl}/graphql-errors`, region: REGION, credentials: CREDENTIALS });
    await expect(client.request('query { x }', {})).rejects.toMatchObject({ name: 'GraphQLResponseError', errorType: 'BadRequest', status: 200 });
  });

  it('reports a non-JSON 5xx as a retryable HTTP error', async () => {
    const client = new AppSyncClient({ url: `${baseUrl}/unavailable`, region: REGION, credentials: CREDENTIALS });
    const error = await client.request('query { x }', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppSyncHttpError);
    expect((error as AppSyncHttpError).retryable).toBe(true);
  });
});
