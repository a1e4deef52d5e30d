import { runtime, util } from '@aws-appsync/utils';
import type { Context, DynamoDBUpdateItemRequest } from '@aws-appsync/utils';
import type { MutationSendMessageArgs } from '../generated/schema-types';
import { CONDITIONAL_CHECK_FAILED, ErrorType, raiseIfError } from '../lib/errors';
import { failedStartUpdate } from '../lib/failed-start';
import type { MessageItem, SendMessageStash } from '../lib/items';
import { messageKey } from '../lib/keys';

const START_FAILED_MESSAGE = 'The answer could not be started';

export function request(ctx: Context<MutationSendMessageArgs, SendMessageStash>): DynamoDBUpdateItemRequest {
  const sent = ctx.stash.sendResult;
  if (!ctx.stash.startError || !sent) {
    runtime.earlyReturn(null);
  }
  return {
    operation: 'UpdateItem',
    key: util.dynamodb.toMapValues(messageKey(ctx.stash.conversation.id, sent.assistantMessageId)),
    update: failedStartUpdate(START_FAILED_MESSAGE),
    // Never overwrite an answer that did get going after all.
    condition: { expression: '#status = :streaming', expressionValues: util.dynamodb.toMapValues({ ':streaming': 'STREAMING' }) },
  };
}

export function response(ctx: Context<MutationSendMessageArgs, SendMessageStash>): MessageItem {
  // A failed condition means the message already left STREAMING: still report the failed start.
  if (!ctx.error || ctx.error.type !== CONDITIONAL_CHECK_FAILED) {
    raiseIfError(ctx);
  }
  const sent = ctx.stash.sendResult;
  return util.error(START_FAILED_MESSAGE, ErrorType.Internal, null, {
    userMessageId: sent ? sent.userMessage.id : null,
    assistantMessageId: sent ? sent.assistantMessageId : null,
  });
}
