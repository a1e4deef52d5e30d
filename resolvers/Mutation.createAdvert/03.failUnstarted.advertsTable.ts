import { runtime, util } from '@aws-appsync/utils';
import type { Context, DynamoDBTransactWriteItemsRequest } from '@aws-appsync/utils';
import type { MutationCreateAdvertArgs } from '../generated/schema-types';
import { START_FAILED_MESSAGE, advertsTableName } from '../lib/advert';
import type { CreateAdvertStash } from '../lib/advert-items';
import { variantKey } from '../lib/advert-keys';
import { ErrorType, raiseIfError } from '../lib/errors';
import { failedStartUpdate, streamingAtGeneration } from '../lib/failed-start';

const TRANSACTION_CANCELED = 'DynamoDB:TransactionCanceledException';

/**
 * Every variant FAILED, in one transaction, each only while it is still STREAMING
 * at generation 1: a failed condition means the stream did start after all, and then
 * the stream owns every variant, so all or none is right.
 */
export function request(ctx: Context<MutationCreateAdvertArgs, CreateAdvertStash>): DynamoDBTransactWriteItemsRequest {
  const advert = ctx.stash.advert;
  const variants = ctx.stash.variants;
  if (!ctx.stash.startError || !advert || !variants || variants.length === 0) {
    runtime.earlyReturn(null);
  }
  const table = advertsTableName(ctx);
  return {
    operation: 'TransactWriteItems',
    transactItems: variants.map((variant) => ({
      table,
      operation: 'UpdateItem' as const,
      key: util.dynamodb.toMapValues(variantKey(advert.id, variant.position)),
      update: failedStartUpdate(START_FAILED_MESSAGE),
      condition: { ...streamingAtGeneration(variant.generation), returnValuesOnConditionCheckFailure: false },
    })),
  };
}

export function response(ctx: Context<MutationCreateAdvertArgs, CreateAdvertStash>): null {
  // A cancelled transaction means a variant already left STREAMING: still report the failed start.
  if (!ctx.error || ctx.error.type !== TRANSACTION_CANCELED) {
    raiseIfError(ctx);
  }
  const advert = ctx.stash.advert;
  const variants = ctx.stash.variants ?? [];
  return util.error(START_FAILED_MESSAGE, ErrorType.Internal, null, {
    advertId: advert ? advert.id : null,
    variantIds: variants.map((variant) => variant.id),
  });
}
