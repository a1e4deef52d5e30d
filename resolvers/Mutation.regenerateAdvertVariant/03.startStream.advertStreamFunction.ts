import { runtime } from '@aws-appsync/utils';
import type { Context, LambdaRequest } from '@aws-appsync/utils';
import type { MutationRegenerateAdvertVariantArgs } from '../generated/schema-types';
import type { AdvertStash, AdvertStreamEvent } from '../lib/advert-items';

export function request(ctx: Context<MutationRegenerateAdvertVariantArgs, AdvertStash>): LambdaRequest {
  const variant = ctx.stash.variant;
  if (!variant) {
    runtime.earlyReturn(null);
  }
  const event: AdvertStreamEvent = {
    advertId: ctx.stash.advert.id,
    owner: ctx.stash.advert.owner,
    variants: [{ id: variant.id, generation: variant.generation }],
    // Asking again means wanting other copy: the cached answer would be the same text.
    bypassCache: true,
  };
  return { operation: 'Invoke', invocationType: 'Event', payload: event };
}

export function response(ctx: Context<MutationRegenerateAdvertVariantArgs, AdvertStash>): unknown {
  // Deliberately not raiseIfError: the variant is STREAMING now, so a failed start
  // must first mark it FAILED (04.failUnstarted) and raise there.
  if (ctx.error) {
    ctx.stash.startError = { message: ctx.error.message, type: ctx.error.type };
    return null;
  }
  return ctx.result ?? null;
}
