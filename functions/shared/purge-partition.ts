// Deletes every item of one partition of a pk/sk table: batched deletes as the Query pages come,
// the META item last, so a purge that fails half way leaves the parent visible and the delete
// mutation can be retried. Used by chat-purge (CONV#<id>) and advert-purge (ADVERT#<id>).
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, partitionPages } from './dynamodb.js';
import { PurgeIncompleteError } from './errors.js';
import { retry, sleep as realSleep, type Sleep } from './retry.js';

/** DynamoDB's BatchWriteItem limit. */
export const BATCH_SIZE = 25;
export const META_SK = 'META';

export interface PurgeDeps {
  client?: DynamoDBDocumentClient;
  sleep?: Sleep;
  random?: () => number;
  /** Retries of a batch's UnprocessedItems. Default 8 (up to ~10 s of backoff). */
  unprocessedRetries?: number;
}

interface ItemKey {
  pk: string;
  sk: string;
}

class UnprocessedItemsLeft extends Error {
  override readonly name = 'UnprocessedItemsLeft';
  constructor(readonly keys: ItemKey[]) {
    super(`${keys.length} items left unprocessed`);
  }
}

/**
 * Deletes every item whose pk is `pk`. `label` names the parent in a PurgeIncompleteError
 * (e.g. "Conversation 01J..."). Returns how many items were deleted.
 */
export async function purgePartition(tableName: string, pk: string, label: string, deps: PurgeDeps = {}): Promise<{ deletedCount: number }> {
  const client = deps.client ?? createDocumentClient();
  let meta: ItemKey | undefined;
  let deletedCount = 0;

  const deleteBatch = async (keys: ItemKey[]): Promise<void> => {
    let pending = keys;
    try {
      await retry(
        async () => {
          const result = await client.send(
            new BatchWriteCommand({ RequestItems: { [tableName]: pending.map((Key) => ({ DeleteRequest: { Key } })) } }),
          );
          const left = (result.UnprocessedItems?.[tableName] ?? []).flatMap((request) =>
            request.DeleteRequest?.Key ? [request.DeleteRequest.Key as ItemKey] : [],
          );
          if (left.length > 0) {
            pending = left;
            throw new UnprocessedItemsLeft(left);
          }
        },
        {
          retries: deps.unprocessedRetries ?? 8,
          baseDelayMs: 50,
          maxDelayMs: 2000,
          shouldRetry: (error) => error instanceof UnprocessedItemsLeft,
          sleep: deps.sleep ?? realSleep,
          random: deps.random,
        },
      );
    } catch (error) {
      if (error instanceof UnprocessedItemsLeft) {
        throw new PurgeIncompleteError(`${label}: ${error.keys.length} items could not be deleted`, { cause: error });
      }
      throw error;
    }
    deletedCount += keys.length;
  };

  for await (const page of partitionPages(client, tableName, pk, { projection: 'pk, sk' })) {
    const keys: ItemKey[] = [];
    for (const item of page) {
      const key = { pk: String(item.pk), sk: String(item.sk) };
      if (key.sk === META_SK) meta = key;
      else keys.push(key);
    }
    for (let start = 0; start < keys.length; start += BATCH_SIZE) await deleteBatch(keys.slice(start, start + BATCH_SIZE));
  }

  if (meta) await deleteBatch([meta]);
  return { deletedCount };
}
