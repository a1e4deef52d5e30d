// The registry of active subscriptions and the fan-out of mutation results to them.
// Delivery rules (https://docs.aws.amazon.com/appsync/latest/devguide/aws-appsync-real-time-data.html,
// .../aws-appsync-real-time-enhanced-filtering.html):
// - each non-null subscription argument must equal the same-named field of the result;
// - then the enhanced filter the subscription resolver set, if any;
// - the subscriber gets its own selection shaped from what the mutation selected.
// Payloads over 240 KB are not delivered (AppSync's subscription payload limit).
import type { Publication } from '../execute.js';
import type { Predicate } from './filters.js';
import type { Projector } from './projection.js';

export const MAX_PAYLOAD_BYTES = 240 * 1024;

export interface ActiveSubscription {
  id: string;
  /** The Subscription field. */
  field: string;
  /** Key of the field in the subscriber's response (its alias, if any). */
  responseKey: string;
  /** Non-null arguments, compared with the result's fields. */
  argumentEntries: Array<[string, unknown]>;
  filter: Predicate | undefined;
  invalidationFilter: Predicate | undefined;
  project: Projector;
  /** Identifies subscribers that render the same payload (same document, variables and auth view). */
  shapeKey: string;
  send(message: string): void;
  /** Ends the subscription from the server side (invalidation). */
  end(): void;
}

export interface FanOutStats {
  published: number;
  delivered: number;
  oversize: number;
}

function argumentMatches(expected: unknown, actual: unknown): boolean {
  if (expected === actual) return true;
  if (typeof expected === 'object' || typeof actual === 'object') return JSON.stringify(expected) === JSON.stringify(actual ?? null);
  return false;
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
    const payloads = new Map<string, string | null>();
    for (const field of fields) {
      const subscribers = this.byField.get(field);
      if (!subscribers) continue;
      for (const subscriber of subscribers) {
        if (!this.matches(subscriber, value)) continue;
        let payload = payloads.get(subscriber.shapeKey);
        if (payload === undefined) {
          payload = JSON.stringify({ data: { [subscriber.responseKey]: subscriber.project(value) } });
          if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) {
            this.stats.oversize += 1;
            this.log(`subscription payload for ${field} from ${publication.mutationField} is over 240 KB; not delivered`);
            payload = null;
          }
          payloads.set(subscriber.shapeKey, payload);
        }
        if (payload === null) continue;
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
        subscriber.end();
      }
    }
  }

  private matches(subscriber: ActiveSubscription, value: Record<string, unknown>): boolean {
    for (const [name, expected] of subscriber.argumentEntries) {
      if (!argumentMatches(expected, value[name])) return false;
    }
    return subscriber.filter ? subscriber.filter(value) : true;
  }
}
