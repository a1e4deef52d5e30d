import { util } from '@aws-appsync/utils';
import type { Context, DynamoDBGetItemRequest } from '@aws-appsync/utils';
import type { QueryMessageArgs } from '../generated/schema-types';
import { raiseIfError } from '../lib/errors';
import type { MessageItem } from '../lib/items';
import { messageKey } from '../lib/keys';

export function request(ctx: Context<QueryMessageArgs>): DynamoDBGetItemRequest {
  return {
    operation: 'GetItem',
    key: util.dynamodb.toMapValues(messageKey(ctx.args.conversationId, ctx.args.id)),
    // A client recovering from missed chunks wants the latest checkpoint.
    consistentRead: true,
  };
}

export function response(ctx: Context<QueryMessageArgs>): MessageItem | null {
  raiseIfError(ctx);
  return (ctx.result as MessageItem | null) ?? null;
}
