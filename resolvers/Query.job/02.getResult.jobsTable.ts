import { runtime, util } from '@aws-appsync/utils';
import type { Context, DynamoDBGetItemRequest } from '@aws-appsync/utils';
import type { QueryJobArgs } from '../generated/schema-types';
import { raiseIfError } from '../lib/errors';
import { jobResultKey, toJob, type JobItem, type JobResultItem, type JobStash } from '../lib/jobs';

/** The result lives on its own item (it can be large): read it once the job succeeded. */
export function request(ctx: Context<QueryJobArgs, JobStash>): DynamoDBGetItemRequest {
  const job = ctx.stash.job;
  if (job.status !== 'SUCCEEDED') {
    runtime.earlyReturn(toJob(job));
  }
  return { operation: 'GetItem', key: util.dynamodb.toMapValues(jobResultKey(job.id)), consistentRead: true };
}

export function response(ctx: Context<QueryJobArgs, JobStash>): JobItem {
  raiseIfError(ctx);
  const stored = ctx.result as JobResultItem | null;
  const job = toJob(ctx.stash.job);
  if (stored) {
    job.result = stored.result;
    job.resultTruncated = false;
  }
  return job;
}
