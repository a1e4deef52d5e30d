import { runtime, util } from '@aws-appsync/utils';
import type { Context, DynamoDBGetItemRequest } from '@aws-appsync/utils';
import type { MutationSendMessageArgs } from '../generated/schema-types';
import { ErrorType, raiseIfError } from '../lib/errors';
import type { SendMessageStash, SendTokenItem } from '../lib/items';
import { sendTokenKey } from '../lib/keys';
import { isTokenLive } from '../lib/idempotency-token';
import { contentHash } from '../lib/send-token';

export function request(ctx: Context<MutationSendMessageArgs, SendMessageStash>): DynamoDBGetItemRequest {
  const { conversationId, clientToken } = ctx.args.input;
  if (!clientToken) {
    runtime.earlyReturn(null);
  }
  return {
    operation: 'GetItem',
    key: util.dynamodb.toMapValues(sendTokenKey(conversationId, clientToken)),
    consistentRead: true,
  };
}

export function response(ctx: Context<MutationSendMessageArgs, SendMessageStash>): SendTokenItem | null {
  raiseIfError(ctx);
  const token = ctx.result as SendTokenItem | null;
  if (!token || !isTokenLive(token.expiresAt)) {
    return null;
  }
  if (token.contentHash !== contentHash(ctx.args.input.content)) {
    util.error('This clientToken was already used with different content', ErrorType.IdempotencyConflict);
  }
  ctx.stash.replay = { userMessage: token.userMessage, assistantMessageId: token.assistantMessageId };
  return token;
}
