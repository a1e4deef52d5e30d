// What an advert left behind, seen from a test: the owner's id and the images in the sandbox's S3.
import { createHash } from 'node:crypto';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { sandbox, type TestUser } from './sandbox-context.js';

/** The Cognito `sub` of a sandbox user, read from its token (the owner the API stores). */
export function subOf(user: TestUser): string {
  const payload = sandbox().tokens[user].split('.')[1] ?? '';
  return (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub: string }).sub;
}

/** The sandbox's S3, as a test sees it: the images bucket and a signed client. */
export function imagesBucket() {
  const s = sandbox();
  const bucket = Object.entries(s.buckets).find(([logicalId]) => logicalId.startsWith('AdvertsAdvertImagesBucket'))?.[1];
  if (!bucket) throw new Error(`no adverts images bucket in ${JSON.stringify(s.buckets)}`);
  const client = new S3Client({ endpoint: s.s3Url, forcePathStyle: true, region: s.region, credentials: s.iam });
  return {
    bucket,
    async keys(prefix: string): Promise<string[]> {
      const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
      return (listed.Contents ?? []).map((object) => object.Key ?? '');
    },
    async bytes(key: string): Promise<Buffer> {
      const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return Buffer.from(await object.Body!.transformToByteArray());
    },
    close: () => client.destroy(),
  };
}

export const sha256Hex = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
