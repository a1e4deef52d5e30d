// advert-purge configuration, read once per cold start.
import { getEnv } from '../shared/config.js';

export interface AdvertPurgeConfig {
  tableName: string;
  bucketName: string;
}

export function loadAdvertPurgeConfig(env: Record<string, string | undefined> = process.env): AdvertPurgeConfig {
  return { tableName: getEnv('ADVERTS_TABLE_NAME', env), bucketName: getEnv('ADVERT_IMAGES_BUCKET', env) };
}
