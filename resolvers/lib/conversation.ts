import { util } from '@aws-appsync/utils';
import type { Context, DynamoDBGetItemRequest } from '@aws-appsync/utils';
import { notFound } from './errors';
import type { ConversationItem } from './items';
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
