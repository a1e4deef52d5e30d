import type { Context, NONERequest } from '@aws-appsync/utils';
import type { MessageChunk, MutationPublishMessageChunkArgs } from './generated/schema-types';
import { raiseIfError } from './lib/errors';

// Local resolver: the chunk is echoed back, and AppSync fans it out to onMessageChunk.
export function request(ctx: Context<MutationPublishMessageChunkArgs>): NONERequest {
  return { payload: ctx.args.input };
}

export function response(ctx: Context<MutationPublishMessageChunkArgs>): MessageChunk {
  raiseIfError(ctx);
  return ctx.result as MessageChunk;
}
