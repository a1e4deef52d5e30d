import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3Local, type S3Local } from './index.js';

const credentials = { accessKeyId: 'LOCALKEY', secretAccessKey: 'local-secret' };
const region = 'us-east-1';
const BUCKET = 'advert-images';
const PNG_HEADER = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const clientFor = (endpoint: string, creds = credentials) => new S3Client({ endpoint, forcePathStyle: true, region, credentials: creds });

let s3Local: S3Local;
let s3: S3Client;

beforeAll(async () => {
  s3Local = await startS3Local({ buckets: [BUCKET, 'other'], credentials: [credentials], region });
  s3 = clientFor(s3Local.url);
});

afterAll(async () => {
  s3.destroy();
  await s3Local.close();
});

describe('objects through the real S3Client', () => {
  it('round-trips binary bytes with content type and metadata, and heads them', async () => {
    const bytes = Buffer.concat([PNG_HEADER, randomBytes(4096)]);
    const key = 'adverts/01H/hero image+1.png';
    const put = await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: bytes, ContentType: 'image/png', Metadata: { 'advert-id': 'a1' } }));
    expect(put.ETag).toMatch(/^"[0-9a-f]{32}"$/);

    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(bytes)).toBe(true);
    expect(got.ContentType).toBe('image/png');
    expect(got.Metadata).toEqual({ 'advert-id': 'a1' });
    expect(got.ETag).toBe(put.ETag);

    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
    expect(head.ContentLength).toBe(bytes.length);
    expect(head.ContentType).toBe('image/png');
    expect(s3Local.objects(BUCKET)).toContainEqual({ key, size: bytes.length, contentType: 'image/png' });
  });

  it('signs and stores keys with characters S3 encodes specially', async () => {
    const key = "odd/ünï (copy)!*'~ 100%.png";
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: 'x' }));
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'odd/' }));
    expect(listed.Contents?.map((c) => c.Key)).toEqual([key]);
    await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: key }));
    expect(s3Local.objects(BUCKET).some((o) => o.key === key)).toBe(false);
  });

  it('accepts a streamed upload (aws-chunked with a CRC32 trailer)', async () => {
    const { Readable } = await import('node:stream');
    const parts = [randomBytes(1000), randomBytes(2000)];
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'streamed.bin', Body: Readable.from(parts), ContentLength: 3000 }));
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'streamed.bin' }));
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(Buffer.concat(parts))).toBe(true);
  });

  it('serves a byte range and rejects an unsatisfiable one', async () => {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'range.txt', Body: 'abcdefghij' }));
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'range.txt', Range: 'bytes=2-4' }));
    expect(await got.Body!.transformToString()).toBe('cde');
    expect(got.ContentRange).toBe('bytes 2-4/10');
    const error = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'range.txt', Range: 'bytes=20-' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(S3ServiceException);
    expect((error as S3ServiceException).name).toBe('InvalidRange');
    expect((error as S3ServiceException).$metadata.httpStatusCode).toBe(416);
  });

  it('rejects a Content-MD5 that does not match', async () => {
    const error = await s3
      .send(new PutObjectCommand({ Bucket: BUCKET, Key: 'md5.txt', Body: 'hello', ContentMD5: Buffer.alloc(16).toString('base64') }))
      .catch((e: unknown) => e);
    expect((error as S3ServiceException).name).toBe('BadDigest');
  });

  it('deletes one object and answers NoSuchKey / NotFound afterwards', async () => {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'gone.txt', Body: 'x' }));
    await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'gone.txt' }));
    await expect(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'gone.txt' }))).rejects.toBeInstanceOf(NoSuchKey);
    await expect(s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'gone.txt' }))).rejects.toBeInstanceOf(NotFound);
  });

  it('deletes a batch', async () => {
    const keys = ['batch/a', 'batch/b & <c>', 'batch/c'];
    for (const key of keys) await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: key }));
    const result = await s3.send(new DeleteObjectsCommand({ Bucket: BUCKET, Delete: { Objects: keys.slice(0, 2).map((Key) => ({ Key })) } }));
    expect(result.Deleted?.map((d) => d.Key).sort()).toEqual(keys.slice(0, 2).sort());
    expect(s3Local.objects(BUCKET).filter((o) => o.key.startsWith('batch/')).map((o) => o.key)).toEqual(['batch/c']);
  });

  it('lists with a prefix, pages with continuation tokens and rolls up with a delimiter', async () => {
    const keys = ['list/1', 'list/2', 'list/3', 'list/4', 'list/5', 'list/sub/x', 'other/1'];
    for (const key of keys) await s3.send(new PutObjectCommand({ Bucket: 'other', Key: key, Body: 'x' }));
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: 'other', Prefix: 'list/', MaxKeys: 2, ContinuationToken: token }));
      seen.push(...(page.Contents ?? []).map((c) => c.Key!));
      expect(page.KeyCount).toBe(page.Contents?.length ?? 0);
      token = page.NextContinuationToken;
      expect(page.IsTruncated).toBe(token !== undefined);
      pages += 1;
    } while (token);
    expect(seen).toEqual(keys.slice(0, 6));
    expect(pages).toBe(3);

    const rolled = await s3.send(new ListObjectsV2Command({ Bucket: 'other', Prefix: 'list/', Delimiter: '/' }));
    expect(rolled.Contents?.map((c) => c.Key)).toEqual(keys.slice(0, 5));
    expect(rolled.CommonPrefixes).toEqual([{ Prefix: 'list/sub/' }]);
  });

  it('answers NoSuchBucket for an unknown bucket', async () => {
    await expect(s3.send(new ListObjectsV2Command({ Bucket: 'missing' }))).rejects.toMatchObject({ name: 'NoSuchBucket' });
  });

  it('refuses objects over 10 MB', async () => {
    const error = await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'big', Body: Buffer.alloc(10 * 1024 * 1024 + 1) })).catch((e: unknown) => e);
    expect((error as S3ServiceException).name).toBe('EntityTooLarge');
  });
});

