// Deletes an advert (README "Adverts", advert-purge): its S3 objects first, then every item of its
// partition, META last. Either step failing leaves the advert item in place, so deleteAdvert can
// be retried and finishes the job.
import type { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { advertImagePrefix, advertPk } from '../shared/advert-items.js';
import { purgePartition } from '../shared/purge-partition.js';
import { deleteObjectKeys, listObjectKeys } from '../shared/s3.js';
import type { AdvertPurgeEvent } from './event.js';

export interface AdvertPurgeResult {
  deletedItems: number;
  deletedObjects: number;
}

/** What the purge needs from storage; tests pass fakes. */
export interface PurgeAdapters {
  listImageKeys(prefix: string): Promise<string[]>;
  deleteImages(keys: readonly string[]): Promise<number>;
  deletePartition(pk: string, label: string): Promise<number>;
}

export function storageAdapters(options: { s3: S3Client; bucket: string; documentClient: DynamoDBDocumentClient; tableName: string }): PurgeAdapters {
  const { s3, bucket, documentClient, tableName } = options;
  return {
    listImageKeys: (prefix) => listObjectKeys(s3, bucket, prefix),
    deleteImages: (keys) => deleteObjectKeys(s3, bucket, keys),
    deletePartition: async (pk, label) => (await purgePartition(tableName, pk, label, { client: documentClient })).deletedCount,
  };
}

export async function purgeAdvert(event: AdvertPurgeEvent, adapters: PurgeAdapters): Promise<AdvertPurgeResult> {
  const keys = await adapters.listImageKeys(advertImagePrefix(event.owner, event.advertId));
  const deletedObjects = keys.length > 0 ? await adapters.deleteImages(keys) : 0;
  const deletedItems = await adapters.deletePartition(advertPk(event.advertId), `Advert ${event.advertId}`);
  return { deletedItems, deletedObjects };
}
