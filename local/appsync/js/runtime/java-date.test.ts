import { describe, expect, it } from 'vitest';
import { formatJavaDate } from './java-date-format.js';
import { parseJavaDate } from './java-date-parse.js';
import { InvalidDatePatternError } from './java-date-pattern.js';
import { UnknownTimeZoneError, resolveZone } from './time-zones.js';

const utc = resolveZone('UTC');
const at = Date.UTC(2024, 0, 7, 5, 4, 3, 21); // Sunday 2024-01-07 05:04:03.021Z

describe('formatJavaDate (DateTimeFormatter letters, Locale.US)', () => {
  it.each([
    ['uuuu yy y yyyyy', '2024 24 2024 02024'],
    ['G GGGG GGGGG', 'AD Anno Domini A'],
    ['M MM MMM MMMM MMMMM L', '1 01 Jan January J 1'],
    ['d dd D DDD', '7 07 7 007'],
    ['E EEE EEEE EEEEE e ee eee c', 'Sun Sun Sunday S 1 01 Sun 1'],
    ['Q QQ QQQ QQQQ', '1 01 Q1 1st quarter'],
    ['Y w W F', '2024 2 2 7'],
    ['a h hh K k H HH', 'AM 5 05 5 5 5 05'],
    ['m mm s ss S SS SSS SSSSSS', '4 04 3 03 0 02 021 021000'],
    ['A n N', '18243021 21000000 18243021000000'],
    ["'at' HH'h' '''quoted''' ''", "at 05h 'quoted' '"],
    ['[yyyy][-MM]', '2024-01'],
  ])('%s -> %s', (pattern, expected) => {
    expect(formatJavaDate(at, pattern, utc)).toBe(expected);
  });

  it('prints offsets with every X, x, Z and O width, Z for zero only where Java does', () => {
    const kolkata = resolveZone('Asia/Kolkata');
    expect(formatJavaDate(at, 'X XX XXX XXXX XXXXX', kolkata)).toBe('+0530 +0530 +05:30 +0530 +05:30');
    expect(formatJavaDate(at, 'X XX XXX x xx xxx', utc)).toBe('Z Z Z +00 +0000 +00:00');
    expect(formatJavaDate(at, 'Z ZZZZ ZZZZZ O OOOO', utc)).toBe('+0000 GMT Z GMT GMT');
    expect(formatJavaDate(at, 'Z ZZZZ ZZZZZ O OOOO', kolkata)).toBe('+0530 GMT+05:30 +05:30 GMT+5:30 GMT+05:30');
    expect(formatJavaDate(at, 'XXXX XXXXX', resolveZone('-07:00:30'))).toBe('-070030 -07:00:30');
  });

  it('names zones (z, zzzz, VV) and follows daylight saving time', () => {
    const newYork = resolveZone('America/New_York');
    expect(formatJavaDate(at, 'HH:mm z zzzz VV', newYork)).toBe('00:04 EST Eastern Standard Time America/New_York');
    expect(formatJavaDate(Date.UTC(2024, 6, 1, 12), 'HH:mm z XXX', newYork)).toBe('08:00 EDT -04:00');
    expect(formatJavaDate(at, 'VV z', resolveZone('+8'))).toBe('+08:00 +08:00');
    expect(formatJavaDate(at, 'VV XXX', resolveZone('GMT+2'))).toBe('GMT+02:00 +02:00');
  });

  it('uses the US week rules across a year end (Y, w)', () => {
    expect(formatJavaDate(Date.UTC(2024, 11, 29), "YYYY-'W'ww e", utc)).toBe('2025-W01 1');
    expect(formatJavaDate(Date.UTC(2024, 11, 28), "YYYY-'W'ww e", utc)).toBe('2024-W52 7');
  });

  it('rejects patterns Java rejects', () => {
    expect(() => formatJavaDate(at, 'yyyy-bb', utc)).toThrow(InvalidDatePatternError);
    expect(() => formatJavaDate(at, 'HHH', utc)).toThrow('Too many pattern letters');
    expect(() => formatJavaDate(at, "yyyy 'open", utc)).toThrow(InvalidDatePatternError);
    expect(() => formatJavaDate(at, 'yyyy]', utc)).toThrow(InvalidDatePatternError);
    expect(() => formatJavaDate(at, 'V', utc)).toThrow(InvalidDatePatternError);
  });
});

