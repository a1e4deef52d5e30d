import { util } from '@aws-appsync/utils';
import type { Context, DynamoDBGetItemRequest, DynamoDBQueryRequest } from '@aws-appsync/utils';
import type { AdvertItem, AdvertStash, AdvertVariantItem, AdvertWithVariants } from './advert-items';
import { ADVERT_SK, advertKey, advertPk } from './advert-keys';
import { ErrorType, notFound, raiseIfError } from './errors';
import { callerOwner } from './owner';

export const ADVERT_NOT_FOUND = 'Advert not found';
export const START_FAILED_MESSAGE = 'The advert could not be started';

/** The advert item alone, strongly consistent. */
export function getAdvertRequest(advertId: string): DynamoDBGetItemRequest {
  return { operation: 'GetItem', key: util.dynamodb.toMapValues(advertKey(advertId)), consistentRead: true };
}

/**
 * The advert's whole partition in one read: META, then VARIANT#00, VARIANT#01, ...
 * in sk order, so the variants come in position order. Strongly consistent: a
 * client recovering from missed chunks wants the latest checkpoint.
 */
export function getAdvertPartitionRequest(advertId: string): DynamoDBQueryRequest {
  return {
    operation: 'Query',
    query: { expression: 'pk = :pk', expressionValues: util.dynamodb.toMapValues({ ':pk': advertPk(advertId) }) },
    scanIndexForward: true,
    consistentRead: true,
  };
}

/** The variant items of a partition read, in sk (= position) order. */
export function variantsOf(items: Array<Record<string, unknown>>): AdvertVariantItem[] {
  return items.filter((item) => item.type === 'AdvertVariant') as AdvertVariantItem[];
}

/** The advert with its variants out of a partition read; null when there is no advert item. */
export function advertFromPartition(ctx: Context): AdvertWithVariants | null {
  raiseIfError(ctx);
  const result = ctx.result as { items?: Array<Record<string, unknown>> | null } | null;
  const items = (result && result.items) || [];
  const advert = items.find((item) => item.type === 'Advert' && item.sk === ADVERT_SK) as AdvertItem | undefined;
  if (!advert) {
    return null;
  }
  return { ...advert, variants: variantsOf(items) };
}

/**
 * The advert when the caller owns it; NotFound when missing; AppSync's
 * Unauthorized otherwise (never NotFound: another owner's ids do not leak).
 */
export function requireOwnedAdvert<T extends AdvertItem>(ctx: Context, advert: T | null | undefined): T {
  if (!advert) {
    notFound(ADVERT_NOT_FOUND);
  }
  if (advert.owner !== callerOwner(ctx)) {
    util.unauthorized();
  }
  return advert;
}

/** The response of an advert pipeline's authorize step (a partition read): the owned advert, stashed. */
export function stashOwnedAdvert<TArgs>(ctx: Context<TArgs, AdvertStash>): AdvertWithVariants {
  const advert = requireOwnedAdvert(ctx, advertFromPartition(ctx));
  ctx.stash.advert = advert;
  return advert;
}

/** TransactWriteItems names its table: the stack passes the AdvertsTable's name as an API environment variable. */
export function advertsTableName(ctx: Context): string {
  const name = ctx.env.ADVERTS_TABLE_NAME;
  if (!name) {
    util.error('ADVERTS_TABLE_NAME is not configured', ErrorType.Internal);
  }
  return name;
}
