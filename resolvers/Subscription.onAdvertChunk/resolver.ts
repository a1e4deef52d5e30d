import { extensions, util } from '@aws-appsync/utils';
import type { Context } from '@aws-appsync/utils';
import type { AdvertChunk, SubscriptionOnAdvertChunkArgs } from '../generated/schema-types';
import { raiseIfError } from '../lib/errors';
import { callerOwner } from '../lib/owner';

export function request(): Record<string, never> {
  return {};
}

/**
 * A filter set here replaces the argument filtering, so it names the advert too; the owner
 * rule makes sure a chunk only ever reaches its owner, whatever advert id is guessed.
 * https://docs.aws.amazon.com/appsync/latest/devguide/aws-appsync-real-time-enhanced-filtering.html
 */
export function response(ctx: Context<SubscriptionOnAdvertChunkArgs>): null {
  raiseIfError(ctx);
  extensions.setSubscriptionFilter(util.transform.toSubscriptionFilter<AdvertChunk>({
    owner: { eq: callerOwner(ctx) },
    advertId: { eq: ctx.args.advertId },
  }));
  return null;
}
