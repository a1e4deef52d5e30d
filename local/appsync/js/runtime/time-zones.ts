// Time zones as Java's ZoneId.of() accepts them (util.time runs on java.time in AppSync):
// 'UTC', 'Z', fixed offsets ('+8', '+08:00', '-07:00:30', 'GMT+8') and IANA region ids,
// whose rules come from Intl (Node ships the tz database).

export class UnknownTimeZoneError extends Error {
  override name = 'UnknownTimeZoneError';
}

export interface Zone {
  /** The normalized id, as Java prints it for pattern 'VV': 'UTC', '+08:00', 'Europe/Paris'. */
  readonly id: string;
  /** Offset from UTC in seconds at the instant. */
  offsetSecondsAt(epochMs: number): number;
  /** Display name for pattern 'z' (short) and 'zzzz' (long). */
  nameAt(epochMs: number, style: 'short' | 'long'): string;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Java's ZoneOffset id: 'Z' for zero, else +HH:MM or +HH:MM:SS. */
export function offsetId(totalSeconds: number): string {
  if (totalSeconds === 0) return 'Z';
  const abs = Math.abs(totalSeconds);
  const seconds = abs % 60;
  return `${totalSeconds < 0 ? '-' : '+'}${pad2(Math.floor(abs / 3600))}:${pad2(Math.floor(abs / 60) % 60)}${seconds ? `:${pad2(seconds)}` : ''}`;
}

/** '+8', '-07', '+0800', '+08:00', '-07:00:30', '+083045' -> seconds; undefined when not an offset. */
export function parseOffset(text: string): number | undefined {
  const match = /^([+-])(\d{1,2})(?::?(\d{2})(?::?(\d{2}))?)?$/.exec(text);
  if (!match) return undefined;
  const [, sign, hours, minutes = '0', seconds = '0'] = match;
  if (Number(hours) > 18 || Number(minutes) > 59 || Number(seconds) > 59) return undefined;
  const total = Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds);
  return sign === '-' ? -total : total;
}

function fixedZone(id: string, offset: number, longName: string): Zone {
  return { id, offsetSecondsAt: () => offset, nameAt: (_ms, style) => (style === 'long' ? longName : id) };
}

const UTC_ZONE = fixedZone('UTC', 0, 'Coordinated Universal Time');

function regionZone(id: string): Zone {
  let wallClock: Intl.DateTimeFormat;
  try {
    wallClock = new Intl.DateTimeFormat('en-US', {
      timeZone: id, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric', era: 'short',
    });
  } catch (error) {
    throw new UnknownTimeZoneError(`Unknown time-zone ID: ${id}`, { cause: error });
  }
  const canonical = wallClock.resolvedOptions().timeZone;
  const names = new Map<'short' | 'long', Intl.DateTimeFormat>();
  return {
    // Java keeps the id it was given ('Asia/Calcutta' stays), so do we.
    id,
    offsetSecondsAt(epochMs: number): number {
      const parts = wallClock.formatToParts(new Date(epochMs));
      const get = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
      const era = parts.find((p) => p.type === 'era')?.value;
      const year = era === 'BC' || era === 'B' ? 1 - get('year') : get('year');
      const asUtc = new Date(0);
      asUtc.setUTCFullYear(year, get('month') - 1, get('day'));
      asUtc.setUTCHours(get('hour'), get('minute'), get('second'), 0);
      return Math.round((asUtc.getTime() - Math.floor(epochMs / 1000) * 1000) / 1000);
    },
    nameAt(epochMs: number, style: 'short' | 'long'): string {
      let format = names.get(style);
      if (!format) {
        format = new Intl.DateTimeFormat('en-US', { timeZone: canonical, timeZoneName: style });
        names.set(style, format);
      }
      return format.formatToParts(new Date(epochMs)).find((p) => p.type === 'timeZoneName')?.value ?? id;
    },
  };
}

const cache = new Map<string, Zone>();

/** Resolves a zone id the way java.time.ZoneId.of does; throws UnknownTimeZoneError otherwise. */
export function resolveZone(id: string | null | undefined): Zone {
  if (id === null || id === undefined || id === 'UTC') return UTC_ZONE;
  const cached = cache.get(id);
  if (cached) return cached;
  const zone = buildZone(String(id));
  cache.set(id, zone);
  return zone;
}

function buildZone(id: string): Zone {
  if (id === 'Z') return fixedZone('Z', 0, 'Z');
  if (id === 'GMT' || id === 'UT') return fixedZone(id, 0, id === 'GMT' ? 'Greenwich Mean Time' : 'Coordinated Universal Time');
  const direct = parseOffset(id);
  if (direct !== undefined) return fixedZone(offsetId(direct), direct, offsetId(direct));
  const prefixed = /^(UTC|GMT|UT)([+-].*)$/.exec(id);
  if (prefixed) {
    const offset = parseOffset(prefixed[2] ?? '');
    if (offset === undefined) throw new UnknownTimeZoneError(`Invalid ID for offset-based ZoneId: ${id}`);
    const normalized = `${prefixed[1] ?? ''}${offset === 0 ? '' : offsetId(offset)}`;
    return fixedZone(normalized, offset, normalized);
  }
  if (/^[+-]/.test(id)) throw new UnknownTimeZoneError(`Invalid ID for ZoneOffset, invalid format: ${id}`);
  return regionZone(id);
}

/**
 * The instant of a wall-clock time in a zone, resolved like java.time's ZonedDateTime.ofLocal:
 * in an overlap the earlier offset wins; in a gap the time moves later by the gap's length.
 */
export function wallClockToEpochMs(wallClockAsUtcMs: number, zone: Zone): number {
  const before = zone.offsetSecondsAt(wallClockAsUtcMs - 86_400_000);
  const after = zone.offsetSecondsAt(wallClockAsUtcMs + 86_400_000);
  const valid = (offset: number): boolean => zone.offsetSecondsAt(wallClockAsUtcMs - offset * 1000) === offset;
  if (valid(before)) return wallClockAsUtcMs - before * 1000;
  if (valid(after)) return wallClockAsUtcMs - after * 1000;
  return wallClockAsUtcMs - before * 1000;
}
