import { runtime } from '@aws-appsync/utils';
import type { Context, LambdaRequest } from '@aws-appsync/utils';
import type { MutationCreateAdvertArgs } from '../generated/schema-types';
import type { AdvertStreamEvent, CreateAdvertStash } from '../lib/advert-items';

export function request(ctx: Context<MutationCreateAdvertArgs, CreateAdvertStash>): LambdaRequest {
  const advert = ctx.stash.advert;
  const variants = ctx.stash.variants;
  // A replay answers with the first advert: its variants were started back then.
  if (ctx.stash.replayed || !advert || !variants) {
    runtime.earlyReturn(null);
  }
  const event: AdvertStreamEvent = {
    advertId: advert.id,
    owner: advert.owner,
    variants: variants.map((variant) => ({ id: variant.id, generation: variant.generation })),
    bypassCache: advert.bypassCache,
  };
  // 'Event': AppSync returns once Lambda has queued the invocation, before any text exists.
  return { operation: 'Invoke', invocationType: 'Event', payload: event };
}

export function response(ctx: Context<MutationCreateAdvertArgs, CreateAdvertStash>): unknown {
  // Deliberately not raiseIfError: the advert is stored, so a failed start must first
  // mark its variants FAILED (03.failUnstarted) and raise there.
  if (ctx.error) {
    ctx.stash.startError = { message: ctx.error.message, type: ctx.error.type };
    return null;
  }
  return ctx.result ?? null;
}
