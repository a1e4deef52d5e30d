import type { Context, DynamoDBGetItemRequest } from '@aws-appsync/utils';
import type { SubscriptionOnAdvertChunkArgs } from '../generated/schema-types';
import { getAdvertRequest, requireOwnedAdvert } from '../lib/advert';
import type { AdvertItem } from '../lib/advert-items';
import { raiseIfError } from '../lib/errors';

export function request(ctx: Context<SubscriptionOnAdvertChunkArgs>): DynamoDBGetItemRequest {
  return getAdvertRequest(ctx.args.advertId);
}

/** Only the owner may subscribe to an advert's chunks. */
export function response(ctx: Context<SubscriptionOnAdvertChunkArgs>): null {
  raiseIfError(ctx);
  requireOwnedAdvert(ctx, ctx.result as AdvertItem | null);
  return null;
}
