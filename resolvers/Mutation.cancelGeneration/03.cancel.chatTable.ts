import { runtime, util } from '@aws-appsync/utils';
import type { Context, DynamoDBUpdateItemRequest } from '@aws-appsync/utils';
import type { MutationCancelGenerationArgs } from '../generated/schema-types';
import { CONDITIONAL_CHECK_FAILED, ErrorType, raiseIfError } from '../lib/errors';
import type { ConversationStash, MessageItem } from '../lib/items';
import { messageKey } from '../lib/keys';

export function request(ctx: Context<MutationCancelGenerationArgs, ConversationStash>): DynamoDBUpdateItemRequest {
  const message = ctx.stash.message;
  // Idempotent: an answer that already ended (or was cancelled) is returned as it is.
  if (!message || message.status !== 'STREAMING') {
    runtime.earlyReturn(message ?? null);
  }
  return {
    operation: 'UpdateItem',
    key: util.dynamodb.toMapValues(messageKey(message.conversationId, message.id)),
    update: {
      expression: 'SET #status = :cancelled, updatedAt = :now',
      expressionNames: { '#status': 'status' },
      expressionValues: util.dynamodb.toMapValues({
        ':cancelled': 'CANCELLED',
        ':now': util.time.nowISO8601(),
        ':streaming': 'STREAMING',
      }),
    },
    // The chat-stream Lambda notices CANCELLED at its next checkpoint and stops.
    condition: { expression: '#status = :streaming' },
  };
}

export function response(ctx: Context<MutationCancelGenerationArgs, ConversationStash>): MessageItem {
  raiseIfError(ctx, {
    [CONDITIONAL_CHECK_FAILED]: { errorType: ErrorType.Conflict, message: 'The answer finished before it could be cancelled' },
  });
  return ctx.result as MessageItem;
}
