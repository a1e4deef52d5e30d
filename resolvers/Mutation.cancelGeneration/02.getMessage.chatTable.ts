import { util } from '@aws-appsync/utils';
import type { Context, DynamoDBGetItemRequest } from '@aws-appsync/utils';
import type { MutationCancelGenerationArgs } from '../generated/schema-types';
import { notFound, raiseIfError, validationError } from '../lib/errors';
import type { ConversationStash, MessageItem } from '../lib/items';
import { messageKey } from '../lib/keys';

export function request(ctx: Context<MutationCancelGenerationArgs>): DynamoDBGetItemRequest {
  return {
    operation: 'GetItem',
    key: util.dynamodb.toMapValues(messageKey(ctx.args.conversationId, ctx.args.messageId)),
    consistentRead: true,
  };
}

export function response(ctx: Context<MutationCancelGenerationArgs, ConversationStash>): MessageItem {
  raiseIfError(ctx);
  const message = ctx.result as MessageItem | null;
  if (!message) {
    notFound('Message not found');
  }
  if (message.role !== 'ASSISTANT') {
    validationError('Only an assistant message can be cancelled');
  }
  ctx.stash.message = message;
  return message;
}
