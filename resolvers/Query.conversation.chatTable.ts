import { util } from '@aws-appsync/utils';
import type { Context, DynamoDBGetItemRequest } from '@aws-appsync/utils';
import type { QueryConversationArgs } from './generated/schema-types';
import { getConversationRequest } from './lib/conversation';
import { raiseIfError } from './lib/errors';
import type { ConversationItem } from './lib/items';
import { callerOwner } from './lib/owner';

export function request(ctx: Context<QueryConversationArgs>): DynamoDBGetItemRequest {
  return getConversationRequest(ctx.args.id);
}

export function response(ctx: Context<QueryConversationArgs>): ConversationItem | null {
  raiseIfError(ctx);
  const conversation = ctx.result as ConversationItem | null;
  if (!conversation) {
    return null;
  }
  if (conversation.owner !== callerOwner(ctx)) {
    util.unauthorized();
  }
  return conversation;
}
