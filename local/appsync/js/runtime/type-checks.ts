// util.isNull / isString / typeOf ...: AppSync's type helpers, which follow its
// Java heritage ("List" and "Map" rather than array and object).
// https://docs.aws.amazon.com/appsync/latest/devguide/utility-helpers-in-util.html

export function isNull(value: unknown): boolean {
  return value === null || value === undefined;
}

export function isNullOrEmpty(value: unknown): boolean {
  return isNull(value) || value === '';
}

export function isNullOrBlank(value: unknown): boolean {
  return isNull(value) || (typeof value === 'string' && value.trim() === '');
}

export function defaultIfNull<T>(value: T, fallback: T): T {
  return isNull(value) ? fallback : value;
}

export function defaultIfNullOrEmpty<T>(value: T, fallback: T): T {
  return isNullOrEmpty(value) ? fallback : value;
}

export function defaultIfNullOrBlank<T>(value: T, fallback: T): T {
  return isNullOrBlank(value) ? fallback : value;
}

export const isString = (value: unknown): boolean => typeof value === 'string';
export const isNumber = (value: unknown): boolean => typeof value === 'number';
export const isBoolean = (value: unknown): boolean => typeof value === 'boolean';
export const isList = (value: unknown): boolean => Array.isArray(value);
export const isMap = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** AppSync's names: Null, Number, String, Map, List, Boolean. */
export function typeOf(value: unknown): string {
  if (isNull(value)) return 'Null';
  if (isNumber(value)) return 'Number';
  if (isString(value)) return 'String';
  if (isBoolean(value)) return 'Boolean';
  if (isList(value)) return 'List';
  if (isMap(value)) return 'Map';
  return 'Object';
}

// Java Pattern's inline flags at the start of a pattern, which JS RegExp lacks: (?i), (?is)...
const INLINE_FLAGS = /^\(\?([imsux]+)\)/;

/** Java `String.matches`: the whole string must match the pattern. */
export function matches(pattern: string, value: string): boolean {
  let source = String(pattern);
  let flags = '';
  const inline = INLINE_FLAGS.exec(source);
  if (inline) {
    source = source.slice(inline[0].length);
    for (const flag of inline[1] ?? '') if ('ims'.includes(flag) && !flags.includes(flag)) flags += flag;
  }
  return new RegExp(`^(?:${source})$`, flags).test(String(value));
}
