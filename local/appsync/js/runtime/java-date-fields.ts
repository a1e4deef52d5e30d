// Calendar fields of an instant in a zone, and the English (Locale.US) texts java.time prints.
import type { Zone } from './time-zones.js';

export const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** ISO order: index 0 is Monday, as java.time's DayOfWeek. */
export const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

export interface DateFields {
  epochMs: number;
  zone: Zone;
  offsetSeconds: number;
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** 1 = Monday ... 7 = Sunday (ISO). */
  isoWeekday: number;
  dayOfYear: number;
}

const DAY_MS = 86_400_000;

export function fieldsOf(epochMs: number, zone: Zone): DateFields {
  const offsetSeconds = zone.offsetSecondsAt(epochMs);
  const wall = new Date(epochMs + offsetSeconds * 1000);
  const year = wall.getUTCFullYear();
  const startOfYear = new Date(0);
  startOfYear.setUTCFullYear(year, 0, 1);
  return {
    epochMs, zone, offsetSeconds, year,
    month: wall.getUTCMonth() + 1, day: wall.getUTCDate(),
    hour: wall.getUTCHours(), minute: wall.getUTCMinutes(), second: wall.getUTCSeconds(), millisecond: wall.getUTCMilliseconds(),
    isoWeekday: ((wall.getUTCDay() + 6) % 7) + 1,
    dayOfYear: Math.floor((wall.getTime() - startOfYear.getTime()) / DAY_MS) + 1,
  };
}

/** Day-of-week as Locale.US numbers it (pattern 'e'/'c'): Sunday = 1 ... Saturday = 7. */
export const usWeekday = (isoWeekday: number): number => (isoWeekday % 7) + 1;

/**
 * Week-based year and week (patterns 'Y' and 'w') with Locale.US rules: weeks start on
 * Sunday and week 1 is the one holding January 1st.
 */
export function usWeekOfYear(fields: DateFields): { weekYear: number; week: number } {
  const sundayBased = usWeekday(fields.isoWeekday) - 1;
  const startOfWeekDayOfYear = fields.dayOfYear - sundayBased;
  const daysInYear = isLeapYear(fields.year) ? 366 : 365;
  // The week ending on or after Dec 31 that holds Jan 1 of the next year is that year's week 1.
  if (startOfWeekDayOfYear + 6 > daysInYear) return { weekYear: fields.year + 1, week: 1 };
  const jan1SundayBased = (((sundayBased - (fields.dayOfYear - 1)) % 7) + 7) % 7;
  return { weekYear: fields.year, week: Math.floor((fields.dayOfYear - 1 + jan1SundayBased) / 7) + 1 };
}

/** Week of month with Locale.US rules (pattern 'W'). */
export function usWeekOfMonth(fields: DateFields): number {
  const sundayBased = usWeekday(fields.isoWeekday) - 1;
  const firstSundayBased = (((sundayBased - (fields.day - 1)) % 7) + 7) % 7;
  return Math.floor((fields.day - 1 + firstSundayBased) / 7) + 1;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 31;
}

const ORDINALS = ['1st', '2nd', '3rd', '4th'];
export const quarterLongName = (quarter: number): string => `${ORDINALS[quarter - 1] ?? ''} quarter`;
