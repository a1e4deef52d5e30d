// The template's S3 buckets on the local store, on their own loopback port: every path there is
// S3's, so a wrong bucket name gets S3's NoSuchBucket rather than the AppSync server's 404, and
// no bucket name can shadow a route of the sandbox's port.
import { startS3Local, type S3Local } from '../s3/index.js';
import type { BucketDefinition } from '../template/model.js';

export interface SandboxS3Options {
  buckets: readonly BucketDefinition[];
  host: string;
  region: string;
  /** The sandbox's credentials: the Lambdas sign with them, and so may tests. */
  credentials: { accessKeyId: string; secretAccessKey: string };
  log: (line: string) => void;
}

export interface SandboxS3 {
  store: S3Local;
  /** Local bucket names by logical id (what a Ref to the bucket resolves to). */
  buckets: Record<string, string>;
  /** What the Lambdas need to reach the store: the SDK's endpoint variable and our path-style flag. */
  lambdaEnvironment: { AWS_ENDPOINT_URL_S3: string; S3_FORCE_PATH_STYLE: 'true' };
}

export async function startSandboxS3(options: SandboxS3Options): Promise<SandboxS3> {
  const store = await startS3Local({
    buckets: options.buckets.map((bucket) => bucket.bucketName),
    credentials: [options.credentials],
    region: options.region,
    host: options.host,
    log: options.log,
  });
  for (const bucket of options.buckets) {
    if (bucket.ignoredProperties.length > 0) options.log(`s3 ${bucket.logicalId}: not emulated: ${bucket.ignoredProperties.join(', ')}`);
  }
  return {
    store,
    buckets: Object.fromEntries(options.buckets.map((bucket) => [bucket.logicalId, bucket.bucketName])),
    lambdaEnvironment: { AWS_ENDPOINT_URL_S3: store.url, S3_FORCE_PATH_STYLE: 'true' },
  };
}
