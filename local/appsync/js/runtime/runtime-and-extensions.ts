// `runtime` and `extensions` of '@aws-appsync/utils'.
// https://docs.aws.amazon.com/appsync/latest/devguide/runtime-utils-js.html
// https://docs.aws.amazon.com/appsync/latest/devguide/extensions-js.html
import type { SubscriptionFilterSet } from '../../types.js';
import { EarlyReturnSignal } from '../errors.js';
import { currentInvocation } from './invocation-state.js';

export const runtime = {
  earlyReturn(value?: unknown, options?: { skipTo?: 'END' | 'NEXT' }): never {
    const skipTo = options?.skipTo;
    if (skipTo !== undefined && skipTo !== 'END' && skipTo !== 'NEXT') {
      throw new TypeError(`runtime.earlyReturn: skipTo must be 'END' or 'NEXT', got ${String(skipTo)}`);
    }
    throw new EarlyReturnSignal(value, skipTo);
  },
};

// Values cross from the resolver's realm: a JSON round trip makes them plain host data.
const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value ?? null)) as T;

export const extensions = {
  setSubscriptionFilter(filter: SubscriptionFilterSet): void {
    currentInvocation().subscriptionFilter = plain(filter);
  },
  setSubscriptionInvalidationFilter(filter: SubscriptionFilterSet): void {
    currentInvocation().subscriptionInvalidationFilter = plain(filter);
  },
  invalidateSubscriptions(invalidation: { subscriptionField: string; payload: Record<string, unknown> }): void {
    currentInvocation().invalidations.push(plain(invalidation));
  },
  /** No caching locally: nothing to evict. */
  evictFromApiCache(): void {},
};
