import { util } from '@aws-appsync/utils';
import type { Context, DynamoDBQueryRequest } from '@aws-appsync/utils';
import type { QueryAdvertArgs } from '../generated/schema-types';
import { advertFromPartition, getAdvertPartitionRequest } from '../lib/advert';
import type { AdvertWithVariants } from '../lib/advert-items';
import { callerOwner } from '../lib/owner';

/** The advert and its variants (position order) in one read. */
export function request(ctx: Context<QueryAdvertArgs>): DynamoDBQueryRequest {
  return getAdvertPartitionRequest(ctx.args.id);
}

/** Null when absent; another owner's advert is Unauthorized, as for a conversation. */
export function response(ctx: Context<QueryAdvertArgs>): AdvertWithVariants | null {
  const advert = advertFromPartition(ctx);
  if (!advert) {
    return null;
  }
  if (advert.owner !== callerOwner(ctx)) {
    util.unauthorized();
  }
  return advert;
}
