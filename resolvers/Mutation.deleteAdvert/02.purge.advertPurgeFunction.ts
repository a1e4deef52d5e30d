import type { Context, LambdaRequest } from '@aws-appsync/utils';
import type { MutationDeleteAdvertArgs } from '../generated/schema-types';
import type { AdvertPurgeEvent, AdvertStash, AdvertWithVariants } from '../lib/advert-items';
import { raiseIfError } from '../lib/errors';

export function request(ctx: Context<MutationDeleteAdvertArgs, AdvertStash>): LambdaRequest {
  const advert = ctx.stash.advert;
  const event: AdvertPurgeEvent = { advertId: advert.id, owner: advert.owner };
  // Synchronous: the mutation answers only once the images and the partition are gone.
  return { operation: 'Invoke', invocationType: 'RequestResponse', payload: event };
}

export function response(ctx: Context<MutationDeleteAdvertArgs, AdvertStash>): AdvertWithVariants {
  raiseIfError(ctx);
  return ctx.stash.advert;
}
