// util.time: timestamps, formatting and parsing with java.time DateTimeFormatter
// patterns and zone ids, which is what AppSync runs underneath.
// https://docs.aws.amazon.com/appsync/latest/devguide/time-helpers-in-util-time-js.html
import { formatJavaDate } from './java-date-format.js';
import { DateParseError, parseJavaDate } from './java-date-parse.js';
import { parseOffset, resolveZone } from './time-zones.js';

// ISO_ZONED_DATE_TIME / ISO_OFFSET_DATE_TIME: seconds and fraction optional, an offset required.
const ISO_8601 = /^(-?\d{4,9})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2}(?::\d{2})?)(?:\[([^\]]+)\])?$/;

export function parseIso8601(text: string): number {
  const match = ISO_8601.exec(String(text));
  if (!match) throw new DateParseError(`Text '${String(text)}' could not be parsed as an ISO 8601 date-time`);
  const [, year, month, day, hour, minute, second = '0', fraction = '', offsetText = 'Z'] = match;
  const wall = new Date(0);
  wall.setUTCFullYear(Number(year), Number(month) - 1, Number(day));
  wall.setUTCHours(Number(hour), Number(minute), Number(second), Number(fraction.padEnd(3, '0').slice(0, 3)));
  if (wall.getUTCMonth() !== Number(month) - 1 || Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) {
    throw new DateParseError(`Text '${String(text)}' could not be parsed: a field is out of range`);
  }
  const offset = offsetText === 'Z' ? 0 : (parseOffset(offsetText) ?? 0);
  return wall.getTime() - offset * 1000;
}

const isoString = (epochMs: number): string => new Date(Math.trunc(epochMs)).toISOString();

export const timeUtils = {
  nowISO8601: (): string => isoString(Date.now()),
  nowEpochSeconds: (): number => Math.floor(Date.now() / 1000),
  nowEpochMilliSeconds: (): number => Date.now(),
  nowFormatted: (format: string, timezone?: string): string => formatJavaDate(Date.now(), format, resolveZone(timezone)),
  parseFormattedToEpochMilliSeconds: (timestamp: string, format: string, timezone?: string): number =>
    parseJavaDate(timestamp, format, resolveZone(timezone)),
  parseISO8601ToEpochMilliSeconds: (timestamp: string): number => parseIso8601(timestamp),
  // Java long division: truncates toward zero.
  epochMilliSecondsToSeconds: (milliseconds: number): number => Math.trunc(milliseconds / 1000),
  epochMilliSecondsToISO8601: (milliseconds: number): string => isoString(milliseconds),
  epochMilliSecondsToFormatted: (milliseconds: number, format: string, timezone?: string): string =>
    formatJavaDate(milliseconds, format, resolveZone(timezone)),
};
