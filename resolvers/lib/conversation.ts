import { util } from '@aws-appsync/utils';
import type { Context, DynamoDBGetItemRequest } from '@aws-appsync/utils';
import { notFound, raiseIfError } from './errors';
import type { ConversationItem, ConversationStash } from './items';
import { conversationKey } from './keys';
import { callerOwner } from './owner';

/** Reads a conversation strongly consistent, so a conversation created a moment ago is found. */
export function getConversationRequest(conversationId: string): DynamoDBGetItemRequest {
  return {
    operation: 'GetItem',
    key: util.dynamodb.toMapValues(conversationKey(conversationId)),
    consistentRead: true,
  };
}

/** The conversation when the caller owns it; NotFound when missing; AppSync's Unauthorized otherwise. */
export function requireOwnedConversation(ctx: Context, item: ConversationItem | null | undefined): ConversationItem {
  if (!item) {
    notFound('Conversation not found');
  }
  if (item.owner !== callerOwner(ctx)) {
    util.unauthorized();
  }
  return item;
}

/** The response of each pipeline's authorize step: the owned conversation, stashed for the steps after it. */
export function stashOwnedConversation<TArgs>(ctx: Context<TArgs, ConversationStash>): ConversationItem {
  raiseIfError(ctx);
  const conversation = requireOwnedConversation(ctx, ctx.result as ConversationItem | null);
  ctx.stash.conversation = conversation;
  return conversation;
}
