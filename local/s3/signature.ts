// Verifies S3's flavour of AWS Signature Version 4, in the Authorization header or in a presigned
// URL's query string. S3 differs from other services: the path is encoded once and not normalised,
// and the payload hash is whatever x-amz-content-sha256 says (UNSIGNED-PAYLOAD, STREAMING-...).
// https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { accessDenied, invalidRequest, S3Error, signatureDoesNotMatch } from './errors.js';

export interface S3Credential {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface RequestToVerify {
  method: string;
  /** The path as received (percent-encoded). */
  rawPath: string;
  /** Decoded query parameters in received order. */
  query: Array<[string, string]>;
  /** Lowercased header names. */
  headers: Record<string, string | string[] | undefined>;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';
const MAX_SKEW_MS = 15 * 60 * 1000;
const MAX_PRESIGNED_SECONDS = 7 * 24 * 60 * 60;
const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;
const CREDENTIAL = /^([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request$/;

export const isPresigned = (query: Array<[string, string]>): boolean => query.some(([name]) => name === 'X-Amz-Signature');

export interface SignatureRules {
  credentials: readonly S3Credential[];
  /** The one region this store lives in; S3 rejects a scope for another region. */
  region: string;
}

/** Returns the credential that signed the request, or throws S3's 400/403 errors. */
export function verifyS3Signature(request: RequestToVerify, rules: SignatureRules, now = Date.now()): S3Credential {
  return isPresigned(request.query) ? verifyPresigned(request, rules, now) : verifyHeader(request, rules, now);
}

function verifyHeader(request: RequestToVerify, { credentials, region: expectedRegion }: SignatureRules, now: number): S3Credential {
  const authorization = header(request, 'authorization');
  if (!authorization) throw accessDenied();
  const match = AUTHORIZATION.exec(authorization.trim());
  if (!match) throw invalidRequest('The authorization header is malformed.');
  const [, accessKeyId, shortDate, region, service, signedHeaders, signature] = match as unknown as string[] as [string, string, string, string, string, string, string];
  const credential = findCredential(credentials, accessKeyId);
  checkScope(region, service, expectedRegion);
  const amzDate = header(request, 'x-amz-date') ?? '';
  const signedAt = parseAmzDate(amzDate);
  if (!signedAt || !amzDate.startsWith(shortDate)) throw accessDenied('AWS authentication requires a valid Date or x-amz-date header');
  if (Math.abs(now - signedAt) > MAX_SKEW_MS) {
    throw new S3Error(403, 'RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.');
  }
  const payloadHash = header(request, 'x-amz-content-sha256');
  if (!payloadHash) throw invalidRequest('Missing required header for this request: x-amz-content-sha256');
  const scope = { accessKeyId, shortDate, region, service };
  const canonical = canonicalRequest(request, request.query, signedHeaders, payloadHash);
  checkSignature(credential, scope, amzDate, canonical, signature);
  return credential;
}

function verifyPresigned(request: RequestToVerify, { credentials, region: expectedRegion }: SignatureRules, now: number): S3Credential {
  const param = (name: string) => request.query.find(([key]) => key === name)?.[1];
  if (param('X-Amz-Algorithm') !== ALGORITHM) throw invalidRequest('X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"');
  const credentialMatch = CREDENTIAL.exec(param('X-Amz-Credential') ?? '');
  const amzDate = param('X-Amz-Date') ?? '';
  const signedAt = parseAmzDate(amzDate);
  const expires = Number(param('X-Amz-Expires'));
  const signedHeaders = param('X-Amz-SignedHeaders') ?? '';
  const signature = param('X-Amz-Signature') ?? '';
  if (!credentialMatch || !signedAt || !Number.isInteger(expires) || !signedHeaders) {
    throw accessDenied('Query-string authentication requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.');
  }
  if (expires < 1 || expires > MAX_PRESIGNED_SECONDS) throw accessDenied('X-Amz-Expires must be between 1 and 604800 seconds');
  const [, accessKeyId, shortDate, region, service] = credentialMatch as unknown as [string, string, string, string, string];
  const credential = findCredential(credentials, accessKeyId);
  checkScope(region, service, expectedRegion);
  if (!amzDate.startsWith(shortDate)) throw signatureDoesNotMatch();
  if (now < signedAt - MAX_SKEW_MS) throw accessDenied('Request is not valid yet');
  if (now > signedAt + expires * 1000) throw accessDenied('Request has expired');
  const query = request.query.filter(([name]) => name !== 'X-Amz-Signature');
  const canonical = canonicalRequest(request, query, signedHeaders, 'UNSIGNED-PAYLOAD');
  checkSignature(credential, { accessKeyId, shortDate, region, service }, amzDate, canonical, signature);
  return credential;
}

function findCredential(credentials: readonly S3Credential[], accessKeyId: string): S3Credential {
  const credential = credentials.find((candidate) => candidate.accessKeyId === accessKeyId);
  if (!credential) {
    throw new S3Error(403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', { AWSAccessKeyId: accessKeyId });
  }
  return credential;
}

function checkScope(region: string, service: string, expectedRegion: string): void {
  if (service !== 's3') throw new S3Error(400, 'AuthorizationHeaderMalformed', `The authorization header is malformed; incorrect service "${service}". This endpoint belongs to "s3".`);
  if (region !== expectedRegion) {
    throw new S3Error(400, 'AuthorizationHeaderMalformed', `The authorization header is malformed; the region '${region}' is wrong; expecting '${expectedRegion}'`, { Region: expectedRegion });
  }
}

interface Scope {
  accessKeyId: string;
  shortDate: string;
  region: string;
  service: string;
}

function checkSignature(credential: S3Credential, scope: Scope, amzDate: string, canonical: string, signature: string): void {
  const scopeText = `${scope.shortDate}/${scope.region}/${scope.service}/aws4_request`;
  const stringToSign = [ALGORITHM, amzDate, scopeText, sha256Hex(canonical)].join('\n');
  let key: Buffer = hmac(`AWS4${credential.secretAccessKey}`, scope.shortDate);
  for (const part of [scope.region, scope.service, 'aws4_request']) key = hmac(key, part);
  const expected = Buffer.from(createHmac('sha256', key).update(stringToSign).digest('hex'));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw signatureDoesNotMatch();
}

function canonicalRequest(request: RequestToVerify, query: Array<[string, string]>, signedHeaders: string, payloadHash: string): string {
  const names = signedHeaders.split(';');
  const headerLines = names.map((name) => {
    const value = header(request, name);
    if (value === undefined) throw signatureDoesNotMatch();
    return `${name}:${value.trim().replace(/\s+/g, ' ')}\n`;
  });
  return [request.method, canonicalPath(request.rawPath), canonicalQuery(query), headerLines.join(''), signedHeaders, payloadHash].join('\n');
}

/** Decodes then re-encodes each segment so clients that encode more or less than the SDK still match. */
const canonicalPath = (rawPath: string): string => rawPath.split('/').map((segment) => uriEncode(safeDecode(segment))).join('/');

const canonicalQuery = (query: Array<[string, string]>): string =>
  query
    .map(([name, value]) => [uriEncode(name), uriEncode(value)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');

/** RFC 3986 unreserved characters stay; everything else is %XX (uppercase), as SigV4 requires. */
const uriEncode = (text: string): string =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function header(request: RequestToVerify, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');
const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data).digest();

function parseAmzDate(value: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
}
