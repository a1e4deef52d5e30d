// createAdvert's input rules (schema/adverts.graphql CreateAdvertInput). Everything
// here needs no lookup; a broken rule raises before anything is written.
import { util } from '@aws-appsync/utils';
import type { Context } from '@aws-appsync/utils';
import type { CreateAdvertInput } from '../generated/schema-types';
import { validateAdvertImages } from './advert-images';
import type { AdvertIntakeInput } from './advert-items';
import { validationError } from './errors';
import { defaultModelId, requireAllowedModel } from './models';
import { validateClientToken } from './validate';

export const ADVERT_LIMITS = {
  specMaxLength: 20_000,
  personasMax: 5,
  personaMaxLength: 100,
  toneMaxLength: 100,
  wordCountMin: 25,
  wordCountMax: 500,
} as const;

export const DEFAULT_PERSONA = 'General audience';
export const DEFAULT_WORD_COUNT = 150;

/** 1..max characters, not blank. */
function requireText(value: string, name: string, maxLength: number): string {
  if (value.trim().length === 0) {
    validationError(`${name} must not be blank`);
  }
  if (value.length > maxLength) {
    validationError(`${name} must be at most ${maxLength} characters`);
  }
  return value;
}

function validatePersonas(personas: string[] | null | undefined): string[] {
  const list = personas ?? [];
  if (list.length > ADVERT_LIMITS.personasMax) {
    validationError(`personas allows at most ${ADVERT_LIMITS.personasMax} entries`);
  }
  const seen: string[] = [];
  list.forEach((persona, index) => {
    requireText(persona, `personas[${index}]`, ADVERT_LIMITS.personaMaxLength);
    const folded = persona.trim().toLowerCase();
    if (seen.includes(folded)) {
      validationError(`personas must be distinct ignoring case: personas[${index}] repeats an earlier one`);
    }
    seen.push(folded);
  });
  return list.length > 0 ? list : [DEFAULT_PERSONA];
}

function validateWordCount(wordCount: number | null | undefined): number {
  if (wordCount === null || wordCount === undefined) {
    return DEFAULT_WORD_COUNT;
  }
  if (wordCount < ADVERT_LIMITS.wordCountMin || wordCount > ADVERT_LIMITS.wordCountMax) {
    validationError(`wordCount must be between ${ADVERT_LIMITS.wordCountMin} and ${ADVERT_LIMITS.wordCountMax}`);
  }
  return wordCount;
}

/** The input as the intake Lambda takes it: validated, defaults resolved. */
export function validateCreateAdvertInput(ctx: Context, input: CreateAdvertInput): AdvertIntakeInput {
  const spec = requireText(input.spec, 'spec', ADVERT_LIMITS.specMaxLength);
  const personas = validatePersonas(input.personas);
  const tone = input.tone === null || input.tone === undefined
    ? null
    : requireText(input.tone, 'tone', ADVERT_LIMITS.toneMaxLength);
  const wordCount = validateWordCount(input.wordCount);
  validateClientToken(input.clientToken);
  const images = validateAdvertImages(input.images);
  const modelId = requireAllowedModel(ctx, input.modelId ?? defaultModelId(ctx));
  return {
    spec,
    images,
    personas,
    tone,
    wordCount,
    modelId,
    clientToken: input.clientToken ?? null,
    bypassCache: input.bypassCache === true,
  };
}

// A ULID (Crockford base32, 26 characters) or a UUID: ids a client can make on its own.
const CLIENT_ADVERT_ID_PATTERN = '^([0-9A-HJKMNP-TV-Z]{26}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$';

/** The client's id for the new advert when it chose one (so it could subscribe first), else a new ULID. */
export function newAdvertId(id: string | null | undefined): string {
  if (id === null || id === undefined) {
    return util.autoUlid();
  }
  if (!util.matches(CLIENT_ADVERT_ID_PATTERN, id)) {
    validationError('id must be a ULID or a UUID');
  }
  return id;
}
