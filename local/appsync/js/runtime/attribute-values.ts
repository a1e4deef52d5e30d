// JSON <-> DynamoDB typed values, as AppSync converts them.
// util.dynamodb.*: https://docs.aws.amazon.com/appsync/latest/devguide/dynamodb-helpers-in-util-dynamodb-js.html
// Results become plain JSON ("type system (response mapping)"): numbers, strings,
// sets as lists, binary as base64 strings.
// https://docs.aws.amazon.com/appsync/latest/devguide/js-resolver-reference-dynamodb.html
import type { WireItem, WireValue } from '../datasources/dynamodb/wire-client.js';

export type TypedValue = Record<string, unknown>;

/** Set values made by the dynamodb module's toStringSet & co: already typed, kept as they are. */
const preTyped = new WeakSet<object>();

export function markTyped<T extends TypedValue>(value: T): T {
  preTyped.add(value);
  return value;
}

/**
 * util.dynamodb.toDynamoDB: numbers stay JSON numbers ({ "N": 12345 }) and null is
 * { "NULL": null }, as the reference page prints them; the data source accepts both forms.
 */
export function toDynamoDB(value: unknown): TypedValue {
  if (typeof value === 'object' && value !== null && preTyped.has(value)) return value as TypedValue;
  if (value === null || value === undefined) return { NULL: null };
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'number') return { N: value };
  if (typeof value === 'boolean') return { BOOL: value };
  if (Array.isArray(value)) return { L: value.map(toDynamoDB) };
  if (typeof value === 'object') return { M: toMapValues(value as Record<string, unknown>) };
  throw new TypeError(`Cannot convert ${typeof value} to a DynamoDB value`);
}

export function toMapValues(value: Record<string, unknown>): Record<string, TypedValue> {
  const out: Record<string, TypedValue> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (entry !== undefined) out[key] = toDynamoDB(entry);
  }
  return out;
}

const orNull = <T>(value: T | null | undefined, convert: (v: T) => TypedValue): TypedValue | null =>
  value === null || value === undefined ? null : convert(value);

/** The S3Object string, spaced as the reference page shows it. */
function s3ObjectJson(key: string, bucket: string, region: string, version?: string): string {
  const fields = { key, bucket, region, ...(version === undefined ? {} : { version }) };
  const body = Object.entries(fields).map(([name, value]) => `${JSON.stringify(name)} : ${JSON.stringify(String(value))}`).join(', ');
  return `{ "s3" : { ${body} } }`;
}

/** Accepts the S3Object string, or (as the page's example passes it) the { S } value holding it. */
function fromS3ObjectJson(value: unknown): unknown {
  const text = typeof value === 'object' && value !== null && 'S' in value ? (value as { S: unknown }).S : value;
  const parsed = JSON.parse(String(text)) as { s3?: unknown };
  return parsed.s3 ?? null;
}

export const dynamodbUtils = {
  toDynamoDB,
  toMapValues: (value: Record<string, unknown>) => toMapValues(value),
  toString: (value: string | null) => orNull(value, (v) => ({ S: String(v) })),
  toStringSet: (value: string[] | null) => orNull(value, (v) => ({ SS: v.map(String) })),
  toNumber: (value: number | null) => orNull(value, (v) => ({ N: v })),
  toNumberSet: (value: number[] | null) => orNull(value, (v) => ({ NS: [...v] })),
  toBinary: (value: string | null) => orNull(value, (v) => ({ B: v })),
  toBinarySet: (value: string[] | null) => orNull(value, (v) => ({ BS: [...v] })),
  toBoolean: (value: boolean | null) => orNull(value, (v) => ({ BOOL: v })),
  toNull: (): TypedValue => ({ NULL: null }),
  toList: (value: unknown[] | null) => orNull(value, (v) => ({ L: v.map(toDynamoDB) })),
  toMap: (value: Record<string, unknown> | null) => orNull(value, (v) => ({ M: toMapValues(v) })),
  toS3Object: (key: string, bucket: string, region: string, version?: string): TypedValue =>
    ({ S: s3ObjectJson(key, bucket, region, version) }),
  fromS3ObjectJson,
};
// The short names some VTL-era code uses.
Object.assign(dynamodbUtils, {
  toS: dynamodbUtils.toString,
  toN: dynamodbUtils.toNumber,
  toBool: dynamodbUtils.toBoolean,
  toSS: dynamodbUtils.toStringSet,
  toNS: dynamodbUtils.toNumberSet,
});

/** A typed value from resolver code (JSON: N may be a number, NULL any value) -> the JSON protocol's form. */
export function toWireValue(value: unknown): WireValue {
  if (typeof value !== 'object' || value === null) throw new TypeError(`Not a DynamoDB typed value: ${JSON.stringify(value)}`);
  const typed = value as Record<string, unknown>;
  if ('S' in typed) return { S: String(typed.S) };
  if ('N' in typed) return { N: String(typed.N) };
  if ('BOOL' in typed) return { BOOL: Boolean(typed.BOOL) };
  if ('NULL' in typed) return { NULL: true };
  if ('B' in typed) return { B: String(typed.B) };
  if ('SS' in typed) return { SS: (typed.SS as unknown[]).map(String) };
  if ('NS' in typed) return { NS: (typed.NS as unknown[]).map(String) };
  if ('BS' in typed) return { BS: (typed.BS as unknown[]).map(String) };
  if ('L' in typed) return { L: (typed.L as unknown[]).map(toWireValue) };
  if ('M' in typed) return { M: toWireItem(typed.M as Record<string, unknown>) };
  throw new TypeError(`Not a DynamoDB typed value: ${JSON.stringify(value)}`);
}

export function toWireItem(map: Record<string, unknown> | undefined | null): WireItem {
  const out: WireItem = {};
  for (const [key, entry] of Object.entries(map ?? {})) out[key] = toWireValue(entry);
  return out;
}

/** A value from DynamoDB -> the plain JSON AppSync hands to response handlers. */
export function fromWireValue(value: WireValue): unknown {
  if (value.S !== undefined) return value.S;
  if (value.N !== undefined) return Number(value.N);
  if (value.BOOL !== undefined) return value.BOOL;
  if (value.NULL !== undefined) return null;
  if (value.B !== undefined) return value.B;
  if (value.SS !== undefined) return [...value.SS];
  if (value.NS !== undefined) return value.NS.map(Number);
  if (value.BS !== undefined) return [...value.BS];
  if (value.L !== undefined) return value.L.map(fromWireValue);
  if (value.M !== undefined) return fromWireItem(value.M);
  return null;
}

export function fromWireItem(item: WireItem): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(item)) out[key] = fromWireValue(entry);
  return out;
}
