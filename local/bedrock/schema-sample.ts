// A seeded value that conforms to a JSON schema (the subset tool schemas use): what the local model
// "fills in" when a tool is forced. Free text comes from the user's message. Not supported: $ref,
// pattern, dependencies, if/then/else; oneOf takes its first branch.
import type { InputWords } from './input-words.js';
import { pickInteger, pickOne, shuffled, type Random } from './seeded-random.js';

type Schema = Record<string, unknown>;

interface Sampler {
  random: Random;
  words: InputWords;
}

const isSchema = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);
const finite = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
const codePoints = (text: string) => [...text].length;

export function sampleFromSchema(schema: unknown, random: Random, words: InputWords): unknown {
  return sample(isSchema(schema) ? schema : {}, { random, words }, false);
}

/** allOf merged in, anyOf/oneOf resolved to their first branch. */
function resolve(schema: Schema): Schema {
  let resolved = schema;
  if (Array.isArray(schema.allOf)) {
    const parts = [schema, ...schema.allOf.filter(isSchema).map(resolve)];
    resolved = Object.assign({}, ...parts) as Schema;
    resolved.properties = Object.assign({}, ...parts.map((part) => (isSchema(part.properties) ? part.properties : {}))) as Schema;
    resolved.required = [...new Set(parts.flatMap((part) => (Array.isArray(part.required) ? part.required : [])))];
    delete resolved.allOf;
  }
  const branches = Array.isArray(resolved.anyOf) ? resolved.anyOf : Array.isArray(resolved.oneOf) ? resolved.oneOf : undefined;
  const first = branches?.find(isSchema);
  if (first) {
    const { anyOf: _anyOf, oneOf: _oneOf, ...rest } = resolved;
    resolved = { ...rest, ...resolve(first) };
  }
  return resolved;
}

function typeOf(schema: Schema): string {
  const declared = Array.isArray(schema.type) ? (schema.type.find((type) => type !== 'null') ?? 'null') : schema.type;
  if (typeof declared === 'string') return declared;
  if (isSchema(schema.properties) || schema.required !== undefined) return 'object';
  if (schema.items !== undefined || schema.prefixItems !== undefined) return 'array';
  if (finite(schema.minimum) !== undefined || finite(schema.maximum) !== undefined) return 'number';
  return 'string';
}

function sample(raw: Schema, sampler: Sampler, inArray: boolean): unknown {
  const schema = resolve(raw);
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return pickOne(sampler.random, schema.enum);
  switch (typeOf(schema)) {
    case 'object':
      return sampleObject(schema, sampler);
    case 'array':
      return sampleArray(schema, sampler);
    case 'integer':
      return sampleNumber(schema, sampler.random, true);
    case 'number':
      return sampleNumber(schema, sampler.random, false);
    case 'boolean':
      return sampler.random() < 0.5;
    case 'null':
      return null;
    default:
      return sampleString(schema, sampler, inArray);
  }
}

function sampleObject(schema: Schema, sampler: Sampler): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  const properties = isSchema(schema.properties) ? schema.properties : {};
  // Every declared property, as a model filling a form would; required ones without a schema get text.
  for (const [name, property] of Object.entries(properties)) result[name] = sample(isSchema(property) ? property : {}, sampler, false);
  for (const name of Array.isArray(schema.required) ? schema.required : []) {
    if (typeof name === 'string' && !(name in result)) result[name] = sampleString({}, sampler, false);
  }
  return result;
}

function sampleArray(schema: Schema, sampler: Sampler): unknown[] {
  const tuple = Array.isArray(schema.prefixItems) ? schema.prefixItems : Array.isArray(schema.items) ? schema.items : [];
  const items = isSchema(schema.items) ? resolve(schema.items) : {};
  const minItems = Math.max(tuple.length, finite(schema.minItems) ?? 1);
  const maxItems = Math.max(minItems, finite(schema.maxItems) ?? Math.max(minItems, 5));
  const count = pickInteger(sampler.random, minItems, maxItems);
  const head = tuple.slice(0, count).map((item) => sample(isSchema(item) ? item : {}, sampler, true));
  const rest = count - head.length;
  if (rest <= 0) return head;
  // Plain string items (keywords, tags, topics): distinct words of the message.
  if (typeOf(items) === 'string' && items.enum === undefined && items.const === undefined && items.format === undefined) {
    return [...head, ...sampler.words.keywords(sampler.random, rest).map((word) => fitLength(word, items, sampler))];
  }
  if (schema.uniqueItems === true && Array.isArray(items.enum)) {
    return [...head, ...shuffled(sampler.random, items.enum).slice(0, rest)];
  }
  return [...head, ...Array.from({ length: rest }, () => sample(items, sampler, true))];
}

