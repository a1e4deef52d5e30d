// GetItems that resolvers send in the same turn of the event loop (the items of a list, or many
// clients at once) go to DynamoDB Local as one BatchGetItem per table, because each HTTP round
// trip costs DynamoDB Local more than the read does (a batch of 10 keys costs it a quarter of
// the CPU per item of 10 GetItems, measured here). What each resolver gets is what its own
// GetItem would have answered:
// - a lone GetItem (the usual case when the sandbox is not under load) is sent as a GetItem;
// - the batch is read after every request in it was made, with the group's consistentRead, so
//   a strongly consistent read still sees every write that finished before it was asked for;
// - when the batch fails (a key that does not match the schema, a table that does not exist),
//   leaves keys unprocessed, or returns an item it cannot match to a key, those requests are sent
//   as their own GetItem and get exactly its answer or error.
// GetItems with a projection are never batched (the projection may leave the key out).
import { getItem } from './items.js';
import { fromWireItem } from '../../runtime/attribute-values.js';
import { requireKey } from './expressions.js';
import type { DynamoDBWireClient, WireItem } from './wire-client.js';

type Request = Record<string, unknown>;

/** BatchGetItem takes at most 100 keys. */
const maxKeysPerBatch = 100;

interface Waiter {
  request: Request;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

interface PendingKey {
  key: WireItem;
  /** The key's attribute names, sorted. */
  names: string[];
  id: string;
  waiters: Waiter[];
}

interface Group {
  table: string;
  consistentRead: boolean;
  /** By id: identical keys are read once (BatchGetItem refuses duplicates). */
  keys: Map<string, PendingKey>;
}

/**
 * A number as DynamoDB gives it back: safe integers only, since two other numbers can map to
 * one double. A number written otherwise ("1.50") just finds no item and gets its own GetItem.
 */
function canonicalNumber(text: string): string {
  const value = Number(text);
  return Number.isSafeInteger(value) ? String(value) : text;
}

/** The key attributes `names` of an item (or a key) as text; undefined when one is missing. */
function keyId(item: WireItem, names: string[]): string | undefined {
  const parts: unknown[] = [];
  for (const name of names) {
    const value = item[name];
    if (value === undefined) return undefined;
    parts.push(name, value.N === undefined ? value : { N: canonicalNumber(value.N) });
  }
  return JSON.stringify(parts);
}

type BatchGetOutput = { Responses?: Record<string, WireItem[]>; UnprocessedKeys?: Record<string, { Keys?: WireItem[] }> };

export class GetItemCoalescer {
  private readonly groups = new Map<string, Group>();
  private flushScheduled = false;

  constructor(private readonly client: DynamoDBWireClient) {}

  get(table: string, request: Request): Promise<unknown> {
    if (request.projection !== undefined) return getItem(this.client, table, request);
    let key: WireItem;
    try {
      key = requireKey(request.key, 'GetItem');
    } catch {
      return getItem(this.client, table, request); // rejects with the request's own error
    }
    const consistentRead = request.consistentRead === true;
    const groupId = `${consistentRead ? 'consistent' : 'eventual'}:${table}`;
    let group = this.groups.get(groupId);
    if (!group) {
      group = { table, consistentRead, keys: new Map() };
      this.groups.set(groupId, group);
    }
    const names = Object.keys(key).sort();
    const id = keyId(key, names) ?? '';
    let pending = group.keys.get(id);
    if (!pending) {
      pending = { key, names, id, waiters: [] };
      group.keys.set(id, pending);
    }
    const { waiters } = pending;
    const answer = new Promise<unknown>((resolve, reject) => waiters.push({ request, resolve, reject }));
    this.scheduleFlush();
    return answer;
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // After this turn's I/O callbacks: every GetItem they started has joined by then.
    setImmediate(() => {
      this.flushScheduled = false;
      const groups = [...this.groups.values()];
      this.groups.clear();
      for (const group of groups) {
        const pending = [...group.keys.values()];
        if (pending.length === 1) {
          this.sendAlone(group.table, pending);
          continue;
        }
        for (let start = 0; start < pending.length; start += maxKeysPerBatch) {
          void this.sendBatch(group, pending.slice(start, start + maxKeysPerBatch));
        }
      }
    });
  }

  /** Each key as its own GetItem, its waiters sharing the answer. */
  private sendAlone(table: string, pending: PendingKey[]): void {
    for (const { waiters } of pending) {
      const first = waiters[0];
      if (!first) continue;
      getItem(this.client, table, first.request).then(
        (item) => waiters.forEach((waiter) => waiter.resolve(item)),
        (error: unknown) => waiters.forEach((waiter) => waiter.reject(error)),
      );
    }
  }

  private async sendBatch(group: Group, pending: PendingKey[]): Promise<void> {
    let output: BatchGetOutput;
    try {
      output = await this.client.call<BatchGetOutput>('BatchGetItem', {
        RequestItems: { [group.table]: { Keys: pending.map((entry) => entry.key), ...(group.consistentRead ? { ConsistentRead: true } : {}) } },
      });
    } catch {
      this.sendAlone(group.table, pending);
      return;
    }
    const items = output.Responses?.[group.table] ?? [];
    const unprocessed = output.UnprocessedKeys?.[group.table]?.Keys ?? [];
    const itemsById = new Map<string, Map<string, WireItem>>(); // by the key's attribute names
    const itemsOf = (names: string[]) => {
      const signature = names.join('\n');
      let byId = itemsById.get(signature);
      if (!byId) {
        byId = new Map();
        for (const item of items) {
          const id = keyId(item, names);
          if (id !== undefined) byId.set(id, item);
        }
        itemsById.set(signature, byId);
      }
      return byId;
    };
    const matched = new Set<WireItem>();
    const notReturned: PendingKey[] = [];
    for (const entry of pending) {
      const item = itemsOf(entry.names).get(entry.id);
      if (!item) {
        notReturned.push(entry);
        continue;
      }
      matched.add(item);
      const value = fromWireItem(item);
      entry.waiters.forEach((waiter) => waiter.resolve(value));
    }
    // A key without an item is absent from the table only when the batch left nothing out: no
    // unprocessed keys and no returned item that matched no key. Otherwise its own GetItem decides.
    if (unprocessed.length === 0 && matched.size === items.length) {
      for (const entry of notReturned) entry.waiters.forEach((waiter) => waiter.resolve(null));
    } else {
      this.sendAlone(group.table, notReturned);
    }
  }
}
