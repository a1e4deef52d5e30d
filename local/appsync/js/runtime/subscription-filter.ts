// util.transform.toSubscriptionFilter: a filter object -> { filterGroup: [{ filters }] }.
// Fields in one object are ANDed (one group); `or` yields one group per branch;
// `rules` are strict: each group is repeated once per rule, so one rule must hold.
// https://docs.aws.amazon.com/appsync/latest/devguide/extensions-js.html
import type { SubscriptionFilterSet } from '../../types.js';

type Filter = { fieldName: string; operator: string; value?: unknown };
type Group = Filter[];

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function fieldFilters(fieldName: string, spec: unknown): Filter[] {
  if (!isPlainObject(spec)) throw new Error(`Subscription filter for '${fieldName}' must be an object of operators`);
  return Object.entries(spec)
    .filter(([, value]) => value !== undefined)
    .map(([operator, value]) => ({ fieldName, operator, value }));
}

function groupsOf(filter: Record<string, unknown>, ignored: Set<string>): Group[] {
  let groups: Group[] = [[]];
  for (const [key, spec] of Object.entries(filter)) {
    if (spec === undefined || ignored.has(key)) continue;
    if (key === 'or') {
      const branches = (spec as Record<string, unknown>[]).flatMap((branch) => groupsOf(branch, new Set()));
      groups = groups.flatMap((group) => branches.map((branch) => [...group, ...branch]));
    } else if (key === 'and') {
      for (const part of spec as Record<string, unknown>[]) {
        const partGroups = groupsOf(part, new Set());
        groups = groups.flatMap((group) => partGroups.map((partGroup) => [...group, ...partGroup]));
      }
    } else {
      const filters = fieldFilters(key, spec);
      groups = groups.map((group) => [...group, ...filters]);
    }
  }
  return groups;
}

export function toSubscriptionFilter(
  filter: Record<string, unknown>,
  ignoredFields?: string[] | null,
  rules?: Record<string, unknown> | null,
): SubscriptionFilterSet {
  let groups = groupsOf(filter, new Set(ignoredFields ?? []));
  const ruleFilters = Object.entries(rules ?? {}).flatMap(([field, spec]) => fieldFilters(field, spec));
  if (ruleFilters.length > 0) groups = groups.flatMap((group) => ruleFilters.map((rule) => [...group, rule]));
  return { filterGroup: groups.filter((g) => g.length > 0).map((filters) => ({ filters })) };
}
