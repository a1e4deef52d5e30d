import { util } from '@aws-appsync/utils';
import type { AppSyncIdentityCognito, Context } from '@aws-appsync/utils';

/** With an API key every caller shares one owner (README "Chat data model"). */
export const GUEST_OWNER = 'guest';

/** Who owns what the caller creates or reads: the Cognito sub, or the guest owner for API keys. */
export function callerOwner(ctx: Context): string {
  const authType = util.authType();
  if (authType === 'User Pool Authorization') {
    const identity = ctx.identity as AppSyncIdentityCognito | null | undefined;
    if (identity && identity.sub) {
      return identity.sub;
    }
  }
  if (authType === 'API Key Authorization') {
    return GUEST_OWNER;
  }
  return util.unauthorized();
}
