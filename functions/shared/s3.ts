// The S3 client every function uses, and the two bulk operations the adverts functions share.
// AWS_ENDPOINT_URL_S3 (the sandbox) is honoured by the SDK itself; S3_FORCE_PATH_STYLE=true is
// ours, because a local endpoint on 127.0.0.1 has no virtual-hosted bucket names.
import { DeleteObjectsCommand, paginateListObjectsV2, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { getEnvFlag } from './config.js';
import { retry, sleep as realSleep, type Sleep } from './retry.js';

/** DeleteObjects takes at most this many keys per request. */
export const DELETE_OBJECTS_BATCH_SIZE = 1000;

export function createS3Client(config: S3ClientConfig = {}, env: Record<string, string | undefined> = process.env): S3Client {
  const forcePathStyle = getEnvFlag('S3_FORCE_PATH_STYLE', env);
  return new S3Client({ ...(forcePathStyle ? { forcePathStyle: true } : {}), ...config });
}

export interface ObjectDeleteFailure {
  key: string;
  code: string;
}

/** DeleteObjects answered 200 but reported some keys as not deleted, even after retrying them. */
export class ObjectsNotDeletedError extends Error {
  override readonly name = 'ObjectsNotDeletedError';
  constructor(
    readonly failures: ObjectDeleteFailure[],
    options?: ErrorOptions,
  ) {
    super(`${failures.length} objects could not be deleted (${[...new Set(failures.map((f) => f.code))].join(', ')})`, options);
  }
}

/** Every key under a prefix, all pages. */
export async function listObjectKeys(client: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const page of paginateListObjectsV2({ client }, { Bucket: bucket, Prefix: prefix })) {
    for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
  }
  return keys;
}

export interface DeleteObjectsOptions {
  /** Retries of the keys a batch reported in Errors. Default 3. */
  retries?: number;
  sleep?: Sleep;
  random?: () => number;
}

class KeysLeft extends Error {
  override readonly name = 'KeysLeft';
  constructor(readonly failures: ObjectDeleteFailure[]) {
    super(`${failures.length} keys left`);
  }
}

/**
 * Deletes the keys in batches of 1,000. A 200 answer may still list per-key Errors (SlowDown,
 * InternalError, AccessDenied): those keys are retried with backoff, then reported. Deleting a
 * key that does not exist succeeds, as in S3. Returns the number of keys deleted.
 */
export async function deleteObjectKeys(client: S3Client, bucket: string, keys: readonly string[], options: DeleteObjectsOptions = {}): Promise<number> {
  for (let start = 0; start < keys.length; start += DELETE_OBJECTS_BATCH_SIZE) {
    let pending = keys.slice(start, start + DELETE_OBJECTS_BATCH_SIZE);
    try {
      await retry(
        async () => {
          const output = await client.send(
            new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: pending.map((Key) => ({ Key })), Quiet: true } }),
          );
          const failures = (output.Errors ?? []).map((error) => ({ key: error.Key ?? '', code: error.Code ?? 'Unknown' }));
          if (failures.length > 0) {
            pending = failures.map((failure) => failure.key);
            throw new KeysLeft(failures);
          }
        },
        {
          retries: options.retries ?? 3,
          baseDelayMs: 100,
          maxDelayMs: 2000,
          shouldRetry: (error) => error instanceof KeysLeft,
          sleep: options.sleep ?? realSleep,
          random: options.random,
        },
      );
    } catch (error) {
      if (error instanceof KeysLeft) throw new ObjectsNotDeletedError(error.failures, { cause: error });
      throw error;
    }
  }
  return keys.length;
}
