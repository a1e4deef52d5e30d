// util.time: timestamps, and a subset of Java DateTimeFormatter patterns
// (yyyy yy MM M MMM dd d HH H hh h mm m ss s SSS a EEE Z XXX X z, 'quoted').
// https://docs.aws.amazon.com/appsync/latest/devguide/time-helpers-in-util-time-js.html

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const TOKEN = /'[^']*'|y{2,4}|M{1,3}|d{1,2}|H{1,2}|h{1,2}|m{1,2}|s{1,2}|S{1,3}|a|E{3}|Z|X{1,3}|z/g;

interface Parts {
  year: number; month: number; day: number; hour: number; minute: number; second: number; millisecond: number;
  weekday: number; offsetMinutes: number;
}

/** Offset of `timezone` from UTC at `epochMs`, in minutes (Intl has the tz database). */
function offsetMinutes(epochMs: number, timezone: string): number {
  if (timezone === 'UTC' || timezone === 'GMT' || timezone === 'Z') return 0;
  const fixed = /^(?:UTC|GMT)?([+-])(\d{2}):?(\d{2})$/.exec(timezone);
  if (fixed) return (fixed[1] === '-' ? -1 : 1) * (Number(fixed[2]) * 60 + Number(fixed[3]));
  const formatted = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(epochMs));
  const get = (type: string): number => Number(formatted.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - (epochMs - (epochMs % 1000))) / 60_000);
}

function partsOf(epochMs: number, timezone: string): Parts {
  const offset = offsetMinutes(epochMs, timezone);
  const d = new Date(epochMs + offset * 60_000);
  return {
    year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(),
    minute: d.getUTCMinutes(), second: d.getUTCSeconds(), millisecond: d.getUTCMilliseconds(),
    weekday: d.getUTCDay(), offsetMinutes: offset,
  };
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

function formatOffset(minutes: number, withColon: boolean, zForZero: boolean): string {
  if (minutes === 0 && zForZero) return 'Z';
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60), 2)}${withColon ? ':' : ''}${pad(abs % 60, 2)}`;
}

export function formatEpochMillis(epochMs: number, pattern: string, timezone = 'UTC'): string {
  const p = partsOf(epochMs, timezone);
  return pattern.replace(TOKEN, (token) => {
    if (token.startsWith("'")) return token.length === 2 ? "'" : token.slice(1, -1);
    switch (token) {
      case 'yyyy': case 'yyy': return pad(p.year, 4);
      case 'yy': return pad(p.year % 100, 2);
      case 'MMM': return MONTHS[p.month - 1] ?? '';
      case 'MM': return pad(p.month, 2);
      case 'M': return String(p.month);
      case 'dd': return pad(p.day, 2);
      case 'd': return String(p.day);
      case 'HH': return pad(p.hour, 2);
      case 'H': return String(p.hour);
      case 'hh': return pad(p.hour % 12 || 12, 2);
      case 'h': return String(p.hour % 12 || 12);
      case 'mm': return pad(p.minute, 2);
      case 'm': return String(p.minute);
      case 'ss': return pad(p.second, 2);
      case 's': return String(p.second);
      case 'SSS': return pad(p.millisecond, 3);
      case 'SS': return pad(Math.floor(p.millisecond / 10), 2);
      case 'S': return String(Math.floor(p.millisecond / 100));
      case 'a': return p.hour < 12 ? 'AM' : 'PM';
      case 'EEE': return DAYS[p.weekday] ?? '';
      case 'Z': return formatOffset(p.offsetMinutes, false, false);
      case 'XXX': return formatOffset(p.offsetMinutes, true, true);
      case 'XX': case 'X': return formatOffset(p.offsetMinutes, false, true);
      case 'z': return timezone;
      default: return token;
    }
  });
}

/** Parses `text` laid out as `pattern`; fields the pattern lacks default to the epoch's. */
export function parseFormatted(text: string, pattern: string, timezone = 'UTC'): number {
  const fields: string[] = [];
  let regex = '';
  let last = 0;
  for (const match of pattern.matchAll(TOKEN)) {
    regex += escapeRegex(pattern.slice(last, match.index));
    last = match.index + match[0].length;
    const token = match[0];
    if (token.startsWith("'")) {
      regex += escapeRegex(token.length === 2 ? "'" : token.slice(1, -1));
      continue;
    }
    fields.push(token);
    if (token === 'MMM') regex += `(${MONTHS.join('|')})`;
    else if (token === 'EEE') regex += `(${DAYS.join('|')})`;
    else if (token === 'a') regex += '(AM|PM)';
    else if (token === 'Z' || token.startsWith('X')) regex += '(Z|[+-]\\d{2}:?\\d{2})';
    else if (token === 'z') regex += '([A-Za-z_/+:0-9-]+)';
    else regex += token.length === 1 ? '(\\d+)' : `(\\d{${token.length}})`;
  }
  regex += escapeRegex(pattern.slice(last));
  const match = new RegExp(`^${regex}$`).exec(text);
  if (!match) throw new Error(`Text '${text}' could not be parsed with pattern '${pattern}'`);
  let year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0, ms = 0, pm: boolean | undefined;
  let offset: number | undefined;
  fields.forEach((token, index) => {
    const value = match[index + 1] ?? '';
    if (token.startsWith('y')) year = token.length === 2 ? 2000 + Number(value) : Number(value);
    else if (token === 'MMM') month = MONTHS.indexOf(value) + 1;
    else if (token.startsWith('M')) month = Number(value);
    else if (token.startsWith('d')) day = Number(value);
    else if (token.startsWith('H') || token.startsWith('h')) hour = Number(value);
    else if (token.startsWith('m')) minute = Number(value);
    else if (token.startsWith('s')) second = Number(value);
    else if (token.startsWith('S')) ms = Number(value.padEnd(3, '0'));
    else if (token === 'a') pm = value === 'PM';
    else if (token === 'Z' || token.startsWith('X')) {
      offset = value === 'Z' ? 0 : offsetMinutes(0, value);
    } else if (token === 'z') timezone = value;
  });
  if (pm !== undefined) hour = (hour % 12) + (pm ? 12 : 0);
  const wallClock = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  if (offset !== undefined) return wallClock - offset * 60_000;
  // The zone's offset at that instant: one correction pass handles DST edges well enough.
  const guess = wallClock - offsetMinutes(wallClock, timezone) * 60_000;
  return wallClock - offsetMinutes(guess, timezone) * 60_000;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export const timeUtils = {
  nowISO8601: (): string => new Date().toISOString(),
  nowEpochSeconds: (): number => Math.floor(Date.now() / 1000),
  nowEpochMilliSeconds: (): number => Date.now(),
  nowFormatted: (format: string, timezone?: string): string => formatEpochMillis(Date.now(), format, timezone),
  parseFormattedToEpochMilliSeconds: (text: string, format: string, timezone?: string): number =>
    parseFormatted(text, format, timezone),
  parseISO8601ToEpochMilliSeconds: (text: string): number => {
    const ms = Date.parse(text);
    if (Number.isNaN(ms)) throw new Error(`Text '${text}' could not be parsed as ISO 8601`);
    return ms;
  },
  epochMilliSecondsToSeconds: (ms: number): number => Math.floor(ms / 1000),
  epochMilliSecondsToISO8601: (ms: number): string => new Date(ms).toISOString(),
  epochMilliSecondsToFormatted: (ms: number, format: string, timezone?: string): string =>
    formatEpochMillis(ms, format, timezone),
};
