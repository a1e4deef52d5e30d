import { extensions, util } from '@aws-appsync/utils';
import type { Context } from '@aws-appsync/utils';
import type { AdvertChunk, SubscriptionOnAdvertChunkArgs } from '../generated/schema-types';
import { raiseIfError } from '../lib/errors';
import { callerOwner } from '../lib/owner';

export function request(): Record<string, never> {
  return {};
}

/**
 * The advertId argument already filters; the owner filter makes sure a chunk
 * only ever reaches its owner, whatever advert id is guessed.
 */
export function response(ctx: Context<SubscriptionOnAdvertChunkArgs>): null {
  raiseIfError(ctx);
  extensions.setSubscriptionFilter(util.transform.toSubscriptionFilter<AdvertChunk>({ owner: { eq: callerOwner(ctx) } }));
  return null;
}
