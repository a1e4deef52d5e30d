import { DeleteObjectsCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startS3Local, type S3Local } from '../../local/s3/index.js';
import { ConfigError } from './errors.js';
import { createS3Client, deleteObjectKeys, listObjectKeys, ObjectsNotDeletedError } from './s3.js';

const region = 'us-east-1';
const credentials = { accessKeyId: 'LOCALKEY', secretAccessKey: 'local-secret' };
const BUCKET = 'advert-images';

/** The URL a GetObject would go to, captured just before sending. */
async function requestUrl(client: S3Client): Promise<{ hostname: string; path: string }> {
  const captured = new Error('captured');
  client.middlewareStack.add(
    (_next) => async (args) => {
      const request = args.request as { hostname: string; path: string };
      throw Object.assign(captured, { hostname: request.hostname, path: request.path });
    },
    { step: 'finalizeRequest', priority: 'low' },
  );
  const error = (await client.send(new GetObjectCommand({ Bucket: 'my-bucket', Key: 'a/b.png' })).catch((e: unknown) => e)) as Error & { hostname: string; path: string };
  expect(error).toBe(captured);
  return { hostname: error.hostname, path: error.path };
}

describe('createS3Client', () => {
  const config = { region, credentials };

  it('uses path-style URLs when S3_FORCE_PATH_STYLE is true', async () => {
    const client = createS3Client(config, { S3_FORCE_PATH_STYLE: 'true' });
    await expect(requestUrl(client)).resolves.toEqual({ hostname: 's3.us-east-1.amazonaws.com', path: '/my-bucket/a/b.png' });
    expect(client.config.forcePathStyle).toBe(true);
  });

  it('keeps virtual-hosted URLs when the flag is unset or false', async () => {
    for (const env of [{}, { S3_FORCE_PATH_STYLE: 'false' }]) {
      const client = createS3Client(config, env);
      await expect(requestUrl(client)).resolves.toEqual({ hostname: 'my-bucket.s3.us-east-1.amazonaws.com', path: '/a/b.png' });
    }
  });

  it('fails loudly on a flag that is neither true nor false', () => {
    expect(() => createS3Client(config, { S3_FORCE_PATH_STYLE: 'yes' })).toThrow(ConfigError);
  });
});

describe('listObjectKeys and deleteObjectKeys on the local S3 server', () => {
  let s3Local: S3Local;
  let client: S3Client;

  beforeAll(async () => {
    s3Local = await startS3Local({ buckets: [BUCKET], credentials: [credentials], region });
    client = createS3Client({ endpoint: s3Local.url, region, credentials }, { S3_FORCE_PATH_STYLE: 'true' });
  });

  afterAll(async () => {
    client?.destroy();
    await s3Local?.close();
  });

  it('lists every page under the prefix and deletes in batches of 1,000', async () => {
    const keys = Array.from({ length: 1005 }, (_, i) => `adverts/alice/A1/${String(i).padStart(4, '0')}.png`);
    for (let i = 0; i < keys.length; i += 50) {
      await Promise.all(keys.slice(i, i + 50).map((Key) => client.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: 'x' }))));
    }
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'adverts/alice/A10/0.png', Body: 'other advert' }));
    const send = vi.spyOn(client, 'send');

    const listed = await listObjectKeys(client, BUCKET, 'adverts/alice/A1/');
    expect(listed.sort()).toEqual(keys);
    await expect(deleteObjectKeys(client, BUCKET, listed)).resolves.toBe(1005);

    const deletes = send.mock.calls.map(([command]) => command).filter((command) => command instanceof DeleteObjectsCommand);
    expect(deletes.map((command) => command.input.Delete?.Objects?.length)).toEqual([1000, 5]);
    expect(s3Local.objects(BUCKET).map((o) => o.key)).toEqual(['adverts/alice/A10/0.png']);
    send.mockRestore();
  });

  it('lists nothing under an empty prefix', async () => {
    await expect(listObjectKeys(client, BUCKET, 'adverts/nobody/')).resolves.toEqual([]);
    await expect(deleteObjectKeys(client, BUCKET, [])).resolves.toBe(0);
  });
});

describe('deleteObjectKeys with per-key Errors', () => {
  const client = new S3Client({ region, credentials });
  const s3 = mockClient(client);

  it('retries the keys reported in Errors, then succeeds', async () => {
    s3.reset();
    s3.on(DeleteObjectsCommand)
      .resolvesOnce({ Errors: [{ Key: 'k2', Code: 'SlowDown' }] })
      .resolves({});
    const sleep = vi.fn(async () => undefined);
    await expect(deleteObjectKeys(client, BUCKET, ['k1', 'k2', 'k3'], { sleep, random: () => 0.5 })).resolves.toBe(3);
    const batches = s3.commandCalls(DeleteObjectsCommand).map((call) => call.args[0].input.Delete?.Objects?.map((o) => o.Key));
    expect(batches).toEqual([['k1', 'k2', 'k3'], ['k2']]);
    expect(sleep).toHaveBeenCalledTimes(1);
  });

  it('reports the keys still failing after the retries', async () => {
    s3.reset();
    s3.on(DeleteObjectsCommand).resolves({ Errors: [{ Key: 'k1', Code: 'AccessDenied', Message: 'no' }] });
    const error = await deleteObjectKeys(client, BUCKET, ['k1', 'k2'], { retries: 2, sleep: async () => undefined }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ObjectsNotDeletedError);
    expect((error as ObjectsNotDeletedError).failures).toEqual([{ key: 'k1', code: 'AccessDenied' }]);
    expect(s3.commandCalls(DeleteObjectsCommand)).toHaveLength(3);
  });
});
