import type { Context } from '@aws-appsync/utils';
import type { MutationSendMessageArgs } from '../generated/schema-types';
import { raiseIfError } from '../lib/errors';
import type { SendMessageResult, SendMessageStash } from '../lib/items';

export function request(): Record<string, never> {
  return {};
}

/** The payload comes from the stash: the first call's result on a replay, else the new messages. */
export function response(ctx: Context<MutationSendMessageArgs, SendMessageStash>): SendMessageResult | undefined {
  raiseIfError(ctx);
  return ctx.stash.replay ?? ctx.stash.sendResult;
}
