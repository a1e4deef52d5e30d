// The registry of active subscriptions and the fan-out of mutation results to them.
// Delivery rules:
// - basic filtering: each argument the subscriber gave must equal the same-named field of the
//   result; an omitted argument matches everything, an explicit null only a null field ("Argument
//   null value has meaning", https://docs.aws.amazon.com/appsync/latest/devguide/aws-appsync-real-time-data.html);
// - enhanced filtering replaces it when the subscription resolver set a filter ("You can't use
//   basic filtering and enhanced filtering concurrently"), and ignores list results ("Enhanced
//   filters don't support filtering for top-level object lists"):
//   https://docs.aws.amazon.com/appsync/latest/devguide/aws-appsync-real-time-enhanced-filtering.html
// - the subscriber gets its own selection shaped from what the mutation selected (projection.ts);
// - a mutation payload over the 240 KB subscription payload quota is delivered to no one: AppSync
//   counts it as an InboundMessageError ("exceeding the 240 kB subscription payload size limit",
//   https://docs.aws.amazon.com/appsync/latest/devguide/monitoring.html; quota:
//   https://docs.aws.amazon.com/general/latest/gr/appsync.html).
import type { Publication } from '../execute.js';
import type { Predicate } from './filters.js';
import type { Projector } from './projection.js';

/** "Subscription payload size: 240 Kilobytes" (not adjustable). */
export const MAX_PAYLOAD_BYTES = 240 * 1024;

export interface ActiveSubscription {
  id: string;
  /** The Subscription field. */
  field: string;
  /** Key of the field in the subscriber's response (its alias, if any). */
  responseKey: string;
  /** The arguments the subscriber gave (explicit nulls included), compared with the result's fields. */
  argumentEntries: Array<[string, unknown]>;
  /** The enhanced filter its resolver set: when present, the arguments do not filter. */
  filter: Predicate | undefined;
  invalidationFilter: Predicate | undefined;
  project: Projector;
  /** Identifies subscribers that render the same payload (same document, variables and auth view). */
  shapeKey: string;
  send(message: string): void;
  /** Ends the subscription from the server side (extensions.invalidateSubscriptions). */
  invalidate(): void;
}

export interface FanOutStats {
  published: number;
  delivered: number;
  oversize: number;
}

function sameValue(expected: unknown, actual: unknown): boolean {
  if (expected === actual) return true;
  if (expected === null || actual === null || typeof expected !== 'object' || typeof actual !== 'object') return false;
  if (Array.isArray(expected) !== Array.isArray(actual)) return false;
  const expectedKeys = Object.keys(expected);
  const actualRecord = actual as Record<string, unknown>;
  return (
    expectedKeys.length === Object.keys(actual).length &&
    expectedKeys.every((key) => sameValue((expected as Record<string, unknown>)[key], actualRecord[key]))
  );
}

export class SubscriptionRegistry {
  private readonly byField = new Map<string, Set<ActiveSubscription>>();
  readonly stats: FanOutStats = { published: 0, delivered: 0, oversize: 0 };

  constructor(
    private subscriptionsByMutation: Map<string, string[]>,
    private readonly log: (line: string) => void,
  ) {}

  add(subscription: ActiveSubscription): void {
    let set = this.byField.get(subscription.field);
    if (!set) this.byField.set(subscription.field, (set = new Set()));
    set.add(subscription);
  }

  /** After a schema reload: which subscription fields each mutation now triggers. */
  replaceWiring(subscriptionsByMutation: Map<string, string[]>): void {
    this.subscriptionsByMutation = subscriptionsByMutation;
  }

  remove(subscription: ActiveSubscription): void {
    this.byField.get(subscription.field)?.delete(subscription);
  }

  get size(): number {
    let total = 0;
    for (const set of this.byField.values()) total += set.size;
    return total;
  }

  publish(publication: Publication): void {
    const fields = this.subscriptionsByMutation.get(publication.mutationField);
    if (!fields) return;
    this.stats.published += 1;
    const value = publication.value;
    if (!fields.some((field) => (this.byField.get(field)?.size ?? 0) > 0)) return;
    if (Buffer.byteLength(JSON.stringify(value)) > MAX_PAYLOAD_BYTES) {
      this.stats.oversize += 1;
      this.log(`realtime: the ${publication.mutationField} payload is over the 240 KB subscription payload limit; delivered to no subscriber`);
      return;
    }
    const payloads = new Map<string, string>();
    for (const field of fields) {
      const subscribers = this.byField.get(field);
      if (!subscribers) continue;
      for (const subscriber of subscribers) {
        if (!this.matches(subscriber, value)) continue;
        let payload = payloads.get(subscriber.shapeKey);
        if (payload === undefined) {
          const { value: projected, errors } = subscriber.project(value);
          payload = JSON.stringify({ data: { [subscriber.responseKey]: projected }, ...(errors.length > 0 ? { errors } : {}) });
          payloads.set(subscriber.shapeKey, payload);
        }
        subscriber.send(`{"id":${JSON.stringify(subscriber.id)},"type":"data","payload":${payload}}`);
        this.stats.delivered += 1;
      }
    }
  }

  /** extensions.invalidateSubscriptions: ends the subscriptions whose invalidation filter matches. */
  invalidate(field: string, payload: Record<string, unknown>): void {
    for (const subscriber of [...(this.byField.get(field) ?? [])]) {
      if (subscriber.invalidationFilter?.(payload)) {
        this.remove(subscriber);
        subscriber.invalidate();
      }
    }
  }

  private matches(subscriber: ActiveSubscription, value: Record<string, unknown>): boolean {
    if (subscriber.filter) return !Array.isArray(value) && subscriber.filter(value);
    for (const [name, expected] of subscriber.argumentEntries) {
      if (!sameValue(expected, value[name] ?? null)) return false;
    }
    return true;
  }
}