describe('authentication', () => {
  it('rejects a wrong secret with SignatureDoesNotMatch and an unknown key with InvalidAccessKeyId', async () => {
    const wrongSecret = clientFor(s3Local.url, { ...credentials, secretAccessKey: 'nope' });
    const unknownKey = clientFor(s3Local.url, { accessKeyId: 'OTHER', secretAccessKey: 'nope' });
    await expect(wrongSecret.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'x', Body: 'x' }))).rejects.toMatchObject({
      name: 'SignatureDoesNotMatch',
      $metadata: { httpStatusCode: 403 },
    });
    await expect(unknownKey.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'x' }))).rejects.toMatchObject({ name: 'InvalidAccessKeyId' });
    expect(s3Local.objects(BUCKET).some((o) => o.key === 'x')).toBe(false);
  });

  it('rejects a signature for another region with AuthorizationHeaderMalformed', async () => {
    const elsewhere = new S3Client({ endpoint: s3Local.url, forcePathStyle: true, region: 'eu-west-1', credentials });
    await expect(elsewhere.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'x' }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 400 } });
    await expect(elsewhere.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'x' }))).rejects.toMatchObject({ name: 'AuthorizationHeaderMalformed' });
    elsewhere.destroy();
  });

  it('rejects an unsigned request with AccessDenied', async () => {
    const response = await fetch(`${s3Local.url}/${BUCKET}/anything`);
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('<Code>AccessDenied</Code>');
  });

  it('serves a presigned GET until it expires', async () => {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'shown image.png', Body: PNG_HEADER, ContentType: 'image/png' }));
    const url = await presignGet(s3Local.url, BUCKET, 'shown image.png', 60);
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await response.arrayBuffer()).equals(PNG_HEADER)).toBe(true);

    const tampered = url.replace('shown%20image.png', 'other.png');
    expect((await fetch(tampered)).status).toBe(403);

    const expired = await presignGet(s3Local.url, BUCKET, 'shown image.png', 1, new Date(Date.now() - 5_000));
    const refused = await fetch(expired);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('Request has expired');
  });
});

describe('mounted on a shared server', () => {
  let shared: Server;
  let sharedUrl: string;

  beforeAll(async () => {
    shared = createServer((req, res) => {
      void s3Local.handle(req, res).then((handled) => {
        if (!handled) res.writeHead(200, { 'content-type': 'text/plain' }).end(`app:${req.url}`);
      });
    });
    await new Promise<void>((resolve) => shared.listen(0, '127.0.0.1', resolve));
    sharedUrl = `http://127.0.0.1:${(shared.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    shared.closeAllConnections();
    await new Promise((resolve) => shared.close(resolve));
  });

  it('answers S3 requests for its buckets and leaves other paths alone', async () => {
    const client = clientFor(sharedUrl);
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'mounted.txt', Body: 'via shared port' }));
    const got = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'mounted.txt' }));
    expect(await got.Body!.transformToString()).toBe('via shared port');
    const listed = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'mounted' }));
    expect(listed.Contents?.map((c) => c.Key)).toEqual(['mounted.txt']);
    client.destroy();

    for (const path of ['/graphql', `/${BUCKET}`, '/missing-bucket/key', '/']) {
      const response = await fetch(`${sharedUrl}${path}`);
      expect(await response.text()).toBe(`app:${path}`);
    }
  });
});

/** What @aws-sdk/s3-request-presigner does (it is not installed): sign the query, payload UNSIGNED. */
async function presignGet(endpoint: string, bucket: string, key: string, expiresIn: number, signingDate = new Date()): Promise<string> {
  const base = new URL(endpoint);
  const signer = new SignatureV4({ credentials, region, service: 's3', sha256: Sha256, uriEscapePath: false });
  const path = `/${bucket}/${encodeURIComponent(key)}`;
  const request = new HttpRequest({
    method: 'GET',
    protocol: base.protocol,
    hostname: base.hostname,
    port: Number(base.port),
    path,
    query: { 'x-id': 'GetObject' },
    headers: { host: base.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
  });
  const presigned = await signer.presign(request, {
    expiresIn,
    signingDate,
    unhoistableHeaders: new Set(['x-amz-content-sha256']),
    unsignableHeaders: new Set(['x-amz-content-sha256']),
  });
  const query = new URLSearchParams(presigned.query as Record<string, string>).toString().replace(/\+/g, '%20');
  return `${endpoint}${path}?${query}`;
}
