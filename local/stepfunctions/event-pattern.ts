// EventBridge event pattern matching: exact values, arrays of alternatives, nested objects,
// prefix, suffix, anything-but, exists, equals-ignore-case and numeric ranges.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html

export function matchesEventPattern(pattern: unknown, event: unknown): boolean {
  if (!isObject(pattern)) return false;
  const subject = isObject(event) ? event : {};
  return Object.entries(pattern).every(([field, rule]) => matchesField(rule, subject[field], field in subject));
}

function matchesField(rule: unknown, value: unknown, present: boolean): boolean {
  if (Array.isArray(rule)) {
    // An array in the event matches when any of its elements does.
    const values = Array.isArray(value) ? value : [value];
    return rule.some((alternative) => matchesAlternative(alternative, values, present));
  }
  if (isObject(rule)) return isObject(value) && matchesEventPattern(rule, value);
  return false;
}

function matchesAlternative(alternative: unknown, values: unknown[], present: boolean): boolean {
  if (!isObject(alternative)) return present && values.some((value) => value === alternative);
  if ('exists' in alternative) return alternative.exists === present;
  if (!present) return false;
  return values.some((value) => matchesOperator(alternative, value));
}

function matchesOperator(operator: Record<string, unknown>, value: unknown): boolean {
  if ('prefix' in operator) return typeof value === 'string' && matchesText(operator.prefix, value, (v, p) => v.startsWith(p));
  if ('suffix' in operator) return typeof value === 'string' && matchesText(operator.suffix, value, (v, s) => v.endsWith(s));
  if ('equals-ignore-case' in operator) {
    const expected = operator['equals-ignore-case'];
    return typeof value === 'string' && typeof expected === 'string' && value.toLowerCase() === expected.toLowerCase();
  }
  if ('anything-but' in operator) {
    const excluded = operator['anything-but'];
    if (isObject(excluded)) return !matchesOperator(excluded, value);
    return !(Array.isArray(excluded) ? excluded : [excluded]).includes(value);
  }
  if ('numeric' in operator) return typeof value === 'number' && matchesNumeric(operator.numeric, value);
  return false;
}

/** prefix/suffix take a string, or { equals-ignore-case: string }. */
function matchesText(expected: unknown, value: string, test: (value: string, text: string) => boolean): boolean {
  if (typeof expected === 'string') return test(value, expected);
  if (isObject(expected) && typeof expected['equals-ignore-case'] === 'string') {
    return test(value.toLowerCase(), expected['equals-ignore-case'].toLowerCase());
  }
  return false;
}

function matchesNumeric(conditions: unknown, value: number): boolean {
  if (!Array.isArray(conditions)) return false;
  for (let i = 0; i + 1 < conditions.length; i += 2) {
    const [operator, bound] = [conditions[i], conditions[i + 1]];
    if (typeof bound !== 'number') return false;
    const ok =
      (operator === '=' && value === bound) ||
      (operator === '<' && value < bound) ||
      (operator === '<=' && value <= bound) ||
      (operator === '>' && value > bound) ||
      (operator === '>=' && value >= bound);
    if (!ok) return false;
  }
  return true;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
