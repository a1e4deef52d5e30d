import { extensions, util } from '@aws-appsync/utils';
import type { Context, DynamoDBGetItemRequest } from '@aws-appsync/utils';
import type { MessageChunk, SubscriptionOnMessageChunkArgs } from './generated/schema-types';
import { getConversationRequest } from './lib/conversation';
import { notFound, raiseIfError } from './lib/errors';
import type { ConversationItem } from './lib/items';
import { callerOwner } from './lib/owner';

export function request(ctx: Context<SubscriptionOnMessageChunkArgs>): DynamoDBGetItemRequest {
  return getConversationRequest(ctx.args.conversationId);
}

export function response(ctx: Context<SubscriptionOnMessageChunkArgs>): null {
  raiseIfError(ctx);
  const conversation = ctx.result as ConversationItem | null;
  if (!conversation) {
    notFound('Conversation not found');
  }
  const owner = callerOwner(ctx);
  if (conversation.owner !== owner) {
    util.unauthorized();
  }
  // The conversationId argument already filters; the owner filter makes sure a
  // chunk only ever reaches its owner, whatever conversation id is guessed.
  extensions.setSubscriptionFilter(util.transform.toSubscriptionFilter<MessageChunk>({ owner: { eq: owner } }));
  return null;
}
