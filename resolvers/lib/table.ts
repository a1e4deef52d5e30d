import { util } from '@aws-appsync/utils';
import type { Context } from '@aws-appsync/utils';
import { ErrorType } from './errors';

/**
 * TransactWriteItems names its table in every item, and a data source does not
 * expose it to code: the stack passes the physical name as an API environment variable.
 */
export function chatTableName(ctx: Context): string {
  const name = ctx.env.CHAT_TABLE_NAME;
  if (!name) {
    util.error('CHAT_TABLE_NAME is not configured', ErrorType.Internal);
  }
  return name;
}
