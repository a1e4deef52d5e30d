import { runtime } from '@aws-appsync/utils';
import type { Context, DynamoDBGetItemRequest } from '@aws-appsync/utils';
import type { SubscriptionOnJobUpdatedArgs } from '../generated/schema-types';
import { raiseIfError } from '../lib/errors';
import { getJobRequest, requireOwnedJob, type JobItem } from '../lib/jobs';

export function request(ctx: Context<SubscriptionOnJobUpdatedArgs>): DynamoDBGetItemRequest {
  const jobId = ctx.args.jobId;
  if (!jobId) {
    // All of the caller's jobs: nothing to look up; the owner filter (resolver.ts) does the work.
    runtime.earlyReturn(null);
  }
  return getJobRequest(jobId as string);
}

export function response(ctx: Context<SubscriptionOnJobUpdatedArgs>): null {
  raiseIfError(ctx);
  requireOwnedJob(ctx, ctx.result as JobItem | null);
  return null;
}
