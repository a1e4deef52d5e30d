// What the runtime modules (util, extensions) record while one field resolves.
// Resolver handlers are synchronous, so exactly one state is current at a time:
// the engine sets it around each handler call.
import type { AppSyncFieldError, AuthenticationType, SubscriptionFilterSet } from '../../types.js';

export interface InvocationState {
  typeName: string;
  fieldName: string;
  /** The field's type name, unwrapped (e.g. 'Post'), when known. */
  outputType?: string;
  authenticationType: AuthenticationType;
  errors: AppSyncFieldError[];
  subscriptionFilter?: SubscriptionFilterSet;
  subscriptionInvalidationFilter?: SubscriptionFilterSet;
  invalidations: Array<{ subscriptionField: string; payload: Record<string, unknown> }>;
  /** util.http.addResponseHeader(s): headers for the HTTP response (created on first use). */
  responseHeaders?: Record<string, string>;
}

let current: InvocationState | undefined;

export function currentInvocation(): InvocationState {
  if (!current) throw new Error('AppSync runtime utility called outside a resolver handler');
  return current;
}

/** Runs a synchronous handler with `state` as the current invocation. */
export function withInvocation<T>(state: InvocationState, run: () => T): T {
  const previous = current;
  current = state;
  try {
    return run();
  } finally {
    current = previous;
  }
}
