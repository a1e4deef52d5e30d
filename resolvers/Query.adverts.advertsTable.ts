import type { Context, DynamoDBQueryRequest } from '@aws-appsync/utils';
import type { QueryAdvertsArgs } from './generated/schema-types';
import type { AdvertItem } from './lib/advert-items';
import { listOwnedRequest, ownedPage } from './lib/owner-list';

const DEFAULT_LIMIT = 20;

/**
 * The caller's adverts through byOwner, newest first. Only advert items carry
 * gsi1pk in the AdvertsTable, so the index holds nothing else (a filter here
 * would shorten pages for nothing); Advert.variants reads each one's variants.
 */
export function request(ctx: Context<QueryAdvertsArgs>): DynamoDBQueryRequest {
  return listOwnedRequest(ctx, DEFAULT_LIMIT);
}

export function response(ctx: Context<QueryAdvertsArgs>): { items: AdvertItem[]; nextToken: string | null } {
  const page = ownedPage<AdvertItem>(ctx);
  // Belt and braces: an item of another type in the index must never answer as an Advert.
  return { items: page.items.filter((item) => item.type === 'Advert'), nextToken: page.nextToken };
}
