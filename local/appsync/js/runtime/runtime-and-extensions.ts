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

/** "You can only use at most five unique extensions.invalidateSubscriptions() method calls in any single request." */
const MAX_UNIQUE_INVALIDATIONS = 5;

export const extensions = {
  setSubscriptionFilter(filter: SubscriptionFilterSet): void {
    currentInvocation().subscriptionFilter = plain(filter);
  },
  setSubscriptionInvalidationFilter(filter: SubscriptionFilterSet): void {
    currentInvocation().subscriptionInvalidationFilter = plain(filter);
  },
  invalidateSubscriptions(invalidation: { subscriptionField: string; payload: Record<string, unknown> }): void {
    const state = currentInvocation();
    const call = plain(invalidation);
    const key = JSON.stringify(call);
    if (state.invalidations.some((earlier) => JSON.stringify(earlier) === key)) return;
    if (state.invalidations.length >= MAX_UNIQUE_INVALIDATIONS) {
      state.errors.push({
        message: `At most ${MAX_UNIQUE_INVALIDATIONS} unique extensions.invalidateSubscriptions() calls are allowed in a request`,
        errorType: 'InvalidationLimitExceeded',
      });
      return;
    }
    state.invalidations.push(call);
  },
  /** The local runtime has no resolver cache: nothing to evict. */
  evictFromApiCache(_typeName: string, _fieldName: string, _keyValuePair: Record<string, unknown>): void {},
};
