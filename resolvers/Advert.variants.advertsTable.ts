import { runtime, util } from '@aws-appsync/utils';
import type { Context, DynamoDBQueryRequest } from '@aws-appsync/utils';
import { variantsOf } from './lib/advert';
import type { AdvertItem, AdvertVariantItem } from './lib/advert-items';
import { VARIANT_SK_PREFIX, advertPk } from './lib/advert-keys';
import { raiseIfError } from './lib/errors';

type AdvertSource = AdvertItem & { variants?: AdvertVariantItem[] | null };

/**
 * The parent's variants when it already carries them (advert, createAdvert,
 * deleteAdvert); else (adverts) one read of the partition's VARIANT# items, in
 * sk = position order. The parent was authorized by the field that returned it.
 */
export function request(ctx: Context): DynamoDBQueryRequest {
  const source = ctx.source as AdvertSource;
  if (source.variants) {
    runtime.earlyReturn(source.variants);
  }
  return {
    operation: 'Query',
    query: {
      expression: 'pk = :pk AND begins_with(sk, :prefix)',
      expressionValues: util.dynamodb.toMapValues({ ':pk': advertPk(source.id), ':prefix': VARIANT_SK_PREFIX }),
    },
    scanIndexForward: true,
    consistentRead: true,
  };
}

export function response(ctx: Context): AdvertVariantItem[] {
  raiseIfError(ctx);
  const result = ctx.result as { items?: Array<Record<string, unknown>> | null } | null;
  return variantsOf((result && result.items) || []);
}
