import type { Context, DynamoDBGetItemRequest } from '@aws-appsync/utils';
import type { QueryMessageArgs } from '../generated/schema-types';
import { getConversationRequest, stashOwnedConversation } from '../lib/conversation';
import type { ConversationItem, ConversationStash } from '../lib/items';

export function request(ctx: Context<QueryMessageArgs>): DynamoDBGetItemRequest {
  return getConversationRequest(ctx.args.conversationId);
}

export function response(ctx: Context<QueryMessageArgs, ConversationStash>): ConversationItem {
  return stashOwnedConversation(ctx);
}
