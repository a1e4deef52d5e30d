import type { Context, DynamoDBGetItemRequest } from '@aws-appsync/utils';
import type { QueryMessagesArgs } from '../generated/schema-types';
import { getConversationRequest, stashOwnedConversation } from '../lib/conversation';
import type { ConversationItem, ConversationStash } from '../lib/items';

export function request(ctx: Context<QueryMessagesArgs>): DynamoDBGetItemRequest {
  return getConversationRequest(ctx.args.conversationId);
}

export function response(ctx: Context<QueryMessagesArgs, ConversationStash>): ConversationItem {
  return stashOwnedConversation(ctx);
}
