// The one Powertools Logger of every function: JSON logs, service name from
// POWERTOOLS_SERVICE_NAME, level from POWERTOOLS_LOG_LEVEL. Never log prompts, model output,
// tokens or JWTs: log ids, sizes, counts and error names.
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger();

/** What the logic needs from a logger; tests pass a fake. */
export type Log = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;

/** A logger that drops everything (for tests that do not inspect logs). */
export const silentLog: Log = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
