// chat-stream configuration, read once per cold start. Defaults are stated here and in the report.
import { getEnv, getEnvInt, getEnvList, getEnvUrl } from '../shared/config.js';
import { MAX_CHUNK_TEXT_BYTES } from '../shared/streaming/json-size.js';

export interface ChatStreamConfig {
  tableName: string;
  graphqlUrl: URL;
  region: string;
  allowedModelIds: string[];
  /** Estimated tokens of history sent to the model (~4 characters per token). */
  historyTokenBudget: number;
  flushIntervalMs: number;
  flushMaxBytes: number;
  checkpointIntervalMs: number;
  /** Stop this long before the Lambda deadline so the message can still be finished as FAILED. */
  deadlineMarginMs: number;
}

export function loadChatStreamConfig(env: Record<string, string | undefined> = process.env): ChatStreamConfig {
  return {
    tableName: getEnv('CHAT_TABLE_NAME', env),
    graphqlUrl: getEnvUrl('APPSYNC_GRAPHQL_URL', env),
    region: getEnv('AWS_REGION', env),
    allowedModelIds: getEnvList('ALLOWED_MODEL_IDS', env),
    historyTokenBudget: getEnvInt('HISTORY_TOKEN_BUDGET', { min: 100, max: 1_000_000, defaultValue: 8000 }, env),
    flushIntervalMs: getEnvInt('FLUSH_INTERVAL_MS', { min: 0, max: 10_000, defaultValue: 100 }, env),
    flushMaxBytes: getEnvInt('FLUSH_MAX_BYTES', { min: 1, max: MAX_CHUNK_TEXT_BYTES, defaultValue: 4096 }, env),
    checkpointIntervalMs: getEnvInt('CHECKPOINT_INTERVAL_MS', { min: 0, max: 60_000, defaultValue: 1000 }, env),
    deadlineMarginMs: getEnvInt('DEADLINE_MARGIN_MS', { min: 0, max: 60_000, defaultValue: 3000 }, env),
  };
}
