import type { Context, DynamoDBGetItemRequest } from '@aws-appsync/utils';
import type { MutationSendMessageArgs } from '../generated/schema-types';
import { getConversationRequest, requireOwnedConversation } from '../lib/conversation';
import { raiseIfError } from '../lib/errors';
import type { ConversationItem, SendMessageStash } from '../lib/items';
import { requireAllowedModel } from '../lib/models';
import { validateSendMessageInput } from '../lib/validate';

export function request(ctx: Context<MutationSendMessageArgs>): DynamoDBGetItemRequest {
  const input = ctx.args.input;
  validateSendMessageInput(input);
  // An explicit override is checked before any read; the conversation's own model after it.
  if (input.modelId !== null && input.modelId !== undefined) {
    requireAllowedModel(ctx, input.modelId);
  }
  return getConversationRequest(input.conversationId);
}

export function response(ctx: Context<MutationSendMessageArgs, SendMessageStash>): ConversationItem {
  raiseIfError(ctx);
  const conversation = requireOwnedConversation(ctx, ctx.result as ConversationItem | null);
  // The allowed list may have shrunk since the conversation was created.
  ctx.stash.modelId = requireAllowedModel(ctx, ctx.args.input.modelId ?? conversation.modelId);
  ctx.stash.conversation = conversation;
  return conversation;
}