function sampleNumber(schema: Schema, random: Random, integer: boolean): number {
  // Draft 4 spells exclusive bounds as booleans beside minimum/maximum; later drafts as numbers.
  const lowExclusive = finite(schema.exclusiveMinimum) ?? (schema.exclusiveMinimum === true ? finite(schema.minimum) : undefined);
  const highExclusive = finite(schema.exclusiveMaximum) ?? (schema.exclusiveMaximum === true ? finite(schema.maximum) : undefined);
  let low = lowExclusive ?? finite(schema.minimum);
  let high = highExclusive ?? finite(schema.maximum);
  if (integer) {
    if (low !== undefined) low = lowExclusive !== undefined ? Math.floor(low) + 1 : Math.ceil(low);
    if (high !== undefined) high = highExclusive !== undefined ? Math.ceil(high) - 1 : Math.floor(high);
  }
  low ??= high === undefined ? 0 : high - 100;
  high ??= low + 100;
  const step = finite(schema.multipleOf);
  if (step !== undefined && step > 0) {
    const first = Math.ceil(low / step);
    const last = Math.floor(high / step);
    const multiple = pickInteger(random, first, Math.max(first, last)) * step;
    return Number(multiple.toPrecision(12));
  }
  if (integer) return pickInteger(random, low, Math.max(low, high));
  const inside = (value: number) =>
    (lowExclusive === undefined ? value >= low : value > low) && (highExclusive === undefined ? value <= high : value < high);
  const value = Math.round((low + random() * (high - low)) * 100) / 100;
  return inside(value) ? value : (low + high) / 2;
}

function sampleString(schema: Schema, sampler: Sampler, inArray: boolean): string {
  const formatted = typeof schema.format === 'string' ? formatValue(schema.format, sampler) : undefined;
  if (formatted !== undefined) return formatted;
  const text = inArray ? sampler.words.keyword(sampler.random) : sampler.words.excerpt(sampler.random, pickInteger(sampler.random, 3, 12));
  return fitLength(text, schema, sampler);
}

/** Pads with more of the message, or cuts at a word boundary, to meet minLength/maxLength (in code points). */
function fitLength(text: string, schema: Schema, sampler: Sampler): string {
  const minLength = finite(schema.minLength) ?? 0;
  const maxLength = finite(schema.maxLength) ?? Number.POSITIVE_INFINITY;
  let fitted = text;
  while (codePoints(fitted) < minLength) fitted += ` ${sampler.words.excerpt(sampler.random, 4)}`;
  if (codePoints(fitted) > maxLength) {
    const cut = [...fitted].slice(0, maxLength).join('');
    const space = cut.lastIndexOf(' ');
    fitted = space > 0 && codePoints(cut.slice(0, space)) >= minLength ? cut.slice(0, space) : cut;
  }
  return fitted;
}

function formatValue(format: string, { random, words }: Sampler): string | undefined {
  const slug = words.keyword(random).toLowerCase().normalize('NFKD').replace(/[^a-z0-9]/g, '') || 'user';
  const instant = new Date(Date.UTC(2025, 0, 1) + pickInteger(random, 0, 365 * 86_400) * 1000).toISOString();
  switch (format) {
    case 'date-time':
      return instant.replace('.000Z', 'Z');
    case 'date':
      return instant.slice(0, 10);
    case 'time':
      return `${instant.slice(11, 19)}Z`;
    case 'email':
      return `${slug}@example.com`;
    case 'uri':
    case 'url':
      return `https://example.com/${slug}`;
    case 'uuid': {
      const hex = Array.from({ length: 32 }, () => pickInteger(random, 0, 15).toString(16)).join('');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
    }
    default:
      return undefined;
  }
}

/**
 * The fault hook's output: the value without its first required field, or (when nothing is required)
 * with its first property of the wrong type, so a caller's schema validation must reject it.
 */
export function breakConformance(value: unknown, schema: unknown): unknown {
  const resolved = isSchema(schema) ? resolve(schema) : {};
  if (!isSchema(value)) return null;
  const broken = { ...value };
  const required = Array.isArray(resolved.required) ? resolved.required.filter((name) => typeof name === 'string') : [];
  const firstRequired = required[0];
  if (firstRequired !== undefined) {
    delete broken[firstRequired];
    return broken;
  }
  const firstProperty = Object.keys(broken)[0];
  if (firstProperty === undefined) return null;
  broken[firstProperty] = typeof broken[firstProperty] === 'number' ? 'not a number' : 42;
  return broken;
}
