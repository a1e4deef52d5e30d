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
  // A filter set here replaces the argument filtering, so it names the conversation too; the
  // owner rule makes sure a chunk only ever reaches its owner, whatever id is guessed.
  // https://docs.aws.amazon.com/appsync/latest/devguide/aws-appsync-real-time-enhanced-filtering.html
  extensions.setSubscriptionFilter(util.transform.toSubscriptionFilter<MessageChunk>({
    owner: { eq: owner },
    conversationId: { eq: ctx.args.conversationId },
  }));
  return null;
}
