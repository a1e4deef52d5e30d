import type { Context, DynamoDBQueryRequest } from '@aws-appsync/utils';
import type { MutationDeleteAdvertArgs } from '../generated/schema-types';
import { getAdvertPartitionRequest, stashOwnedAdvert } from '../lib/advert';
import type { AdvertStash, AdvertWithVariants } from '../lib/advert-items';

/** The whole partition, so the removed advert is answered with its variants. */
export function request(ctx: Context<MutationDeleteAdvertArgs>): DynamoDBQueryRequest {
  return getAdvertPartitionRequest(ctx.args.id);
}

export function response(ctx: Context<MutationDeleteAdvertArgs, AdvertStash>): AdvertWithVariants {
  return stashOwnedAdvert(ctx);
}
