import type { Context, DynamoDBGetItemRequest } from '@aws-appsync/utils';
import type { MutationCancelGenerationArgs } from '../generated/schema-types';
import { getConversationRequest, stashOwnedConversation } from '../lib/conversation';
import type { ConversationItem, ConversationStash } from '../lib/items';

export function request(ctx: Context<MutationCancelGenerationArgs>): DynamoDBGetItemRequest {
  return getConversationRequest(ctx.args.conversationId);
}

export function response(ctx: Context<MutationCancelGenerationArgs, ConversationStash>): ConversationItem {
  return stashOwnedConversation(ctx);
}
