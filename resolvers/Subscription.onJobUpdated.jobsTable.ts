import { extensions, util } from '@aws-appsync/utils';
import type { Context, DynamoDBGetItemRequest } from '@aws-appsync/utils';
import type { Job, SubscriptionOnJobUpdatedArgs } from './generated/schema-types';
import { raiseIfError, validationError } from './lib/errors';
import { getJobRequest, requireOwnedJob, type JobItem } from './lib/jobs';
import { callerOwner } from './lib/owner';

export function request(ctx: Context<SubscriptionOnJobUpdatedArgs>): DynamoDBGetItemRequest {
  const jobId = ctx.args.jobId;
  if (!jobId) {
    validationError('jobId is required');
  }
  return getJobRequest(jobId);
}

export function response(ctx: Context<SubscriptionOnJobUpdatedArgs>): null {
  raiseIfError(ctx);
  requireOwnedJob(ctx, ctx.result as JobItem | null);
  // The jobId argument already filters; the owner filter makes sure a job
  // update only ever reaches its owner, whatever job id is guessed.
  extensions.setSubscriptionFilter(util.transform.toSubscriptionFilter<Job>({ owner: { eq: callerOwner(ctx) } }));
  return null;
}
