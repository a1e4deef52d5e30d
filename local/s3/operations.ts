// The S3 operations this store serves, each from a parsed request to a response.
import { randomUUID } from 'node:crypto';
import { checkContentMd5, checkFlexibleChecksums, md5Hex } from './checksums.js';
import { invalidRequest, noSuchKey, S3Error } from './errors.js';
import type { ObjectStore, StoredObject } from './object-store.js';
import { parseRange } from './range.js';
import type { UploadBody } from './request-body.js';
import { parseDeleteRequest, renderXml, type XmlNode } from './xml.js';

export interface S3Request {
  method: string;
  bucket: string;
  /** Decoded key; '' for bucket-level requests. */
  key: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
}

export interface S3Response {
  status: number;
  headers: Record<string, string>;
  body?: Buffer | string;
}

/** Headers S3 stores with an object and returns on GET/HEAD. */
const CONTENT_HEADERS = ['content-type', 'cache-control', 'content-disposition', 'content-language', 'expires'];
const META_PREFIX = 'x-amz-meta-';
const MAX_KEYS_LIMIT = 1000;

const text = (headers: S3Request['headers'], name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
};

export function putObject(store: ObjectStore, request: S3Request, upload: UploadBody): S3Response {
  if (!request.key) throw invalidRequest('A key is required.');
  checkContentMd5(upload.bytes, text(request.headers, 'content-md5'));
  const checksums = checkFlexibleChecksums(upload.bytes, request.headers, upload.trailers);
  const contentHeaders: Record<string, string> = { 'content-type': 'binary/octet-stream' };
  for (const name of CONTENT_HEADERS) {
    const value = text(request.headers, name);
    if (value !== undefined) contentHeaders[name] = value;
  }
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (name.startsWith(META_PREFIX) && typeof value === 'string') metadata[name.slice(META_PREFIX.length)] = value;
  }
  const object: StoredObject = {
    key: request.key,
    bytes: upload.bytes,
    etag: `"${md5Hex(upload.bytes)}"`,
    lastModified: new Date(Math.floor(Date.now() / 1000) * 1000),
    contentHeaders,
    metadata,
    checksums,
  };
  store.put(request.bucket, object);
  return { status: 200, headers: { etag: object.etag, ...checksumHeaders(checksums) } };
}

export function getObject(store: ObjectStore, request: S3Request, headOnly: boolean): S3Response {
  const object = store.get(request.bucket, request.key);
  if (!object) throw noSuchKey(request.key);
  const size = object.bytes.length;
  const range = parseRange(text(request.headers, 'range'), size);
  const headers: Record<string, string> = {
    ...object.contentHeaders,
    etag: object.etag,
    'last-modified': object.lastModified.toUTCString(),
    'accept-ranges': 'bytes',
  };
  for (const [name, value] of Object.entries(object.metadata)) headers[`${META_PREFIX}${name}`] = value;
  if (!range && text(request.headers, 'x-amz-checksum-mode') === 'ENABLED') Object.assign(headers, checksumHeaders(object.checksums));
  const bytes = range ? object.bytes.subarray(range.start, range.end + 1) : object.bytes;
  if (range) headers['content-range'] = `bytes ${range.start}-${range.end}/${size}`;
  headers['content-length'] = String(bytes.length);
  return { status: range ? 206 : 200, headers, ...(headOnly ? {} : { body: bytes }) };
}

export function deleteObject(store: ObjectStore, request: S3Request): S3Response {
  store.delete(request.bucket, request.key);
  return { status: 204, headers: {} };
}

export function deleteObjects(store: ObjectStore, request: S3Request, body: Buffer): S3Response {
  checkContentMd5(body, text(request.headers, 'content-md5'));
  checkFlexibleChecksums(body, request.headers);
  const parsed = parseDeleteRequest(body.toString('utf8'));
  if (!parsed) throw new S3Error(400, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
  if (parsed.keys.length > 1000) throw new S3Error(400, 'MalformedXML', 'A DeleteObjects request may name at most 1000 keys.');
  for (const key of parsed.keys) store.delete(request.bucket, key);
  const deleted: XmlNode[] = parsed.quiet ? [] : parsed.keys.map((key) => ['Deleted', [['Key', key]]]);
  return xml(renderXml('DeleteResult', deleted));
}

export function listObjectsV2(store: ObjectStore, request: S3Request): S3Response {
  const { query } = request;
  const prefix = query.get('prefix') ?? '';
  const delimiter = query.get('delimiter') || undefined;
  const maxKeysText = query.get('max-keys');
  const maxKeys = maxKeysText === null ? MAX_KEYS_LIMIT : Number(maxKeysText);
  if (!Number.isInteger(maxKeys) || maxKeys < 0) throw new S3Error(400, 'InvalidArgument', 'Provided max-keys not an integer or within integer range');
  const continuationToken = query.get('continuation-token') ?? undefined;
  const startAfter = query.get('start-after') ?? undefined;
  const after = continuationToken !== undefined ? decodeToken(continuationToken) : startAfter;
  const page = store.list(request.bucket, { prefix, delimiter, after, maxKeys: Math.min(maxKeys, MAX_KEYS_LIMIT) });
  const urlEncoded = query.get('encoding-type') === 'url';
  const encode = (value: string) => (urlEncoded ? encodeURIComponent(value) : value);
  const children: XmlNode[] = [
    ['Name', request.bucket],
    ['Prefix', encode(prefix)],
    ...(delimiter ? [['Delimiter', encode(delimiter)] as XmlNode] : []),
    ...(startAfter !== undefined ? [['StartAfter', encode(startAfter)] as XmlNode] : []),
    ['KeyCount', page.objects.length + page.commonPrefixes.length],
    ['MaxKeys', maxKeys],
    ...(urlEncoded ? [['EncodingType', 'url'] as XmlNode] : []),
    ['IsTruncated', page.nextMarker !== undefined],
    ...(continuationToken !== undefined ? [['ContinuationToken', continuationToken] as XmlNode] : []),
    ...(page.nextMarker !== undefined ? [['NextContinuationToken', encodeToken(page.nextMarker)] as XmlNode] : []),
    ...page.objects.map(
      (object): XmlNode => [
        'Contents',
        [
          ['Key', encode(object.key)],
          ['LastModified', object.lastModified.toISOString()],
          ['ETag', object.etag],
          ['Size', object.bytes.length],
          ['StorageClass', 'STANDARD'],
        ],
      ],
    ),
    ...page.commonPrefixes.map((commonPrefix): XmlNode => ['CommonPrefixes', [['Prefix', encode(commonPrefix)]]]),
  ];
  return xml(renderXml('ListBucketResult', children));
}

export function headBucket(): S3Response {
  return { status: 200, headers: {} };
}

/** Continuation tokens are opaque to clients; this one is the last key listed. */
const encodeToken = (key: string): string => Buffer.from(key, 'utf8').toString('base64url');

function decodeToken(token: string): string {
  const key = Buffer.from(token, 'base64url').toString('utf8');
  if (encodeToken(key) !== token) throw new S3Error(400, 'InvalidArgument', 'The continuation token provided is incorrect');
  return key;
}

const checksumHeaders = (checksums: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(checksums).map(([algorithm, value]) => [`x-amz-checksum-${algorithm}`, value]));

const xml = (body: string): S3Response => ({ status: 200, headers: { 'content-type': 'application/xml' }, body });

export const newRequestId = (): string => randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase();
