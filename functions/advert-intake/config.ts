// advert-intake configuration, read once per cold start.
import { getEnv } from '../shared/config.js';

export interface AdvertIntakeConfig {
  tableName: string;
  bucketName: string;
}

export function loadAdvertIntakeConfig(env: Record<string, string | undefined> = process.env): AdvertIntakeConfig {
  return { tableName: getEnv('ADVERTS_TABLE_NAME', env), bucketName: getEnv('ADVERT_IMAGES_BUCKET', env) };
}
