// Lambda entry for advert-stream (invoked asynchronously by createAdvert and
// regenerateAdvertVariant). Clients are created once per cold start; the work is in generate-advert.ts.
import type { Context } from 'aws-lambda';
import { AppSyncClient } from '../shared/appsync-publisher.js';
import { BedrockModelClient } from '../shared/bedrock.js';
import { logger } from '../shared/logger.js';
import { createTurnMetrics } from '../shared/streaming/metrics.js';
import { DynamoAdvertStore } from './advert-store.js';
import { DynamoAnswerCache } from './answer-cache.js';
import { createAdvertChunkPublisher } from './chunk-publisher.js';
import { loadAdvertStreamConfig } from './config.js';
import { parseAdvertStreamEvent } from './event.js';
import { generateAdvert, type AdvertOutcome } from './generate-advert.js';
import { S3ImageSource } from './image-reader.js';

const config = loadAdvertStreamConfig();
const store = new DynamoAdvertStore(config.tableName);
const cache = new DynamoAnswerCache(config.tableName, config.cacheTtlSeconds);
const images = new S3ImageSource(config.imagesBucket);
const model = new BedrockModelClient();
const appsync = new AppSyncClient({ url: config.graphqlUrl, region: config.region });
const metrics = createTurnMetrics();

export async function handler(payload: unknown, context: Context): Promise<AdvertOutcome | { status: 'INVALID_EVENT' }> {
  logger.addContext(context);
  try {
    let event;
    try {
      event = parseAdvertStreamEvent(payload);
    } catch (error) {
      // Retrying a malformed event cannot help: log and drop it.
      logger.error('Invalid advert-stream event', { error });
      return { status: 'INVALID_EVENT' };
    }
    logger.appendKeys({ advertId: event.advertId });
    return await generateAdvert(
      event,
      { remainingTimeMs: () => context.getRemainingTimeInMillis() },
      {
        config,
        store,
        images,
        cache,
        model,
        createPublisher: (address, cached) => createAdvertChunkPublisher(appsync, address, cached),
        log: logger,
        metrics,
      },
    );
  } finally {
    metrics.flush();
    logger.resetKeys();
  }
}
