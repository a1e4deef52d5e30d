import { util } from '@aws-appsync/utils';
import type { Context } from '@aws-appsync/utils';
import { ErrorType } from './errors';

/** TransactWriteItems names its table: the stack passes the JobsTable's name as an API environment variable. */
export function jobsTableName(ctx: Context): string {
  const name = ctx.env.JOBS_TABLE_NAME;
  if (!name) {
    util.error('JOBS_TABLE_NAME is not configured', ErrorType.Internal);
  }
  return name;
}

/** How long a cached model answer is served: the executions get cacheExpiresAt = now + this. */
export function workflowCacheTtlSeconds(ctx: Context): number {
  const configured = ctx.env.WORKFLOW_CACHE_TTL_SECONDS;
  const seconds = configured ? Number(configured) : 0;
  if (!(seconds > 0)) {
    util.error('WORKFLOW_CACHE_TTL_SECONDS is not configured', ErrorType.Internal);
  }
  return seconds;
}
