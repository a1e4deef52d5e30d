// Turns node:http requests for path-style S3 URLs (/<bucket>/<key>) into store operations,
// checking the signature first and answering failures with S3's XML error documents.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHash } from 'node:crypto';
import { noSuchBucket, S3Error } from './errors.js';
import type { ObjectStore } from './object-store.js';
import {
  deleteObject,
  deleteObjects,
  getObject,
  headBucket,
  listObjectsV2,
  newRequestId,
  putObject,
  type S3Request,
  type S3Response,
} from './operations.js';
import { decodeAwsChunked, isAwsChunked, readRawBody, type UploadBody } from './request-body.js';
import { isPresigned, verifyS3Signature, type S3Credential } from './signature.js';
import { errorDocument } from './xml.js';

export interface S3HandlerOptions {
  store: ObjectStore;
  credentials: readonly S3Credential[];
  region: string;
  maxObjectBytes: number;
  /** Standalone servers answer every path; a mounted handler only its buckets' paths. */
  claimAllPaths: boolean;
  log?: (line: string) => void;
}

export type S3Handler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

const notImplemented = (what: string) => new S3Error(501, 'NotImplemented', `${what} is not implemented by the local S3 store.`);
const methodNotAllowed = () => new S3Error(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');

export function createS3Handler(options: S3HandlerOptions): S3Handler {
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const rawPath = url.pathname;
    const [, rawBucket = '', ...rawKey] = rawPath.split('/');
    const bucket = safeDecode(rawBucket);
    if (!options.claimAllPaths && !claims(options.store, bucket, rawKey.length > 0, req, url)) return false;
    const requestId = newRequestId();
    const method = req.method ?? 'GET';
    try {
      const body = method === 'PUT' || method === 'POST' ? await readRawBody(req, options.maxObjectBytes) : Buffer.alloc(0);
      verifyS3Signature({ method, rawPath, query: [...url.searchParams], headers: req.headers }, options);
      checkPayloadHash(req, body, url);
      if (!options.store.hasBucket(bucket)) throw noSuchBucket(bucket);
      const request: S3Request = { method, bucket, key: safeDecode(rawKey.join('/')), query: url.searchParams, headers: req.headers };
      const upload: UploadBody = isAwsChunked(req) ? decodeAwsChunked(body, options.maxObjectBytes) : { bytes: body, trailers: {} };
      send(res, route(options.store, request, upload), requestId, method);
      options.log?.(`s3 ${method} /${bucket}/${request.key} ${res.statusCode}`);
    } catch (error) {
      const s3Error = error instanceof S3Error ? error : new S3Error(500, 'InternalError', 'We encountered an internal error. Please try again.', {}, { cause: error });
      if (s3Error.statusCode === 500) options.log?.(`s3 internal error: ${error instanceof Error ? error.stack : String(error)}`);
      else options.log?.(`s3 ${method} ${rawPath} ${s3Error.statusCode} ${s3Error.code}`);
      const headers = { 'content-type': 'application/xml' };
      send(res, { status: s3Error.statusCode, headers, body: errorDocument(s3Error, requestId) }, requestId, method);
    }
    return true;
  };
}

function route(store: ObjectStore, request: S3Request, upload: UploadBody): S3Response {
  const { method, key, query } = request;
  if (query.has('uploads') || query.has('uploadId')) throw notImplemented('Multipart upload');
  if (!key) {
    if (method === 'HEAD') return headBucket();
    if (method === 'GET' && query.get('list-type') === '2') return listObjectsV2(store, request);
    if (method === 'GET') throw notImplemented('ListObjects (v1)');
    if (method === 'POST' && query.has('delete')) return deleteObjects(store, request, upload.bytes);
    throw methodNotAllowed();
  }
  if (method === 'PUT' && request.headers['x-amz-copy-source'] !== undefined) throw notImplemented('CopyObject');
  if (method === 'PUT') return putObject(store, request, upload);
  if (method === 'GET' || method === 'HEAD') return getObject(store, request, method === 'HEAD');
  if (method === 'DELETE') return deleteObject(store, request);
  throw methodNotAllowed();
}

/** A mounted handler answers /<bucket>/..., and /<bucket> itself only when the request is S3-signed. */
function claims(store: ObjectStore, bucket: string, hasSlashAfterBucket: boolean, req: IncomingMessage, url: URL): boolean {
  if (!store.hasBucket(bucket)) return false;
  if (hasSlashAfterBucket) return true;
  return /^AWS4-HMAC-SHA256 Credential=[^/]+\/\d{8}\/[^/]+\/s3\//.test(req.headers.authorization ?? '') || isPresigned([...url.searchParams]);
}

/** A hex x-amz-content-sha256 is a promise about the body; S3 checks it. */
function checkPayloadHash(req: IncomingMessage, body: Buffer, url: URL): void {
  const claimed = req.headers['x-amz-content-sha256'];
  if (typeof claimed !== 'string' || !/^[0-9a-f]{64}$/.test(claimed) || isPresigned([...url.searchParams])) return;
  if (createHash('sha256').update(body).digest('hex') !== claimed) {
    throw new S3Error(400, 'XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.");
  }
}

function send(res: ServerResponse, response: S3Response, requestId: string, method: string): void {
  const body = response.body === undefined ? undefined : Buffer.isBuffer(response.body) ? response.body : Buffer.from(response.body);
  const headers: Record<string, string> = { 'x-amz-request-id': requestId, ...response.headers };
  if (headers['content-length'] === undefined) headers['content-length'] = String(body?.length ?? 0);
  res.writeHead(response.status, headers);
  res.end(method === 'HEAD' ? undefined : body);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
