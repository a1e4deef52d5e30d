import { util } from '@aws-appsync/utils';
import type { Context, DynamoDBQueryRequest } from '@aws-appsync/utils';
import type { QueryJobsArgs } from './generated/schema-types';
import { raiseIfError } from './lib/errors';
import { toJob, type JobItem } from './lib/jobs';
import { OWNER_INDEX, ownerPartition } from './lib/keys';
import { callerOwner } from './lib/owner';
import { validateListLimit } from './lib/validate';

const DEFAULT_LIMIT = 20;

export function request(ctx: Context<QueryJobsArgs>): DynamoDBQueryRequest {
  const query: DynamoDBQueryRequest = {
    operation: 'Query',
    index: OWNER_INDEX,
    query: {
      expression: 'gsi1pk = :owner',
      expressionValues: util.dynamodb.toMapValues({ ':owner': ownerPartition(callerOwner(ctx)) }),
    },
    // gsi1sk is createdAt: descending is newest first.
    scanIndexForward: false,
    limit: validateListLimit(ctx.args.limit, DEFAULT_LIMIT),
  };
  if (ctx.args.nextToken) {
    query.nextToken = ctx.args.nextToken;
  }
  return query;
}

export function response(ctx: Context<QueryJobsArgs>): { items: JobItem[]; nextToken: string | null } {
  raiseIfError(ctx);
  const result = ctx.result as { items: JobItem[]; nextToken?: string | null };
  return { items: result.items.map(toJob), nextToken: result.nextToken ?? null };
}
