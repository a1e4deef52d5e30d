// Deletes every item of a conversation's partition (messages, send tokens, then META last, so a
// purge that fails half way leaves the conversation visible and deleteConversation can retry).
import { InvalidEventError } from '../shared/errors.js';
import { purgePartition, type PurgeDeps } from '../shared/purge-partition.js';

export { BATCH_SIZE, type PurgeDeps } from '../shared/purge-partition.js';

export async function purgeConversation(tableName: string, conversationId: string, deps: PurgeDeps = {}): Promise<{ deletedCount: number }> {
  return purgePartition(tableName, `CONV#${conversationId}`, `Conversation ${conversationId}`, deps);
}

export function parsePurgeEvent(payload: unknown): { conversationId: string } {
  const conversationId = (payload as { conversationId?: unknown } | null)?.conversationId;
  if (typeof conversationId !== 'string' || conversationId.length === 0) {
    throw new InvalidEventError('Event field conversationId must be a non-empty string');
  }
  return { conversationId };
}
