// Lambda entry for advert-purge, invoked RequestResponse by Mutation.deleteAdvert with
// { advertId, owner }; returns { deletedItems, deletedObjects }.
import type { Context } from 'aws-lambda';
import { createDocumentClient } from '../shared/dynamodb.js';
import { errorName } from '../shared/errors.js';
import { logger } from '../shared/logger.js';
import { createS3Client } from '../shared/s3.js';
import { loadAdvertPurgeConfig } from './config.js';
import { parseAdvertPurgeEvent } from './event.js';
import { purgeAdvert, storageAdapters, type AdvertPurgeResult } from './purge-advert.js';

const config = loadAdvertPurgeConfig();
const adapters = storageAdapters({ s3: createS3Client(), bucket: config.bucketName, documentClient: createDocumentClient(), tableName: config.tableName });

export async function handler(payload: unknown, context: Context): Promise<AdvertPurgeResult> {
  logger.addContext(context);
  try {
    const event = parseAdvertPurgeEvent(payload);
    logger.appendKeys({ advertId: event.advertId });
    const result = await purgeAdvert(event, adapters);
    logger.info('Advert purged', { ...result });
    return result;
  } catch (error) {
    // The resolver turns the failed invoke into a GraphQL error; the advert item still exists.
    logger.error('Advert purge failed', { error: errorName(error), errorMessage: error instanceof Error ? error.message : undefined });
    throw error;
  } finally {
    logger.resetKeys();
  }
}
