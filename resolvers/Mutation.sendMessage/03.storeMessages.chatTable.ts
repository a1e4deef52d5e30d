import { runtime, util } from '@aws-appsync/utils';
import type { Context, DynamoDBTransactWriteItemsRequest } from '@aws-appsync/utils';
import type { MutationSendMessageArgs } from '../generated/schema-types';
import { CONDITIONAL_CHECK_FAILED, ErrorType, raiseIfError } from '../lib/errors';
import type { MessageItem, SendMessageStash, SendTokenItem } from '../lib/items';
import { conversationKey, messageKey, sendTokenKey } from '../lib/keys';
import { contentHash, sendTokenExpiresAt } from '../lib/send-token';
import { chatTableName } from '../lib/table';
import { newOrExpiredTokenCondition } from '../lib/idempotency-token';

type TransactItem = DynamoDBTransactWriteItemsRequest['transactItems'][number];

interface CancellationReason {
  type?: string | null;
  message?: string | null;
}

const CONDITION_FAILED_REASON = 'ConditionalCheckFailed';

// Positions in transactItems, read back from the cancellation reasons.
const CONVERSATION_UPDATE_INDEX = 2;
const SEND_TOKEN_INDEX = 3;

export function request(ctx: Context<MutationSendMessageArgs, SendMessageStash>): DynamoDBTransactWriteItemsRequest {
  if (ctx.stash.replay) {
    runtime.earlyReturn(ctx.stash.replay);
  }
  const input = ctx.args.input;
  const conversation = ctx.stash.conversation;
  const table = chatTableName(ctx);
  const now = util.time.nowISO8601();

  // Two ULIDs made in the same millisecond are not ordered by creation, so the
  // smaller goes to the user message: sk order then puts the question first.
  const firstId = util.autoUlid();
  const secondId = util.autoUlid();
  const userMessageId = firstId < secondId ? firstId : secondId;
  const assistantMessageId = firstId < secondId ? secondId : firstId;

  const userMessage: MessageItem = {
    ...messageKey(conversation.id, userMessageId),
    type: 'Message',
    id: userMessageId,
    conversationId: conversation.id,
    owner: conversation.owner,
    role: 'USER',
    content: input.content,
    status: 'COMPLETE',
    createdAt: now,
    updatedAt: now,
  };
  const assistantMessage: MessageItem = {
    ...messageKey(conversation.id, assistantMessageId),
    type: 'Message',
    id: assistantMessageId,
    conversationId: conversation.id,
    owner: conversation.owner,
    role: 'ASSISTANT',
    content: '',
    status: 'STREAMING',
    createdAt: now,
    updatedAt: now,
    modelId: ctx.stash.modelId,
  };

  const transactItems: TransactItem[] = [
    {
      table,
      operation: 'PutItem',
      key: util.dynamodb.toMapValues(messageKey(conversation.id, userMessageId)),
      attributeValues: util.dynamodb.toMapValues(userMessage),
      condition: { expression: 'attribute_not_exists(pk)', returnValuesOnConditionCheckFailure: false },
    },
    {
      table,
      operation: 'PutItem',
      key: util.dynamodb.toMapValues(messageKey(conversation.id, assistantMessageId)),
      attributeValues: util.dynamodb.toMapValues(assistantMessage),
      condition: { expression: 'attribute_not_exists(pk)', returnValuesOnConditionCheckFailure: false },
    },
    {
      table,
      operation: 'UpdateItem',
      key: util.dynamodb.toMapValues(conversationKey(conversation.id)),
      update: {
        expression: 'SET lastMessageAt = :now, updatedAt = :now',
        expressionValues: util.dynamodb.toMapValues({ ':now': now }),
      },
      // The conversation may have been deleted since 01.authorize read it.
      condition: { expression: 'attribute_exists(pk)', returnValuesOnConditionCheckFailure: false },
    },
  ];

  const clientToken = input.clientToken;
  if (clientToken) {
    const key = sendTokenKey(conversation.id, clientToken);
    const token: SendTokenItem = {
      ...key,
      type: 'SendToken',
      userMessageId,
      assistantMessageId,
      userMessage,
      contentHash: contentHash(input.content),
      expiresAt: sendTokenExpiresAt(),
    };
    transactItems.push({
      table,
      operation: 'PutItem',
      key: util.dynamodb.toMapValues(key),
      attributeValues: util.dynamodb.toMapValues(token),
      // An expired token that TTL has not removed yet may be reused.
      condition: newOrExpiredTokenCondition(),
    });
  }

  ctx.stash.sendResult = { userMessage, assistantMessageId };
  return { operation: 'TransactWriteItems', transactItems };
}

function failedCondition(reasons: CancellationReason[], index: number): boolean {
  const reason = reasons[index];
  return reason !== undefined && reason.type === CONDITION_FAILED_REASON;
}

export function response(ctx: Context<MutationSendMessageArgs, SendMessageStash>): SendMessageStash['sendResult'] {
  if (ctx.error) {
    const result = ctx.result as { cancellationReasons?: CancellationReason[] | null } | null;
    const reasons = (result && result.cancellationReasons) || [];
    if (failedCondition(reasons, SEND_TOKEN_INDEX)) {
      // A concurrent request with the same clientToken won the race.
      util.error('A request with this clientToken is already being processed', ErrorType.Conflict);
    }
    if (failedCondition(reasons, CONVERSATION_UPDATE_INDEX)) {
      util.error('Conversation not found', ErrorType.NotFound);
    }
  }
  raiseIfError(ctx, {
    [CONDITIONAL_CHECK_FAILED]: { errorType: ErrorType.Conflict, message: 'The conversation changed; retry' },
  });
  return ctx.stash.sendResult;
}
