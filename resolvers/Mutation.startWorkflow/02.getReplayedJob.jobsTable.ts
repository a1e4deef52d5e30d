import { runtime, util } from '@aws-appsync/utils';
import type { Context, DynamoDBGetItemRequest } from '@aws-appsync/utils';
import type { MutationStartWorkflowArgs } from '../generated/schema-types';
import { ErrorType, raiseIfError } from '../lib/errors';
import { getJobRequest, type JobItem, type StartWorkflowStash } from '../lib/jobs';

/** A replay answers with the first job as it is now; nothing else runs. */
export function request(ctx: Context<MutationStartWorkflowArgs, StartWorkflowStash>): DynamoDBGetItemRequest {
  const jobId = ctx.stash.replayJobId;
  if (!jobId) {
    runtime.earlyReturn(null);
  }
  return getJobRequest(jobId);
}

export function response(ctx: Context<MutationStartWorkflowArgs, StartWorkflowStash>): JobItem {
  raiseIfError(ctx);
  const job = ctx.result as JobItem | null;
  if (!job) {
    // The token outlived its job (jobs are never deleted by the API): report it rather than start a second one.
    return util.error('The job of this clientToken no longer exists', ErrorType.Conflict);
  }
  ctx.stash.job = job;
  return job;
}
