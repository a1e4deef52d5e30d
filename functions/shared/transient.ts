// Whether a failed AppSync request is worth another try: throttling, 5xx and network failures.
import { AppSyncHttpError, GraphQLResponseError } from './errors.js';
import { isNetworkError } from './retry.js';

export function isTransientAppSyncError(error: unknown): boolean {
  if (error instanceof AppSyncHttpError) return error.retryable;
  if (error instanceof GraphQLResponseError) return error.status === 429 || error.status >= 500;
  return isNetworkError(error);
}
