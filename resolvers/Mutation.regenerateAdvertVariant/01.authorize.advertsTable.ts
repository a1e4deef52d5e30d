import type { Context, DynamoDBQueryRequest } from '@aws-appsync/utils';
import type { MutationRegenerateAdvertVariantArgs } from '../generated/schema-types';
import { getAdvertPartitionRequest, stashOwnedAdvert } from '../lib/advert';
import type { AdvertStash, AdvertVariantItem } from '../lib/advert-items';
import { notFound } from '../lib/errors';
import { requireAllowedModel } from '../lib/models';

export function request(ctx: Context<MutationRegenerateAdvertVariantArgs>): DynamoDBQueryRequest {
  return getAdvertPartitionRequest(ctx.args.advertId);
}

/** The caller's advert, and the variant to regenerate in it. */
export function response(ctx: Context<MutationRegenerateAdvertVariantArgs, AdvertStash>): AdvertVariantItem {
  const advert = stashOwnedAdvert(ctx);
  const variantId = ctx.args.variantId;
  const variant = advert.variants.find((candidate) => candidate.id === variantId);
  if (!variant) {
    return notFound('Advert variant not found');
  }
  // The allowed list may have shrunk since the advert was created.
  requireAllowedModel(ctx, advert.modelId);
  ctx.stash.variant = variant;
  return variant;
}
