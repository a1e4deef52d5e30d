// HTTP data source: { method, resourcePath, params: { query, headers, body } } sent to the data source's
// endpoint (or the local stand-in services.localEndpointFor names), SigV4-signed when the data source has
// an IAM signing config. ctx.result is { statusCode, headers, body }: a 4xx/5xx answer is a result, not an error.
// https://docs.aws.amazon.com/appsync/latest/devguide/resolver-reference-http-js.html
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { NodeSha256 } from '../../node-sha256.js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { DataSourceDefinition, DataSourceServices } from '../../types.js';
import { DataSourceError, InvalidRequestError } from '../errors.js';

type HttpDataSource = Extract<DataSourceDefinition, { type: 'HTTP' }>;

export interface HttpResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
/** Headers a request handler may not set. */
const RESERVED_HEADERS = new Set(['host', 'connection', 'user-agent', 'expect', 'expectation', 'transfer-encoding', 'transfer_encoding', 'content-length', 'content_length']);
/** AppSync stops waiting for a data source after 30 s. */
const TIMEOUT_MS = 30_000;

export async function invokeHttp(services: DataSourceServices, dataSource: HttpDataSource, request: Record<string, unknown>): Promise<HttpResult> {
  const method = String(request.method ?? '').toUpperCase();
  if (!METHODS.has(method)) throw new InvalidRequestError(`HTTP method must be one of ${[...METHODS].join(', ')}, got '${String(request.method)}'`);
  const resourcePath = request.resourcePath;
  if (typeof resourcePath !== 'string' || !resourcePath.startsWith('/')) {
    throw new InvalidRequestError(`resourcePath must be a string starting with '/', got ${JSON.stringify(resourcePath)}`);
  }
  const params = (request.params ?? {}) as { query?: Record<string, unknown>; headers?: Record<string, unknown>; body?: unknown };
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(params.headers ?? {})) {
    if (RESERVED_HEADERS.has(name.toLowerCase())) throw new InvalidRequestError(`The HTTP header '${name}' cannot be set`);
    headers[name.toLowerCase()] = String(value);
  }
  const query: Record<string, string> = {};
  for (const [name, value] of Object.entries(params.query ?? {})) query[name] = typeof value === 'string' ? value : JSON.stringify(value);
  const body = params.body === undefined || params.body === null ? '' : typeof params.body === 'string' ? params.body : JSON.stringify(params.body);

  const original = new URL(dataSource.endpoint);
  const target = new URL(services.localEndpointFor?.(dataSource.endpoint) ?? dataSource.endpoint);
  const path = `${target.pathname.replace(/\/$/, '')}${resourcePath}`;
  // The local stand-in verifies the signature AWS would: over the service's own host.
  headers['host'] = original.host;
  const signed = dataSource.signingRegion && dataSource.signingServiceName ? await sign(services, dataSource, { method, original, path, query, headers, body }) : headers;

  const url = new URL(target.origin);
  url.pathname = path;
  for (const [name, value] of Object.entries(query)) url.searchParams.append(name, value);
  try {
    return await send(url, method, signed, body);
  } catch (error) {
    throw new DataSourceError(`HTTP request to ${original.host} failed: ${(error as Error).message}`, 'HttpRequestException', null, { cause: error });
  }
}

async function sign(
  services: DataSourceServices,
  dataSource: HttpDataSource,
  request: { method: string; original: URL; path: string; query: Record<string, string>; headers: Record<string, string>; body: string },
): Promise<Record<string, string>> {
  const credentials = services.signingCredentials;
  if (!credentials) throw new InvalidRequestError(`Data source '${dataSource.name}' signs its requests, but the runtime has no signing credentials`);
  const signer = new SignatureV4({
    credentials,
    region: dataSource.signingRegion ?? '',
    service: dataSource.signingServiceName ?? '',
    sha256: NodeSha256,
    applyChecksum: false,
  });
  const signed = await signer.sign(
    new HttpRequest({
      method: request.method,
      protocol: request.original.protocol,
      hostname: request.original.hostname,
      path: request.path,
      query: request.query,
      headers: request.headers,
      body: request.body,
    }),
  );
  return Object.fromEntries(Object.entries(signed.headers).map(([name, value]) => [name, String(value)]));
}

function send(url: URL, method: string, headers: Record<string, string>, body: string): Promise<HttpResult> {
  const requestFn = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = requestFn(url, { method, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, timeout: TIMEOUT_MS }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () =>
        resolve({ statusCode: response.statusCode ?? 0, headers: flattenHeaders(response.headers), body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)));
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  return flat;
}
