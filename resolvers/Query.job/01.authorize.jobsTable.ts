import type { Context, DynamoDBGetItemRequest } from '@aws-appsync/utils';
import type { QueryJobArgs } from '../generated/schema-types';
import { getJobRequest, stashOwnedJob, type JobItem, type JobStash } from '../lib/jobs';

export function request(ctx: Context<QueryJobArgs>): DynamoDBGetItemRequest {
  return getJobRequest(ctx.args.id);
}

export function response(ctx: Context<QueryJobArgs, JobStash>): JobItem {
  return stashOwnedJob(ctx);
}
