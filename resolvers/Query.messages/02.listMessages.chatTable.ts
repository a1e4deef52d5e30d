import { util } from '@aws-appsync/utils';
import type { Context, DynamoDBQueryRequest } from '@aws-appsync/utils';
import type { QueryMessagesArgs } from '../generated/schema-types';
import { raiseIfError } from '../lib/errors';
import type { MessageItem } from '../lib/items';
import { MESSAGE_SK_PREFIX, conversationPk } from '../lib/keys';
import { validateListLimit } from '../lib/validate';

const DEFAULT_LIMIT = 50;

export function request(ctx: Context<QueryMessagesArgs>): DynamoDBQueryRequest {
  const query: DynamoDBQueryRequest = {
    operation: 'Query',
    query: {
      expression: 'pk = :pk AND begins_with(sk, :prefix)',
      expressionValues: util.dynamodb.toMapValues({
        ':pk': conversationPk(ctx.args.conversationId),
        ':prefix': MESSAGE_SK_PREFIX,
      }),
    },
    // Message ids are ULIDs: ascending sk is oldest first.
    scanIndexForward: true,
    limit: validateListLimit(ctx.args.limit, DEFAULT_LIMIT),
  };
  if (ctx.args.nextToken) {
    query.nextToken = ctx.args.nextToken;
  }
  return query;
}

export function response(ctx: Context<QueryMessagesArgs>): { items: MessageItem[]; nextToken: string | null } {
  raiseIfError(ctx);
  const result = ctx.result as { items: MessageItem[]; nextToken?: string | null };
  return { items: result.items, nextToken: result.nextToken ?? null };
}
