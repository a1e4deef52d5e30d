// Formats an instant with a java.time DateTimeFormatter pattern (Locale.US texts).
import {
  DAYS, MONTHS, fieldsOf, quarterLongName, usWeekOfMonth, usWeekOfYear, usWeekday, type DateFields,
} from './java-date-fields.js';
import { InvalidDatePatternError, tokenizePattern, type PatternToken } from './java-date-pattern.js';
import type { Zone } from './time-zones.js';

const pad = (value: number, width: number): string => {
  const digits = String(Math.abs(value)).padStart(width, '0');
  return value < 0 ? `-${digits}` : digits;
};

/** Java text styles by letter count: 1-3 short, 4 full, 5 narrow. */
const textByCount = (full: string, count: number): string =>
  count === 4 ? full : count === 5 ? full.charAt(0) : full.slice(0, 3);

function numberOrText(value: number, count: number, full: string): string {
  return count <= 2 ? pad(value, count) : textByCount(full, count);
}

/** Year fields: 'yy' prints the last two digits, other counts pad to at least their width. */
function year(value: number, count: number): string {
  if (count === 2) return pad(((value % 100) + 100) % 100, 2);
  const text = pad(value, count);
  // SignStyle.EXCEEDS_PAD: a year wider than a 4+ letter pattern gets a '+'.
  return count >= 4 && value > 9999 && String(value).length > count ? `+${text}` : text;
}

/** Offset patterns: 'HH', 'HHMM', 'HH:MM', 'HHMMss', 'HH:MM:ss' (lower case: only when non-zero). */
function offset(totalSeconds: number, style: 'H' | 'Hmm' | 'HHMM' | 'HH:MM' | 'HHMMss' | 'HH:MM:ss', zeroText: string | null): string {
  if (totalSeconds === 0 && zeroText !== null) return zeroText;
  const abs = Math.abs(totalSeconds);
  const hours = pad(Math.floor(abs / 3600), 2);
  const minutes = Math.floor(abs / 60) % 60;
  const seconds = abs % 60;
  const sign = totalSeconds < 0 ? '-' : '+';
  switch (style) {
    case 'H': return `${sign}${hours}`;
    case 'Hmm': return `${sign}${hours}${minutes ? pad(minutes, 2) : ''}`;
    case 'HHMM': return `${sign}${hours}${pad(minutes, 2)}`;
    case 'HH:MM': return `${sign}${hours}:${pad(minutes, 2)}`;
    case 'HHMMss': return `${sign}${hours}${pad(minutes, 2)}${seconds ? pad(seconds, 2) : ''}`;
    case 'HH:MM:ss': return `${sign}${hours}:${pad(minutes, 2)}${seconds ? `:${pad(seconds, 2)}` : ''}`;
  }
}

/** Localized offset ('O', 'ZZZZ'): GMT, GMT+8, GMT+08:00. */
function localizedOffset(totalSeconds: number, full: boolean): string {
  if (totalSeconds === 0) return 'GMT';
  const abs = Math.abs(totalSeconds);
  const hours = Math.floor(abs / 3600);
  const minutes = Math.floor(abs / 60) % 60;
  const seconds = abs % 60;
  const sign = totalSeconds < 0 ? '-' : '+';
  if (full) return `GMT${sign}${pad(hours, 2)}:${pad(minutes, 2)}${seconds ? `:${pad(seconds, 2)}` : ''}`;
  return `GMT${sign}${hours}${minutes || seconds ? `:${pad(minutes, 2)}` : ''}${seconds ? `:${pad(seconds, 2)}` : ''}`;
}

/** Indexed by letter count: X/x, XX/xx ... XXXXX/xxxxx. */
const X_STYLES = ['H', 'Hmm', 'HHMM', 'HH:MM', 'HHMMss', 'HH:MM:ss'] as const;

function field(f: DateFields, letter: string, count: number): string {
  const nanoOfSecond = f.millisecond * 1_000_000;
  const milliOfDay = ((f.hour * 60 + f.minute) * 60 + f.second) * 1000 + f.millisecond;
  switch (letter) {
    case 'G': return count === 4 ? (f.year > 0 ? 'Anno Domini' : 'Before Christ') : count === 5 ? (f.year > 0 ? 'A' : 'B') : f.year > 0 ? 'AD' : 'BC';
    case 'u': return year(f.year, count);
    case 'y': return year(f.year > 0 ? f.year : 1 - f.year, count);
    case 'Y': return year(usWeekOfYear(f).weekYear, count);
    case 'Q': case 'q': {
      const quarter = Math.ceil(f.month / 3);
      return count <= 2 ? pad(quarter, count) : count === 3 ? `Q${quarter}` : count === 4 ? quarterLongName(quarter) : String(quarter);
    }
    case 'M': case 'L': return numberOrText(f.month, count, MONTHS[f.month - 1] ?? '');
    case 'w': return pad(usWeekOfYear(f).week, count);
    case 'W': return String(usWeekOfMonth(f));
    case 'd': return pad(f.day, count);
    case 'D': return pad(f.dayOfYear, count);
    case 'F': return String(((f.day - 1) % 7) + 1);
    case 'E': return textByCount(DAYS[f.isoWeekday - 1] ?? '', count);
    case 'e': case 'c': return numberOrText(usWeekday(f.isoWeekday), count, DAYS[f.isoWeekday - 1] ?? '');
    case 'a': return f.hour < 12 ? 'AM' : 'PM';
    case 'h': return pad(f.hour % 12 || 12, count);
    case 'K': return pad(f.hour % 12, count);
    case 'k': return pad(f.hour || 24, count);
    case 'H': return pad(f.hour, count);
    case 'm': return pad(f.minute, count);
    case 's': return pad(f.second, count);
    case 'S': return String(nanoOfSecond).padStart(9, '0').slice(0, count);
    case 'A': return pad(milliOfDay, count);
    case 'n': return pad(nanoOfSecond, count);
    case 'N': return pad(milliOfDay * 1_000_000, count);
    case 'V': return f.zone.id;
    case 'z': return f.zone.nameAt(f.epochMs, count === 4 ? 'long' : 'short');
    case 'O': return localizedOffset(f.offsetSeconds, count === 4);
    case 'X': return offset(f.offsetSeconds, X_STYLES[count] ?? 'HH:MM', 'Z');
    case 'x': return offset(f.offsetSeconds, X_STYLES[count] ?? 'HH:MM', null);
    case 'Z': return count <= 3 ? offset(f.offsetSeconds, 'HHMM', null) : count === 4 ? localizedOffset(f.offsetSeconds, true) : offset(f.offsetSeconds, 'HH:MM:ss', 'Z');
    default: throw new InvalidDatePatternError(`Unknown pattern letter: ${letter}`);
  }
}

function render(tokens: PatternToken[], fields: DateFields): string {
  return tokens.map((token) => {
    if (token.kind === 'literal') return token.text;
    // Every field of a zoned date-time is available, so optional sections always print.
    if (token.kind === 'optional') return render(token.tokens, fields);
    return field(fields, token.letter, token.count);
  }).join('');
}

export function formatJavaDate(epochMs: number, pattern: string, zone: Zone): string {
  return render(tokenizePattern(pattern), fieldsOf(Math.trunc(epochMs), zone));
}
