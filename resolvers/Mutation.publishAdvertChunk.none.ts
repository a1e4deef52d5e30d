import type { Context, NONERequest } from '@aws-appsync/utils';
import type { AdvertChunk, MutationPublishAdvertChunkArgs } from './generated/schema-types';
import { raiseIfError } from './lib/errors';

// Local resolver: the chunk is echoed back, and AppSync fans it out to onAdvertChunk.
export function request(ctx: Context<MutationPublishAdvertChunkArgs>): NONERequest {
  return { payload: ctx.args.input };
}

export function response(ctx: Context<MutationPublishAdvertChunkArgs>): AdvertChunk {
  raiseIfError(ctx);
  return ctx.result as AdvertChunk;
}
