// Lambda entry for chat-stream (invoked asynchronously by Mutation.sendMessage). Clients are
// created once per cold start; the work is in chat-turn.ts.
import type { Context } from 'aws-lambda';
import { AppSyncClient } from '../shared/appsync-publisher.js';
import { BedrockModelClient } from '../shared/bedrock.js';
import { logger } from '../shared/logger.js';
import { runChatTurn, type TurnResult } from './chat-turn.js';
import { createChunkPublisher } from './chunk-publisher.js';
import { loadChatStreamConfig } from './config.js';
import { parseChatStreamEvent } from './event.js';
import { DynamoMessageStore } from './message-store.js';
import { createTurnMetrics } from '../shared/streaming/metrics.js';

const config = loadChatStreamConfig();
const store = new DynamoMessageStore(config.tableName);
const model = new BedrockModelClient();
const appsync = new AppSyncClient({ url: config.graphqlUrl, region: config.region });
const metrics = createTurnMetrics();

export async function handler(payload: unknown, context: Context): Promise<TurnResult | { status: 'INVALID_EVENT' }> {
  logger.addContext(context);
  try {
    let event;
    try {
      event = parseChatStreamEvent(payload);
    } catch (error) {
      // Retrying a malformed event cannot help: log and drop it.
      logger.error('Invalid chat-stream event', { error });
      return { status: 'INVALID_EVENT' };
    }
    logger.appendKeys({ conversationId: event.conversationId, messageId: event.assistantMessageId });
    return await runChatTurn(
      event,
      { remainingTimeMs: () => context.getRemainingTimeInMillis() },
      { config, store, model, createPublisher: (address) => createChunkPublisher(appsync, address), log: logger, metrics },
    );
  } finally {
    metrics.flush();
    logger.resetKeys();
  }
}
