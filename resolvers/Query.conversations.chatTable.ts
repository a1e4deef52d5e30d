import { util } from '@aws-appsync/utils';
import type { Context, DynamoDBQueryRequest } from '@aws-appsync/utils';
import type { QueryConversationsArgs } from './generated/schema-types';
import { raiseIfError } from './lib/errors';
import type { ConversationItem } from './lib/items';
import { OWNER_INDEX, ownerPartition } from './lib/keys';
import { callerOwner } from './lib/owner';
import { validateListLimit } from './lib/validate';

const DEFAULT_LIMIT = 20;

export function request(ctx: Context<QueryConversationsArgs>): DynamoDBQueryRequest {
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

export function response(ctx: Context<QueryConversationsArgs>): { items: ConversationItem[]; nextToken: string | null } {
  raiseIfError(ctx);
  const result = ctx.result as { items: ConversationItem[]; nextToken?: string | null };
  return { items: result.items, nextToken: result.nextToken ?? null };
}
