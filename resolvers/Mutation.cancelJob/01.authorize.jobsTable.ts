import type { Context, DynamoDBGetItemRequest } from '@aws-appsync/utils';
import type { MutationCancelJobArgs } from '../generated/schema-types';
import { getJobRequest, stashOwnedJob, type JobItem, type JobStash } from '../lib/jobs';

export function request(ctx: Context<MutationCancelJobArgs>): DynamoDBGetItemRequest {
  return getJobRequest(ctx.args.id);
}

export function response(ctx: Context<MutationCancelJobArgs, JobStash>): JobItem {
  return stashOwnedJob(ctx);
}
