import type { Context, DynamoDBGetItemRequest } from '@aws-appsync/utils';
import type { MutationDeleteConversationArgs } from '../generated/schema-types';
import { getConversationRequest, requireOwnedConversation } from '../lib/conversation';
import { raiseIfError } from '../lib/errors';
import type { ConversationItem, ConversationStash } from '../lib/items';

export function request(ctx: Context<MutationDeleteConversationArgs>): DynamoDBGetItemRequest {
  return getConversationRequest(ctx.args.id);
}

export function response(ctx: Context<MutationDeleteConversationArgs, ConversationStash>): ConversationItem {
  raiseIfError(ctx);
  const conversation = requireOwnedConversation(ctx, ctx.result as ConversationItem | null);
  ctx.stash.conversation = conversation;
  return conversation;
}
