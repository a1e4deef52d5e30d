// Enhanced subscription filters: groups are OR-ed, the filters in a group AND-ed.
// Operators as documented in https://docs.aws.amazon.com/appsync/latest/devguide/aws-appsync-real-time-enhanced-filtering.html
// fieldName may address nested fields with dots ("author.id").
import type { SubscriptionFilterSet } from '../../types.js';

export type Predicate = (data: Record<string, unknown>) => boolean;

export class InvalidFilterError extends Error {
  override name = 'InvalidFilterError';
}

type Operator = (field: unknown, value: unknown) => boolean;

const comparable = (a: unknown, b: unknown): boolean =>
  (typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string');

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

function contains(field: unknown, value: unknown): boolean {
  if (typeof field === 'string') return typeof value === 'string' && field.includes(value);
  if (Array.isArray(field)) return field.some((item) => equal(item, value));
  return false;
}

const OPERATORS: Record<string, Operator> = {
  eq: (f, v) => equal(f ?? null, v ?? null),
  ne: (f, v) => !equal(f ?? null, v ?? null),
  le: (f, v) => comparable(f, v) && (f as number) <= (v as number),
  lt: (f, v) => comparable(f, v) && (f as number) < (v as number),
  ge: (f, v) => comparable(f, v) && (f as number) >= (v as number),
  gt: (f, v) => comparable(f, v) && (f as number) > (v as number),
  contains,
  notContains: (f, v) => !contains(f, v),
  beginsWith: (f, v) => typeof f === 'string' && typeof v === 'string' && f.startsWith(v),
  in: (f, v) => Array.isArray(v) && v.some((item) => equal(item, f ?? null)),
  notIn: (f, v) => Array.isArray(v) && !v.some((item) => equal(item, f ?? null)),
  between: (f, v) =>
    Array.isArray(v) && v.length === 2 && comparable(f, v[0]) && comparable(f, v[1]) && (v[0] as number) <= (f as number) && (f as number) <= (v[1] as number),
  containsAny: (f, v) => Array.isArray(v) && (Array.isArray(f) ? v.some((item) => f.some((x) => equal(x, item))) : v.some((item) => contains(f, item))),
};

function reader(fieldName: string): (data: Record<string, unknown>) => unknown {
  const parts = fieldName.split('.');
  if (parts.length === 1) return (data) => data[fieldName];
  return (data) => {
    let current: unknown = data;
    for (const part of parts) {
      if (current === null || typeof current !== 'object') return undefined;
      current = (current as Record<string, unknown>)[part];
    }
    return current;
  };
}

export function compileFilter(filter: SubscriptionFilterSet): Predicate {
  if (!Array.isArray(filter.filterGroup)) throw new InvalidFilterError('filterGroup must be an array.');
  const groups = filter.filterGroup.map((group) =>
    group.filters.map(({ fieldName, operator, value }) => {
      const op = OPERATORS[operator];
      if (!op) throw new InvalidFilterError(`Unsupported filter operator: ${operator}`);
      const read = reader(fieldName);
      return (data: Record<string, unknown>) => op(read(data), value);
    }),
  );
  return (data) => groups.some((filters) => filters.every((test) => test(data)));
}
