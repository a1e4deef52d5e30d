import type { Context, DynamoDBGetItemRequest } from '@aws-appsync/utils';
import type { QueryMessageArgs } from '../generated/schema-types';
import { getConversationRequest, requireOwnedConversation } from '../lib/conversation';
import { raiseIfError } from '../lib/errors';
import type { ConversationItem, ConversationStash } from '../lib/items';

export function request(ctx: Context<QueryMessageArgs>): DynamoDBGetItemRequest {
  return getConversationRequest(ctx.args.conversationId);
}

export function response(ctx: Context<QueryMessageArgs, ConversationStash>): ConversationItem {
  raiseIfError(ctx);
  const conversation = requireOwnedConversation(ctx, ctx.result as ConversationItem | null);
  ctx.stash.conversation = conversation;
  return conversation;
}
