import { util } from '@aws-appsync/utils';
import type { Context, DynamoDBGetItemRequest } from '@aws-appsync/utils';
import type { SubscriptionOnAdvertChunkArgs } from '../generated/schema-types';
import { getAdvertRequest } from '../lib/advert';
import { callerOwner } from '../lib/owner';
import type { AdvertItem } from '../lib/advert-items';
import { raiseIfError } from '../lib/errors';

export function request(ctx: Context<SubscriptionOnAdvertChunkArgs>): DynamoDBGetItemRequest {
  return getAdvertRequest(ctx.args.advertId);
}

/**
 * Another owner's advert is refused. An advert that does not exist yet is allowed: a client
 * subscribes before createAdvert (with the id it chose) to miss no chunk, and the owner
 * filter (resolver.ts) keeps anyone else's chunks away whatever id is guessed.
 */
export function response(ctx: Context<SubscriptionOnAdvertChunkArgs>): null {
  raiseIfError(ctx);
  const owner = callerOwner(ctx);
  const advert = ctx.result as AdvertItem | null;
  if (advert && advert.owner !== owner) {
    util.unauthorized();
  }
  return null;
}
