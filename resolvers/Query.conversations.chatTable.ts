import type { Context, DynamoDBQueryRequest } from '@aws-appsync/utils';
import type { QueryConversationsArgs } from './generated/schema-types';
import type { ConversationItem } from './lib/items';
import { listOwnedRequest, ownedPage } from './lib/owner-list';

export function request(ctx: Context<QueryConversationsArgs>): DynamoDBQueryRequest {
  return listOwnedRequest(ctx, 20);
}

export function response(ctx: Context<QueryConversationsArgs>): { items: ConversationItem[]; nextToken: string | null } {
  return ownedPage<ConversationItem>(ctx);
}
