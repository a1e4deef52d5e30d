import { util } from '@aws-appsync/utils';
import type { Context, DynamoDBQueryRequest } from '@aws-appsync/utils';
import { raiseIfError } from './errors';
import { OWNER_INDEX, ownerPartition } from './keys';
import { callerOwner } from './owner';
import { validateListLimit } from './validate';

interface ListArgs {
  limit?: number | null;
  nextToken?: string | null;
}

/** The caller's items of a table, newest first, through its byOwner index (gsi1sk is createdAt). */
export function listOwnedRequest(ctx: Context<ListArgs>, defaultLimit: number): DynamoDBQueryRequest {
  const query: DynamoDBQueryRequest = {
    operation: 'Query',
    index: OWNER_INDEX,
    query: {
      expression: 'gsi1pk = :owner',
      expressionValues: util.dynamodb.toMapValues({ ':owner': ownerPartition(callerOwner(ctx)) }),
    },
    scanIndexForward: false,
    limit: validateListLimit(ctx.args.limit, defaultLimit),
  };
  if (ctx.args.nextToken) {
    query.nextToken = ctx.args.nextToken;
  }
  return query;
}

/** The connection a list query answers with. */
export function ownedPage<T>(ctx: Context<ListArgs>): { items: T[]; nextToken: string | null } {
  raiseIfError(ctx);
  const result = ctx.result as { items: T[]; nextToken?: string | null };
  return { items: result.items, nextToken: result.nextToken ?? null };
}
