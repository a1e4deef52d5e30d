// util.transform.toSubscriptionFilter: a filter object -> { filterGroup: [{ filters }] }.
// A filterGroup is an OR of groups, each group an AND of filters. As the reference page
// documents: several operators on one field are ORed (one group each), `and`/`or` nest,
// ignored fields are dropped at every level, and `rules` are ORed with each other and
// ANDed onto every group ("at least one of the rules" must hold).
// https://docs.aws.amazon.com/appsync/latest/devguide/transformation-helpers-in-utils-transform-js.html
import type { SubscriptionFilterSet } from '../../types.js';

type Filter = { fieldName: string; operator: string; value?: unknown };
type Group = Filter[];

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every way to pick one group from `left` and one from `right`, concatenated. */
const cross = (left: Group[], right: Group[]): Group[] => left.flatMap((a) => right.map((b) => [...a, ...b]));

/** One alternative per operator: { gte: 20, lte: 50 } reads "gte 20 OR lte 50". */
function fieldAlternatives(fieldName: string, spec: unknown): Group[] {
  if (!isPlainObject(spec)) throw new TypeError(`Subscription filter for '${fieldName}' must be an object of operators`);
  return Object.entries(spec)
    .filter(([, value]) => value !== undefined)
    .map(([operator, value]) => [{ fieldName, operator, value }]);
}

const asList = (value: unknown): Record<string, unknown>[] =>
  (Array.isArray(value) ? value : [value]).filter(isPlainObject);

function groupsOf(filter: Record<string, unknown>, ignored: ReadonlySet<string>): Group[] {
  let groups: Group[] = [[]];
  for (const [key, spec] of Object.entries(filter)) {
    if (spec === undefined || spec === null || ignored.has(key)) continue;
    if (key === 'or') {
      const branches = asList(spec).flatMap((branch) => groupsOf(branch, ignored)).filter((g) => g.length > 0);
      if (branches.length > 0) groups = cross(groups, branches);
    } else if (key === 'and') {
      for (const part of asList(spec)) {
        const partGroups = groupsOf(part, ignored).filter((g) => g.length > 0);
        if (partGroups.length > 0) groups = cross(groups, partGroups);
      }
    } else {
      const alternatives = fieldAlternatives(key, spec);
      if (alternatives.length > 0) groups = cross(groups, alternatives);
    }
  }
  return groups;
}

/**
 * A filter given as JSON text is parsed first: the page's client-defined filter passes the
 * `filter: String` argument ('{"severity":{"le":2}}') straight to toSubscriptionFilter.
 * https://docs.aws.amazon.com/appsync/latest/devguide/aws-appsync-real-time-enhanced-filtering.html#aws-appsync-real-time-enhanced-filtering-defining-from-client
 */
function asObject(value: unknown, argument: string): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  const parsed = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  if (!isPlainObject(parsed)) throw new TypeError(`util.transform.toSubscriptionFilter: the ${argument} must be an object`);
  return parsed;
}

export function toSubscriptionFilter(
  filter: Record<string, unknown> | string,
  ignoredFields?: string[] | null,
  rules?: Record<string, unknown> | string | null,
): SubscriptionFilterSet {
  let groups = groupsOf(asObject(filter, 'filter'), new Set(ignoredFields ?? []));
  const ruleAlternatives = Object.entries(asObject(rules, 'rules')).flatMap(([field, spec]) => fieldAlternatives(field, spec));
  if (ruleAlternatives.length > 0) groups = cross(groups, ruleAlternatives);
  return { filterGroup: groups.filter((g) => g.length > 0).map((filters) => ({ filters })) };
}
