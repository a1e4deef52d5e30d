// Parses text with a java.time DateTimeFormatter pattern into epoch milliseconds,
// resolving fields like Java's SMART resolver (an invalid day-of-month is clamped).
import { DAYS, MONTHS, daysInMonth } from './java-date-fields.js';
import { tokenizePattern, type PatternToken } from './java-date-pattern.js';
import { parseOffset, resolveZone, wallClockToEpochMs, type Zone } from './time-zones.js';

export class DateParseError extends Error {
  override name = 'DateParseError';
}

type Captures = Map<string, string>;

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const alternatives = (names: string[]): string => `(${names.map(escapeRegex).join('|')})`;
const textPattern = (full: string[], count: number): string =>
  alternatives(count === 4 ? full : count === 5 ? full.map((n) => n.charAt(0)) : full.map((n) => n.slice(0, 3)));
const digits = (count: number, max: number): string => (count === 1 ? `(\\d{1,${max}})` : `(\\d{${count}})`);

const ZONE_ID = '([A-Za-z][A-Za-z0-9~/._+-]*|[+-]\\d{1,2}(?::?\\d{2}(?::?\\d{2})?)?)';
const X_PATTERNS = ['', '[+-]\\d{2}(?:\\d{2})?', '[+-]\\d{4}', '[+-]\\d{2}:\\d{2}', '[+-]\\d{4}(?:\\d{2})?', '[+-]\\d{2}:\\d{2}(?::\\d{2})?'];

function fieldRegex(letter: string, count: number): string {
  switch (letter) {
    case 'G': return alternatives(count === 4 ? ['Anno Domini', 'Before Christ'] : count === 5 ? ['A', 'B'] : ['AD', 'BC']);
    case 'u': case 'y': case 'Y': return count === 2 ? '(\\d{2})' : `([+-]?\\d{${Math.max(count, 1)},10})`;
    case 'M': case 'L': return count <= 2 ? digits(count, 2) : textPattern(MONTHS, count);
    case 'E': return textPattern(DAYS, count);
    case 'e': case 'c': return count <= 2 ? digits(count, 1) : textPattern(DAYS, count);
    case 'Q': case 'q': return count <= 2 ? digits(count, 1) : count === 3 ? '(Q[1-4])' : '([1-4](?:st|nd|rd|th) quarter)';
    case 'D': return count === 1 ? '(\\d{1,3})' : `(\\d{${count},3})`;
    case 'a': return '(AM|PM)';
    case 'd': case 'h': case 'K': case 'k': case 'H': case 'm': case 's': case 'w': return digits(count, 2);
    case 'W': case 'F': return '(\\d)';
    case 'S': return `(\\d{${count}})`;
    case 'A': case 'n': case 'N': return `(\\d{${count},19})`;
    case 'V': case 'z': return ZONE_ID;
    case 'O': return '(GMT(?:[+-]\\d{1,2}(?::\\d{2}(?::\\d{2})?)?)?)';
    case 'X': return `(Z|${X_PATTERNS[count] ?? ''})`;
    case 'x': return `(${X_PATTERNS[count] ?? ''})`;
    case 'Z': return count <= 3 ? '([+-]\\d{4})' : count === 4 ? '(GMT(?:[+-]\\d{2}:\\d{2}(?::\\d{2})?)?)' : `(Z|${X_PATTERNS[5] ?? ''})`;
    default: throw new DateParseError(`Unknown pattern letter: ${letter}`);
  }
}

/** Builds one regex for the whole pattern; `slots` names each capture group by letter+count. */
function compile(tokens: PatternToken[], slots: string[]): string {
  return tokens.map((token) => {
    if (token.kind === 'literal') return escapeRegex(token.text);
    if (token.kind === 'optional') return `(?:${compile(token.tokens, slots)})?`;
    slots.push(token.letter.repeat(token.count));
    return fieldRegex(token.letter, token.count);
  }).join('');
}

const compiled = new Map<string, { regex: RegExp; slots: string[] }>();

function matchPattern(text: string, pattern: string): Captures {
  let entry = compiled.get(pattern);
  if (!entry) {
    const slots: string[] = [];
    entry = { regex: new RegExp(`^${compile(tokenizePattern(pattern), slots)}$`), slots };
    compiled.set(pattern, entry);
  }
  const match = entry.regex.exec(text);
  if (!match) throw new DateParseError(`Text '${text}' could not be parsed with pattern '${pattern}'`);
  const captures: Captures = new Map();
  entry.slots.forEach((slot, index) => {
    const value = match[index + 1];
    if (value !== undefined) captures.set(slot, value);
  });
  return captures;
}

