// Enhanced subscription filters (and invalidation filters, which share their syntax and logic):
// the groups of a filterGroup are ORed, the filters inside a group ANDed.
// Operators, value types and limits: "Argument: filterJsonObject" of
// https://docs.aws.amazon.com/appsync/latest/devguide/extensions.html (the JS page,
// extensions-js.html, points there); nesting: "Additional enhanced filtering restrictions" of
// https://docs.aws.amazon.com/appsync/latest/devguide/aws-appsync-real-time-enhanced-filtering.html
import type { SubscriptionFilterSet } from '../../types.js';

export type Predicate = (data: Record<string, unknown>) => boolean;

/** A filter AppSync refuses when the subscription starts; the message is the start error's. */
export class InvalidFilterError extends Error {
  override name = 'InvalidFilterError';
}

/** The documented limits ("Exceptions" on the extensions page). */
export const FILTER_LIMITS = {
  /** "a maximum of five unique fieldName items per filter" */
  fieldNamesPerFilter: 5,
  /** "Each filterGroup can have a maximum of 10 filters", `in` values counting as alternatives. */
  filtersPerGroup: 10,
  inValues: 5,
  containsAnyValues: 20,
  stringLength: 256,
  /** "Filters on schema fields past nesting level five will be ignored." */
  nestingLevels: 5,
} as const;

type Operator = (field: unknown, value: unknown) => boolean;

const isScalar = (value: unknown): value is string | number | boolean => ['string', 'number', 'boolean'].includes(typeof value);

