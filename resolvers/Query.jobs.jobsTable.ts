import type { Context, DynamoDBQueryRequest } from '@aws-appsync/utils';
import type { QueryJobsArgs } from './generated/schema-types';
import { toJob, type JobItem } from './lib/jobs';
import { listOwnedRequest, ownedPage } from './lib/owner-list';

export function request(ctx: Context<QueryJobsArgs>): DynamoDBQueryRequest {
  return listOwnedRequest(ctx, 20);
}

export function response(ctx: Context<QueryJobsArgs>): { items: JobItem[]; nextToken: string | null } {
  const page = ownedPage<JobItem>(ctx);
  return { items: page.items.map(toJob), nextToken: page.nextToken };
}
