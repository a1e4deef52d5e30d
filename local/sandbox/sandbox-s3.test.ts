import { ListObjectsV2Command, NoSuchBucket, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS, SANDBOX_REGION } from './constants.js';
import { startSandboxS3, type SandboxS3 } from './sandbox-s3.js';

const logged: string[] = [];
let s3: SandboxS3;

beforeAll(async () => {
  s3 = await startSandboxS3({
    buckets: [{ logicalId: 'ImagesBucket1234', bucketName: 'imagesbucket1234', ignoredProperties: ['BucketEncryption'] }],
    host: '127.0.0.1',
    region: SANDBOX_REGION,
    credentials: SANDBOX_CREDENTIALS,
    log: (line) => logged.push(line),
  });
});
afterAll(() => s3.store.close());

it('gives the Lambdas an S3 endpoint and path-style flag, and maps logical ids to bucket names', () => {
  expect(s3.lambdaEnvironment).toEqual({ AWS_ENDPOINT_URL_S3: s3.store.url, S3_FORCE_PATH_STYLE: 'true' });
  expect(s3.store.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(s3.buckets).toEqual({ ImagesBucket1234: 'imagesbucket1234' });
  expect(logged).toContain('s3 ImagesBucket1234: not emulated: BucketEncryption');
});

it('serves the bucket to an S3Client configured like a Lambda (AWS_ENDPOINT_URL_S3) with the sandbox credentials', async () => {
  // The SDK reads the variable when it first resolves the endpoint (at send), not at construction.
  const saved = process.env.AWS_ENDPOINT_URL_S3;
  process.env.AWS_ENDPOINT_URL_S3 = s3.lambdaEnvironment.AWS_ENDPOINT_URL_S3;
  const client = new S3Client({ region: SANDBOX_REGION, credentials: SANDBOX_CREDENTIALS, forcePathStyle: true });
  try {
    await client.send(new PutObjectCommand({ Bucket: 'imagesbucket1234', Key: 'adverts/alice/01H/0.png', Body: 'png', ContentType: 'image/png' }));
    const listed = await client.send(new ListObjectsV2Command({ Bucket: 'imagesbucket1234', Prefix: 'adverts/alice/' }));
    expect(listed.Contents?.map((object) => object.Key)).toEqual(['adverts/alice/01H/0.png']);
    await expect(client.send(new ListObjectsV2Command({ Bucket: 'not-in-the-template' }))).rejects.toBeInstanceOf(NoSuchBucket);
  } finally {
    client.destroy();
    if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_S3;
    else process.env.AWS_ENDPOINT_URL_S3 = saved;
  }
});

it('refuses requests not signed with the sandbox credentials', async () => {
  const client = new S3Client({ endpoint: s3.store.url, forcePathStyle: true, region: SANDBOX_REGION, credentials: { accessKeyId: 'AKIAOTHER', secretAccessKey: 'other' } });
  const error = await client.send(new ListObjectsV2Command({ Bucket: 'imagesbucket1234' })).catch((e: unknown) => e);
  client.destroy();
  expect(error).toBeInstanceOf(S3ServiceException);
  expect((error as S3ServiceException).name).toBe('InvalidAccessKeyId');
});