/** le/lt/ge/gt/between compare numbers with numbers and strings with strings (case-sensitive). */
const comparable = (a: unknown, b: unknown): boolean =>
  (typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string');

/** "checks for a substring, subsequence, or value in a set or single item" */
function contains(field: unknown, value: unknown): boolean {
  if (typeof field === 'string' && typeof value === 'string') return field.includes(value);
  if (Array.isArray(field)) return field.some((item) => item === value);
  return field !== undefined && field !== null && field === value;
}

const OPERATORS: Record<string, Operator> = {
  eq: (f, v) => (f ?? null) === (v ?? null),
  ne: (f, v) => (f ?? null) !== (v ?? null),
  le: (f, v) => comparable(f, v) && (f as number) <= (v as number),
  lt: (f, v) => comparable(f, v) && (f as number) < (v as number),
  ge: (f, v) => comparable(f, v) && (f as number) >= (v as number),
  gt: (f, v) => comparable(f, v) && (f as number) > (v as number),
  contains,
  notContains: (f, v) => !contains(f, v),
  beginsWith: (f, v) => typeof f === 'string' && typeof v === 'string' && f.startsWith(v),
  in: (f, v) => (v as unknown[]).some((item) => item === f),
  notIn: (f, v) => !(v as unknown[]).some((item) => item === f),
  // The page's example: between [1, 5] matches "values 2, 3, 4" (the bounds are excluded).
  between: (f, v) => {
    const [low, high] = v as [unknown, unknown];
    return comparable(f, low) && comparable(f, high) && (low as number) < (f as number) && (f as number) < (high as number);
  },
  // "the intersection of the subscription notification field set value and filter set value is non empty"
  containsAny: (f, v) => {
    const values = v as unknown[];
    return Array.isArray(f) ? f.some((item) => values.includes(item)) : f !== undefined && f !== null && values.includes(f);
  },
};

export const SUBSCRIPTION_FILTER_OPERATORS = Object.keys(OPERATORS);

function reader(path: string[]): (data: Record<string, unknown>) => unknown {
  const [only] = path;
  if (path.length === 1 && only !== undefined) return (data) => data[only];
  return (data) => {
    let current: unknown = data;
    for (const part of path) {
      if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
      current = (current as Record<string, unknown>)[part];
    }
    return current;
  };
}

interface Condition {
  fieldName: string;
  operator: string;
  value: unknown;
}

function checkValue(condition: Condition, where: string): void {
  const { operator, value, fieldName } = condition;
  const tooLong = (s: unknown) => typeof s === 'string' && s.length > FILTER_LIMITS.stringLength;
  const fail = (why: string) => {
    throw new InvalidFilterError(`${why} (${fieldName} ${operator}) ${where}`);
  };
  if (operator === 'in' || operator === 'notIn' || operator === 'containsAny') {
    if (!Array.isArray(value) || !value.every(isScalar)) fail(`The ${operator} operator needs an array of integer, float or string values`);
    const max = operator === 'containsAny' ? FILTER_LIMITS.containsAnyValues : FILTER_LIMITS.inValues;
    if ((value as unknown[]).length > max) fail(`The ${operator} operator accepts at most ${max} values`);
    if ((value as unknown[]).some(tooLong)) fail(`Filter strings can have at most ${FILTER_LIMITS.stringLength} characters`);
  } else if (operator === 'between') {
    if (!Array.isArray(value) || value.length !== 2 || !value.every((v) => typeof v === 'number' || typeof v === 'string')) {
      fail('The between operator needs a pair of integer, float or string values');
    }
    if ((value as unknown[]).some(tooLong)) fail(`Filter strings can have at most ${FILTER_LIMITS.stringLength} characters`);
  } else {
    // null is not among the documented value types; eq/ne accept it (it matches a null or absent field).
    const nullable = (operator === 'eq' || operator === 'ne') && value === null;
    if (!isScalar(value) && !nullable) fail(`The ${operator} operator needs an integer, float, string or Boolean value`);
    if (tooLong(value)) fail(`Filter strings can have at most ${FILTER_LIMITS.stringLength} characters`);
  }
}

/**
 * Validates a filterJsonObject as AppSync does when the subscription starts and compiles it.
 * `subscriptionField` names the subscription in the error messages.
 */
export function compileFilter(filter: SubscriptionFilterSet, subscriptionField = 'subscription'): Predicate {
  const where = `for subscription ${subscriptionField}`;
  if (!filter || !Array.isArray(filter.filterGroup)) throw new InvalidFilterError(`filterGroup must be an array ${where}`);
  let combinations = 0;
  const groups = filter.filterGroup.map((group) => {
    if (!group || !Array.isArray(group.filters)) throw new InvalidFilterError(`Each filterGroup entry needs a filters array ${where}`);
    const seen = new Set<string>();
    let alternatives = 1;
    const tests: Predicate[] = [];
    for (const raw of group.filters as Condition[]) {
      const { fieldName, operator, value } = raw ?? {};
      if (typeof fieldName !== 'string' || fieldName === '') throw new InvalidFilterError(`Each filter needs a fieldName ${where}`);
      const op = typeof operator === 'string' ? OPERATORS[operator] : undefined;
      if (!op) throw new InvalidFilterError(`Unsupported filter operator: ${String(operator)} ${where}`);
      if (fieldName.length > FILTER_LIMITS.stringLength) throw new InvalidFilterError(`Filter strings can have at most ${FILTER_LIMITS.stringLength} characters ${where}`);
      checkValue({ fieldName, operator, value }, where);
      // The wording of AppSync's own refusals, as clients match them (aws-amplify/amplify-js#11000).
      if (seen.has(fieldName)) throw new InvalidFilterError(`filter uses same fieldName multiple time: ${fieldName} ${where}`);
      seen.add(fieldName);
      if (seen.size > FILTER_LIMITS.fieldNamesPerFilter) {
        throw new InvalidFilterError(`Filters exceed maximum attributes limit ${FILTER_LIMITS.fieldNamesPerFilter} ${where}`);
      }
      if (operator === 'in') alternatives *= Math.max((value as unknown[]).length, 1);
      const path = fieldName.split('.');
      if (path.length > FILTER_LIMITS.nestingLevels) continue;
      const read = reader(path);
      tests.push((data) => op(read(data), value));
    }
    combinations += alternatives;
    return tests;
  });
  // "The in operator is a special case of OR logic": each of its values counts as one filter.
  if (combinations > FILTER_LIMITS.filtersPerGroup) {
    throw new InvalidFilterError(`Filters combination exceed maximum limit ${FILTER_LIMITS.filtersPerGroup} ${where}`);
  }
  // An empty filterGroup (toSubscriptionFilter of an empty or wholly ignored object) constrains nothing.
  if (groups.length === 0) return () => true;
  return (data) => groups.some((tests) => tests.every((test) => test(data)));
}