/** The first captured value among the given slot names (e.g. 'yyyy', 'y'). */
function pick(captures: Captures, letter: string): { value: string; count: number } | undefined {
  for (const [slot, value] of captures) {
    if (slot.charAt(0) === letter) return { value, count: slot.length };
  }
  return undefined;
}

function textIndex(names: string[], value: string): number {
  const index = names.findIndex((name) => name === value || name.slice(0, 3) === value || name.charAt(0) === value);
  return index + 1;
}

function resolveYear(captures: Captures): number {
  const reduced = (value: string, count: number): number => (count === 2 ? 2000 + Number(value) : Number(value));
  const iso = pick(captures, 'u');
  if (iso) return reduced(iso.value, iso.count);
  const ofEra = pick(captures, 'y');
  if (!ofEra) return 1970;
  const value = reduced(ofEra.value, ofEra.count);
  const era = pick(captures, 'G')?.value;
  return era === 'BC' || era === 'B' || era === 'Before Christ' ? 1 - value : value;
}

function resolveHour(captures: Captures): number {
  const pm = pick(captures, 'a')?.value === 'PM';
  const h24 = pick(captures, 'H');
  if (h24) return Number(h24.value);
  const k = pick(captures, 'k');
  if (k) return Number(k.value) % 24;
  const h12 = pick(captures, 'h') ?? pick(captures, 'K');
  if (h12) return (Number(h12.value) % 12) + (pm ? 12 : 0);
  return 0;
}

function resolveOffset(captures: Captures): number | undefined {
  const text = pick(captures, 'X')?.value ?? pick(captures, 'x')?.value ?? pick(captures, 'Z')?.value ?? pick(captures, 'O')?.value;
  if (text === undefined) return undefined;
  if (text === 'Z' || text === 'GMT') return 0;
  const offset = parseOffset(text.startsWith('GMT') ? text.slice(3) : text);
  if (offset === undefined) throw new DateParseError(`Invalid offset '${text}'`);
  return offset;
}

/** Parses `text` laid out as `pattern`; the zone applies when the text carries no offset. */
export function parseJavaDate(text: string, pattern: string, defaultZone: Zone): number {
  const input = String(text);
  const captures = matchPattern(input, pattern);
  const fail = (why: string): never => {
    throw new DateParseError(`Text '${input}' could not be parsed: ${why}`);
  };
  const year = resolveYear(captures);
  let month = 1;
  let day = 1;
  const monthText = pick(captures, 'M') ?? pick(captures, 'L');
  if (monthText) month = monthText.count >= 3 ? textIndex(MONTHS, monthText.value) : Number(monthText.value);
  const dayOfYear = pick(captures, 'D');
  if (pick(captures, 'd')) day = Number(pick(captures, 'd')?.value);
  else if (dayOfYear && !monthText) {
    const date = new Date(Date.UTC(2000, 0, Number(dayOfYear.value)));
    date.setUTCFullYear(year);
    month = date.getUTCMonth() + 1;
    day = date.getUTCDate();
  }
  if (month < 1 || month > 12) fail(`Invalid value for MonthOfYear: ${month}`);
  if (day < 1 || day > 31) fail(`Invalid value for DayOfMonth: ${day}`);
  day = Math.min(day, daysInMonth(year, month));
  const hour = resolveHour(captures);
  const minute = Number(pick(captures, 'm')?.value ?? 0);
  const second = Number(pick(captures, 's')?.value ?? 0);
  if (hour > 23) fail(`Invalid value for HourOfDay: ${hour}`);
  if (minute > 59) fail(`Invalid value for MinuteOfHour: ${minute}`);
  if (second > 59) fail(`Invalid value for SecondOfMinute: ${second}`);
  const fraction = pick(captures, 'S')?.value;
  const nano = pick(captures, 'n')?.value;
  const millisecond = fraction !== undefined ? Number(fraction.padEnd(9, '0').slice(0, 3)) : nano !== undefined ? Math.floor(Number(nano) / 1e6) : 0;

  const wall = new Date(0);
  wall.setUTCFullYear(year, month - 1, day);
  wall.setUTCHours(hour, minute, second, millisecond);
  const milliOfDay = pick(captures, 'A');
  const wallMs = milliOfDay ? wall.getTime() - ((hour * 60 + minute) * 60 + second) * 1000 - millisecond + Number(milliOfDay.value) : wall.getTime();

  const offset = resolveOffset(captures);
  if (offset !== undefined) return wallMs - offset * 1000;
  const zoneText = pick(captures, 'V')?.value ?? pick(captures, 'z')?.value;
  return wallClockToEpochMs(wallMs, zoneText === undefined ? defaultZone : resolveZone(zoneText));
}
