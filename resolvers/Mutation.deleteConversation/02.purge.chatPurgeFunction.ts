import type { Context, LambdaRequest } from '@aws-appsync/utils';
import type { MutationDeleteConversationArgs } from '../generated/schema-types';
import { raiseIfError } from '../lib/errors';
import type { ConversationItem, ConversationStash } from '../lib/items';

export function request(ctx: Context<MutationDeleteConversationArgs, ConversationStash>): LambdaRequest {
  // Synchronous: the mutation answers only once the partition is gone.
  return {
    operation: 'Invoke',
    invocationType: 'RequestResponse',
    payload: { conversationId: ctx.stash.conversation.id },
  };
}

export function response(ctx: Context<MutationDeleteConversationArgs, ConversationStash>): ConversationItem {
  raiseIfError(ctx);
  return ctx.stash.conversation;
}
