// The client's SigV4 against an independent implementation of the algorithm (node:crypto),
// for the three requests AppSync signs: HTTP POST, real-time connect and real-time start.
import { createHash, createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAuthorizer } from './auth.js';
import { createRequestSigner } from './sigv4.js';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const region = 'eu-west-1';

/** What AWS computes for a POST with these headers (names lowercased), path and body. */
function expectedSignature(headers: Record<string, string>, path: string, body: string, secret = credentials.secretAccessKey): string {
  const amzDate = headers['x-amz-date']!;
  const day = amzDate.slice(0, 8);
  const names = /SignedHeaders=([^,]+)/.exec(headers['authorization']!)![1]!.split(';');
  const canonicalHeaders = names.map((name) => `${name}:${headers[name]!.trim()}\n`).join('');
  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
  const canonicalRequest = ['POST', path, '', canonicalHeaders, names.join(';'), sha256(body)].join('\n');
  const scope = `${day}/${region}/appsync/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
  const hmac = (key: string | Buffer, text: string) => createHmac('sha256', key).update(text).digest();
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, day), region), 'appsync'), 'aws4_request');
  return createHmac('sha256', key).update(stringToSign).digest('hex');
}

const signatureOf = (headers: Record<string, string>) => /Signature=([0-9a-f]{64})/.exec(headers['authorization'] ?? '')?.[1];

describe('SigV4 for AppSync', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-22T10:20:30.456Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('signs a POST over host, date and the given headers, with a correct signature', async () => {
    const sign = createRequestSigner(region, credentials);
    const body = '{"query":"{ __typename }","variables":{}}';
    const headers = await sign({ url: 'https://example.appsync-api.eu-west-1.amazonaws.com/graphql', body, headers: { 'content-type': 'application/json' } });
    expect(headers['host']).toBe('example.appsync-api.eu-west-1.amazonaws.com');
    expect(headers['x-amz-date']).toBe('20261122T102030Z');
    expect(headers['authorization']).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20261122\/eu-west-1\/appsync\/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=[0-9a-f]{64}$/,
    );
    expect(signatureOf(headers)).toBe(expectedSignature(headers, '/graphql', body));
    expect(signatureOf(headers)).not.toBe(expectedSignature(headers, '/graphql', `${body} `));
    expect(headers).not.toHaveProperty('x-amz-security-token');
  });

  it('signs the session token of temporary credentials and calls a credentials function per signature', async () => {
    const provider = vi.fn(async () => ({ ...credentials, sessionToken: 'session-token' }));
    const sign = createRequestSigner(region, provider);
    const headers = await sign({ url: 'http://127.0.0.1:4000/graphql', body: '{}', headers: {} });
    await sign({ url: 'http://127.0.0.1:4000/graphql', body: '{}', headers: {} });
    expect(provider).toHaveBeenCalledTimes(2);
    expect(headers['x-amz-security-token']).toBe('session-token');
    expect(headers['host']).toBe('127.0.0.1:4000');
    expect(headers['authorization']).toContain('SignedHeaders=host;x-amz-date;x-amz-security-token,');
    expect(signatureOf(headers)).toBe(expectedSignature(headers, '/graphql', '{}'));
  });

  it('IAM auth: HTTP signs the body to /graphql and sends no host; the handshake signs {} to /graphql/connect; a start signs its data to /graphql', async () => {
    const authorizer = createAuthorizer({ type: 'iam', region, credentials }, 'http://127.0.0.1:4000/graphql');
    const body = '{"query":"mutation { x }","variables":{"a":1}}';

    const http = await authorizer.http(body);
    expect(http).not.toHaveProperty('host');
    expect(http['content-type']).toBe('application/json; charset=UTF-8');
    expect(signatureOf(http)).toBe(expectedSignature({ ...http, host: '127.0.0.1:4000' }, '/graphql', body));

    const handshake = await authorizer.handshake();
    expect(handshake).toMatchObject({
      accept: 'application/json, text/javascript',
      'content-encoding': 'amz-1.0',
      'content-type': 'application/json; charset=UTF-8',
      host: '127.0.0.1:4000',
    });
    expect(handshake['authorization']).toContain('SignedHeaders=accept;content-encoding;content-type;host;x-amz-date,');
    expect(signatureOf(handshake)).toBe(expectedSignature(handshake, '/graphql/connect', '{}'));

    const start = await authorizer.start(body);
    expect(signatureOf(start)).toBe(expectedSignature(start, '/graphql', body));
  });
});
