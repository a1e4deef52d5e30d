// advert-stream configuration, read once per cold start. Defaults are stated here and in the README.
import { getEnv, getEnvInt, getEnvList, getEnvUrl } from '../shared/config.js';
import type { AnswerStreamConfig } from '../shared/streaming/answer-stream.js';
import { MAX_CHUNK_TEXT_BYTES } from '../shared/streaming/json-size.js';

export interface AdvertStreamConfig extends AnswerStreamConfig {
  tableName: string;
  imagesBucket: string;
  graphqlUrl: URL;
  region: string;
  allowedModelIds: string[];
  cacheTtlSeconds: number;
}

export function loadAdvertStreamConfig(env: Record<string, string | undefined> = process.env): AdvertStreamConfig {
  return {
    tableName: getEnv('ADVERTS_TABLE_NAME', env),
    imagesBucket: getEnv('ADVERT_IMAGES_BUCKET', env),
    graphqlUrl: getEnvUrl('APPSYNC_GRAPHQL_URL', env),
    region: getEnv('AWS_REGION', env),
    allowedModelIds: getEnvList('ALLOWED_MODEL_IDS', env),
    flushIntervalMs: getEnvInt('FLUSH_INTERVAL_MS', { min: 0, max: 10_000, defaultValue: 100 }, env),
    flushMaxBytes: getEnvInt('FLUSH_MAX_BYTES', { min: 1, max: MAX_CHUNK_TEXT_BYTES, defaultValue: 4096 }, env),
    checkpointIntervalMs: getEnvInt('CHECKPOINT_INTERVAL_MS', { min: 0, max: 60_000, defaultValue: 1000 }, env),
    deadlineMarginMs: getEnvInt('DEADLINE_MARGIN_MS', { min: 0, max: 60_000, defaultValue: 3000 }, env),
    cacheTtlSeconds: getEnvInt('ADVERT_CACHE_TTL_SECONDS', { min: 60, max: 365 * 24 * 3600, defaultValue: 7 * 24 * 3600 }, env),
  };
}
