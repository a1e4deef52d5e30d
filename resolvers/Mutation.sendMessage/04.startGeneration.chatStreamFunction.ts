import { runtime } from '@aws-appsync/utils';
import type { Context, LambdaRequest } from '@aws-appsync/utils';
import type { MutationSendMessageArgs } from '../generated/schema-types';
import type { ChatStreamEvent } from '../lib/generation';
import type { SendMessageStash } from '../lib/items';

export function request(ctx: Context<MutationSendMessageArgs, SendMessageStash>): LambdaRequest {
  const sent = ctx.stash.sendResult;
  if (ctx.stash.replay || !sent) {
    runtime.earlyReturn(null);
  }
  const conversation = ctx.stash.conversation;
  const input = ctx.args.input;
  const event: ChatStreamEvent = {
    conversationId: conversation.id,
    userMessageId: sent.userMessage.id,
    assistantMessageId: sent.assistantMessageId,
    owner: conversation.owner,
    modelId: ctx.stash.modelId,
  };
  if (conversation.systemPrompt) {
    event.systemPrompt = conversation.systemPrompt;
  }
  if (input.inferenceConfig) {
    event.inferenceConfig = input.inferenceConfig;
  }
  // 'Event': AppSync returns once Lambda has queued the invocation, before any token exists.
  return { operation: 'Invoke', invocationType: 'Event', payload: event };
}

export function response(ctx: Context<MutationSendMessageArgs, SendMessageStash>): unknown {
  // Deliberately not raiseIfError: the messages are already stored, so a failed
  // start must first mark the placeholder FAILED (05.failUnstarted) and raise there.
  if (ctx.error) {
    ctx.stash.startError = { message: ctx.error.message, type: ctx.error.type };
    return null;
  }
  return ctx.result ?? null;
}
