// advert-intake's event (README "Adverts"), made by Mutation.createAdvert after it validated the
// input. Anything off the contract here is a resolver bug, not a user error: InvalidEventError.
// The images are only checked for shape; their content rules give ValidationError results
// (advert-images.ts).
import { InvalidEventError } from '../shared/errors.js';
import { IMAGE_FORMATS, type ImageFormat } from './image-check.js';

export interface AdvertImageInput {
  format: ImageFormat;
  base64: string;
}

export interface AdvertIntakeInput {
  spec: string;
  images: AdvertImageInput[];
  /** Resolved: at least one ("General audience" when none was given). */
  personas: string[];
  tone: string | null;
  wordCount: number;
  modelId: string;
  clientToken: string | null;
  bypassCache: boolean;
}

export interface AdvertIntakeEvent {
  owner: string;
  /** A ULID, or the client's own ULID or UUID. */
  advertId: string;
  /** One ULID per persona, in persona order. */
  variantIds: string[];
  createdAt: string;
  input: AdvertIntakeInput;
}

export const INPUT_LIMITS = {
  specMaxLength: 20_000,
  personasMax: 5,
  personaMaxLength: 100,
  toneMaxLength: 100,
  wordCountMin: 25,
  wordCountMax: 500,
  modelIdMaxLength: 256,
} as const;

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
/** The advert id: a ULID the resolver made, or the client's own ULID or UUID (CreateAdvertInput.id). */
const ADVERT_ID = /^([0-9A-HJKMNP-TV-Z]{26}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/;
/** A Cognito sub (UUID) or "guest": safe inside keys and S3 object names. */
const OWNER = /^[A-Za-z0-9_-]{1,128}$/;
const CLIENT_TOKEN = /^[A-Za-z0-9_-]{1,64}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

type Fields = Record<string, unknown>;

function object(value: unknown, what: string): Fields {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new InvalidEventError(`${what} must be an object`);
  return value as Fields;
}

function matching(value: unknown, pattern: RegExp, what: string): string {
  if (typeof value !== 'string' || !pattern.test(value)) throw new InvalidEventError(`${what} is malformed`);
  return value;
}

function text(value: unknown, what: string, maxLength: number): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > maxLength) {
    throw new InvalidEventError(`${what} must be a non-blank string of at most ${maxLength} characters`);
  }
  return value;
}

function list(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new InvalidEventError(`${what} must be a list`);
  return value;
}

function image(value: unknown, index: number): AdvertImageInput {
  const fields = object(value, `input.images[${index}]`);
  if (!IMAGE_FORMATS.includes(fields.format as ImageFormat)) throw new InvalidEventError(`input.images[${index}].format must be one of ${IMAGE_FORMATS.join(', ')}`);
  if (typeof fields.base64 !== 'string') throw new InvalidEventError(`input.images[${index}].base64 must be a string`);
  return { format: fields.format as ImageFormat, base64: fields.base64 };
}

function personas(value: unknown): string[] {
  const items = list(value, 'input.personas').map((persona, i) => text(persona, `input.personas[${i}]`, INPUT_LIMITS.personaMaxLength));
  if (items.length < 1 || items.length > INPUT_LIMITS.personasMax) throw new InvalidEventError(`input.personas must hold 1 to ${INPUT_LIMITS.personasMax} entries`);
  if (new Set(items.map((persona) => persona.trim().toLowerCase())).size !== items.length) throw new InvalidEventError('input.personas must be distinct');
  return items;
}

function input(value: unknown): AdvertIntakeInput {
  const fields = object(value, 'input');
  const { wordCount, bypassCache } = fields;
  if (typeof wordCount !== 'number' || !Number.isInteger(wordCount) || wordCount < INPUT_LIMITS.wordCountMin || wordCount > INPUT_LIMITS.wordCountMax) {
    throw new InvalidEventError(`input.wordCount must be an integer from ${INPUT_LIMITS.wordCountMin} to ${INPUT_LIMITS.wordCountMax}`);
  }
  if (typeof bypassCache !== 'boolean') throw new InvalidEventError('input.bypassCache must be a boolean');
  return {
    spec: text(fields.spec, 'input.spec', INPUT_LIMITS.specMaxLength),
    images: list(fields.images, 'input.images').map(image),
    personas: personas(fields.personas),
    tone: fields.tone === null || fields.tone === undefined ? null : text(fields.tone, 'input.tone', INPUT_LIMITS.toneMaxLength),
    wordCount,
    modelId: text(fields.modelId, 'input.modelId', INPUT_LIMITS.modelIdMaxLength),
    clientToken: fields.clientToken === null || fields.clientToken === undefined ? null : matching(fields.clientToken, CLIENT_TOKEN, 'input.clientToken'),
    bypassCache,
  };
}

export function parseAdvertIntakeEvent(payload: unknown): AdvertIntakeEvent {
  const fields = object(payload, 'event');
  const parsedInput = input(fields.input);
  const variantIds = list(fields.variantIds, 'variantIds').map((id, i) => matching(id, ULID, `variantIds[${i}]`));
  if (variantIds.length !== parsedInput.personas.length) throw new InvalidEventError('variantIds must hold one id per persona');
  if (new Set(variantIds).size !== variantIds.length) throw new InvalidEventError('variantIds must be distinct');
  const createdAt = matching(fields.createdAt, ISO_INSTANT, 'createdAt');
  if (Number.isNaN(Date.parse(createdAt))) throw new InvalidEventError('createdAt is malformed');
  return {
    owner: matching(fields.owner, OWNER, 'owner'),
    advertId: matching(fields.advertId, ADVERT_ID, 'advertId'),
    variantIds,
    createdAt,
    input: parsedInput,
  };
}
