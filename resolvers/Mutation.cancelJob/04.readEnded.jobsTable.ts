import { runtime } from '@aws-appsync/utils';
import type { Context, DynamoDBGetItemRequest } from '@aws-appsync/utils';
import type { MutationCancelJobArgs } from '../generated/schema-types';
import { notFound, raiseIfError } from '../lib/errors';
import { getJobRequest, toJob, type JobItem, type JobStash } from '../lib/jobs';

/** Only after 03 lost a race: the job as it ended. */
export function request(ctx: Context<MutationCancelJobArgs, JobStash>): DynamoDBGetItemRequest {
  if (!ctx.stash.conflict) {
    runtime.earlyReturn(ctx.prev.result);
  }
  return getJobRequest(ctx.stash.job.id);
}

export function response(ctx: Context<MutationCancelJobArgs, JobStash>): JobItem {
  raiseIfError(ctx);
  const job = ctx.result as JobItem | null;
  if (!job) {
    notFound('Job not found');
  }
  return toJob(job);
}
