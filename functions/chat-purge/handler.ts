// Lambda entry for chat-purge, invoked RequestResponse by Mutation.deleteConversation with
// { conversationId }; returns { deletedCount }.
import type { Context } from 'aws-lambda';
import { getEnv } from '../shared/config.js';
import { createDocumentClient } from '../shared/dynamodb.js';
import { logger } from '../shared/logger.js';
import { parsePurgeEvent, purgeConversation } from './purge-conversation.js';

const tableName = getEnv('CHAT_TABLE_NAME');
const client = createDocumentClient();

export async function handler(payload: unknown, context: Context): Promise<{ deletedCount: number }> {
  logger.addContext(context);
  try {
    const { conversationId } = parsePurgeEvent(payload);
    logger.appendKeys({ conversationId });
    try {
      const result = await purgeConversation(tableName, conversationId, { client });
      logger.info('Conversation purged', result);
      return result;
    } catch (error) {
      // The caller (a resolver) turns the failed invoke into a GraphQL error; META still exists.
      logger.error('Purge failed', { error });
      throw error;
    }
  } finally {
    logger.resetKeys();
  }
}
