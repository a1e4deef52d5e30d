import type { Context, DynamoDBGetItemRequest } from '@aws-appsync/utils';
import type { QueryMessagesArgs } from '../generated/schema-types';
import { getConversationRequest, requireOwnedConversation } from '../lib/conversation';
import { raiseIfError } from '../lib/errors';
import type { ConversationItem, ConversationStash } from '../lib/items';

export function request(ctx: Context<QueryMessagesArgs>): DynamoDBGetItemRequest {
  return getConversationRequest(ctx.args.conversationId);
}

export function response(ctx: Context<QueryMessagesArgs, ConversationStash>): ConversationItem {
  raiseIfError(ctx);
  const conversation = requireOwnedConversation(ctx, ctx.result as ConversationItem | null);
  ctx.stash.conversation = conversation;
  return conversation;
}
