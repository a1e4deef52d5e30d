import type { Context, DynamoDBGetItemRequest } from '@aws-appsync/utils';
import type { MutationDeleteConversationArgs } from '../generated/schema-types';
import { getConversationRequest, stashOwnedConversation } from '../lib/conversation';
import type { ConversationItem, ConversationStash } from '../lib/items';

export function request(ctx: Context<MutationDeleteConversationArgs>): DynamoDBGetItemRequest {
  return getConversationRequest(ctx.args.id);
}

export function response(ctx: Context<MutationDeleteConversationArgs, ConversationStash>): ConversationItem {
  return stashOwnedConversation(ctx);
}