describe('resolveZone (ZoneId.of)', () => {
  it('accepts offsets, prefixed offsets and region ids, and refuses the rest', () => {
    expect(resolveZone('+0530').offsetSecondsAt(0)).toBe(19_800);
    expect(resolveZone('UTC-3').offsetSecondsAt(0)).toBe(-10_800);
    expect(resolveZone('Z').id).toBe('Z');
    expect(() => resolveZone('Mars/Olympus')).toThrow(UnknownTimeZoneError);
    expect(() => resolveZone('+25:00')).toThrow(UnknownTimeZoneError);
    expect(() => resolveZone('GMT+x')).toThrow(UnknownTimeZoneError);
  });
});

describe('parseJavaDate', () => {
  it('parses fields, text, 12-hour clocks, fractions and reduced years', () => {
    expect(parseJavaDate('07 Jan 24 05:04:03.021 AM', 'dd MMM yy hh:mm:ss.SSS a', utc)).toBe(at);
    expect(parseJavaDate('20240107050403', 'yyyyMMddHHmmss', utc)).toBe(at - 21);
    expect(parseJavaDate('Sunday, January 7, 2024 12:30 PM', 'EEEE, MMMM d, yyyy h:mm a', utc)).toBe(Date.UTC(2024, 0, 7, 12, 30));
    expect(parseJavaDate('2024-007', 'yyyy-DDD', utc)).toBe(Date.UTC(2024, 0, 7));
  });

  it('takes the offset from the text first, then a zone in the text, then the given zone', () => {
    const paris = resolveZone('Europe/Paris');
    expect(parseJavaDate('2024-01-07T06:04:03+01:00', "yyyy-MM-dd'T'HH:mm:ssXXX", utc)).toBe(at - 21);
    expect(parseJavaDate('2024-01-07 06:04:03 Europe/Paris', 'yyyy-MM-dd HH:mm:ss VV', utc)).toBe(at - 21);
    expect(parseJavaDate('2024-01-07 06:04:03', 'yyyy-MM-dd HH:mm:ss', paris)).toBe(at - 21);
    expect(parseJavaDate('2024-01-07 05:04 GMT', 'yyyy-MM-dd HH:mm O', paris)).toBe(Date.UTC(2024, 0, 7, 5, 4));
  });

  it('resolves DST gaps later and overlaps to the earlier offset, like ZonedDateTime.ofLocal', () => {
    const newYork = resolveZone('America/New_York');
    expect(parseJavaDate('2024-03-10 02:30', 'yyyy-MM-dd HH:mm', newYork)).toBe(Date.UTC(2024, 2, 10, 7, 30));
    expect(parseJavaDate('2024-11-03 01:30', 'yyyy-MM-dd HH:mm', newYork)).toBe(Date.UTC(2024, 10, 3, 5, 30));
  });

  it('clamps an invalid day of month (SMART resolver) and refuses out-of-range fields', () => {
    expect(parseJavaDate('2023-02-31', 'yyyy-MM-dd', utc)).toBe(Date.UTC(2023, 1, 28));
    expect(() => parseJavaDate('2023-13-01', 'yyyy-MM-dd', utc)).toThrow('MonthOfYear');
    expect(() => parseJavaDate('2023-01-01 24:00', 'yyyy-MM-dd HH:mm', utc)).toThrow('HourOfDay');
    expect(() => parseJavaDate('2023-1-01', 'yyyy-MM-dd', utc)).toThrow('could not be parsed');
  });
});
