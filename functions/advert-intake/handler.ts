// Lambda entry for advert-intake, invoked RequestResponse by Mutation.createAdvert (README
// "Adverts"). Clients are created once per cold start; the work is in intake-advert.ts.
import type { Context } from 'aws-lambda';
import { createDocumentClient } from '../shared/dynamodb.js';
import { errorName } from '../shared/errors.js';
import { logger } from '../shared/logger.js';
import { createS3Client } from '../shared/s3.js';
import { DynamoAdvertStore } from './advert-store.js';
import { loadAdvertIntakeConfig } from './config.js';
import { parseAdvertIntakeEvent } from './event.js';
import { S3ImageStore } from './image-store.js';
import { intakeAdvert, type AdvertIntakeResult } from './intake-advert.js';

const config = loadAdvertIntakeConfig();
const images = new S3ImageStore(config.bucketName, createS3Client());
const adverts = new DynamoAdvertStore(config.tableName, createDocumentClient());

export async function handler(payload: unknown, context: Context): Promise<AdvertIntakeResult> {
  logger.addContext(context);
  try {
    // An invalid event is a resolver bug: the failed invoke becomes the mutation's error.
    const event = parseAdvertIntakeEvent(payload);
    logger.appendKeys({ advertId: event.advertId });
    return await intakeAdvert(event, { images, adverts, log: logger });
  } catch (error) {
    // The name and message only: an SDK error's message holds no request data, and the event is never logged.
    logger.error('Advert intake failed', { error: errorName(error), errorMessage: error instanceof Error ? error.message : undefined });
    throw error;
  } finally {
    logger.resetKeys();
  }
}
