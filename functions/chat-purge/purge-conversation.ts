// Deletes every item of a conversation's partition (messages, send tokens, then META last, so a
// purge that fails half way leaves the conversation visible and deleteConversation can retry).
import { BatchWriteCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../shared/dynamodb.js';
import { InvalidEventError, PurgeIncompleteError } from '../shared/errors.js';
import { retry, sleep as realSleep, type Sleep } from '../shared/retry.js';

/** DynamoDB's BatchWriteItem limit. */
export const BATCH_SIZE = 25;

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

export async function purgeConversation(tableName: string, conversationId: string, deps: PurgeDeps = {}): Promise<{ deletedCount: number }> {
  const client = deps.client ?? createDocumentClient();
  const pk = `CONV#${conversationId}`;
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
        throw new PurgeIncompleteError(`Conversation ${conversationId}: ${error.keys.length} items could not be deleted`, { cause: error });
      }
      throw error;
    }
    deletedCount += keys.length;
  };

  let exclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ProjectionExpression: 'pk, sk',
        ExclusiveStartKey: exclusiveStartKey,
      }),
    );
    const keys: ItemKey[] = [];
    for (const item of page.Items ?? []) {
      const key = { pk: String(item.pk), sk: String(item.sk) };
      if (key.sk === 'META') meta = key;
      else keys.push(key);
    }
    for (let start = 0; start < keys.length; start += BATCH_SIZE) await deleteBatch(keys.slice(start, start + BATCH_SIZE));
    exclusiveStartKey = page.LastEvaluatedKey;
  } while (exclusiveStartKey);

  if (meta) await deleteBatch([meta]);
  return { deletedCount };
}

export function parsePurgeEvent(payload: unknown): { conversationId: string } {
  const conversationId = (payload as { conversationId?: unknown } | null)?.conversationId;
  if (typeof conversationId !== 'string' || conversationId.length === 0) {
    throw new InvalidEventError('Event field conversationId must be a non-empty string');
  }
  return { conversationId };
}
