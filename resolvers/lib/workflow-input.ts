// startWorkflow's input rules per kind (schema/workflows.graphql StartWorkflowInput).
// Everything here needs no lookup; a broken rule raises ValidationError before
// anything is written. The input comes back normalized (defaults filled in),
// because the state machines read every field by path.
import { util } from '@aws-appsync/utils';
import type { Context } from '@aws-appsync/utils';
import type { StartWorkflowInput, WorkflowKind } from '../generated/schema-types';
import { validationError } from './errors';
import { validateClientToken } from './validate';

export const WORKFLOW_LIMITS = {
  documentTextMaxLength: 200_000,
  documentUrlMaxLength: 2048,
  /** Decoded bytes of a base64 PDF. */
  documentBase64MaxBytes: 5 * 1024 * 1024,
  // The sentiment and keywords requests are cached by a States.Hash of the whole request,
  // which AWS caps at 10,000 characters: the text, the prompt and the tool schema must fit.
  insightsTextMaxLength: 8_000,
  specsMin: 1,
  specsMax: 100,
  specNameMaxLength: 200,
  specDescriptionMaxLength: 2000,
  specFeaturesMax: 20,
  specFeatureMaxLength: 200,
  toneMaxLength: 100,
  wordCountMin: 10,
  wordCountMax: 300,
  callbackUrlMaxLength: 2048,
  /**
   * The execution input (this input plus ids) must fit Step Functions' 256 KB
   * limit, and the job item DynamoDB's 400 KB: the serialized input is capped
   * below both (characters; the models' text is mostly ASCII).
   */
  inputJsonMaxLength: 240_000,
} as const;

export const DOCUMENT_FORMATS = ['TEXT', 'MARKDOWN', 'HTML', 'PDF'] as const;
export const DEFAULT_ADVERT_TONE = 'friendly';
export const DEFAULT_ADVERT_WORD_COUNT = 80;

// Java-style patterns for util.matches, anchored.
const BASE64_PATTERN = '^[A-Za-z0-9+/]*={0,2}$';
/** Base64 of "%PDF-". */
const PDF_BASE64_PREFIX = 'JVBERi0';
const HTTPS_URL_PATTERN = '^https://[^\\s/?#]+[^\\s]*$';
const HTTP_URL_PATTERN = '^https?://[^\\s/?#]+[^\\s]*$';
const LOOPBACK_HTTP_URL_PATTERN = '^http://(127\\.0\\.0\\.1|localhost|\\[::1\\])(:[0-9]{1,5})?(/[^\\s]*)?$';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isWholeNumber(value: unknown): value is number {
  return typeof value === 'number' && Math.floor(value) === value;
}

function requireString(value: unknown, name: string, min: number, max: number): string {
  if (typeof value !== 'string') {
    return validationError(`${name} must be a string`);
  }
  if (value.trim().length < min) {
    validationError(`${name} must not be empty`);
  }
  if (value.length > max) {
    validationError(`${name} must be at most ${max} characters`);
  }
  return value;
}

/** http(s) is allowed when the API allows insecure callbacks (the sandbox); https only in AWS. */
function allowsInsecure(ctx: Context): boolean {
  return ctx.env.ALLOW_INSECURE_CALLBACKS === 'true';
}

function validateDocument(ctx: Context, value: unknown): Json {
  if (!isObject(value)) {
    return validationError('input.document must be an object { text | url | base64, format }');
  }
  const sources = ['text', 'url', 'base64'].filter((key) => value[key] !== undefined && value[key] !== null);
  if (sources.length !== 1) {
    validationError('input.document needs exactly one of text, url or base64');
  }
  const format = value.format;
  if (typeof format !== 'string' || !(DOCUMENT_FORMATS as readonly string[]).includes(format)) {
    validationError(`input.document.format must be one of ${DOCUMENT_FORMATS.join(', ')}`);
  }
  if (value.text !== undefined && value.text !== null) {
    const text = requireString(value.text, 'input.document.text', 1, WORKFLOW_LIMITS.documentTextMaxLength);
    if (format === 'PDF') {
      validationError('input.document.text cannot be a PDF: send it as base64');
    }
    return { text, format };
  }
  if (value.url !== undefined && value.url !== null) {
    const url = requireString(value.url, 'input.document.url', 1, WORKFLOW_LIMITS.documentUrlMaxLength);
    if (!util.matches(allowsInsecure(ctx) ? HTTP_URL_PATTERN : HTTPS_URL_PATTERN, url)) {
      validationError(allowsInsecure(ctx) ? 'input.document.url must be an http(s) URL' : 'input.document.url must be an https URL');
    }
    return { url, format };
  }
  const base64 = requireString(value.base64, 'input.document.base64', 1, WORKFLOW_LIMITS.inputJsonMaxLength);
  if (format !== 'PDF') {
    validationError('input.document.base64 is for PDF documents: format must be PDF');
  }
  if (base64.length % 4 !== 0 || !util.matches(BASE64_PATTERN, base64)) {
    validationError('input.document.base64 is not valid base64');
  }
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  if ((base64.length / 4) * 3 - padding > WORKFLOW_LIMITS.documentBase64MaxBytes) {
    validationError(`input.document.base64 must decode to at most ${WORKFLOW_LIMITS.documentBase64MaxBytes} bytes`);
  }
  if (!base64.startsWith(PDF_BASE64_PREFIX)) {
    validationError('input.document.base64 is not a PDF');
  }
  return { base64, format };
}

function validateSpec(value: unknown, index: number): Json {
  const name = `input.specs[${index}]`;
  if (!isObject(value)) {
    return validationError(`${name} must be an object { name, description, features? }`);
  }
  const features = value.features === undefined || value.features === null ? [] : value.features;
  if (!Array.isArray(features)) {
    validationError(`${name}.features must be a list of strings`);
  }
  const featureList = features as unknown[];
  if (featureList.length > WORKFLOW_LIMITS.specFeaturesMax) {
    validationError(`${name}.features allows at most ${WORKFLOW_LIMITS.specFeaturesMax} entries`);
  }
  featureList.forEach((feature, featureIndex) =>
    requireString(feature, `${name}.features[${featureIndex}]`, 1, WORKFLOW_LIMITS.specFeatureMaxLength),
  );
  return {
    name: requireString(value.name, `${name}.name`, 1, WORKFLOW_LIMITS.specNameMaxLength),
    description: requireString(value.description, `${name}.description`, 1, WORKFLOW_LIMITS.specDescriptionMaxLength),
    features: featureList,
  };
}

function validateBatchAdverts(input: Json): Json {
  const specs = input.specs;
  if (!Array.isArray(specs)) {
    return validationError('input.specs must be a list');
  }
  const specList = specs as unknown[];
  if (specList.length < WORKFLOW_LIMITS.specsMin || specList.length > WORKFLOW_LIMITS.specsMax) {
    validationError(`input.specs must hold ${WORKFLOW_LIMITS.specsMin} to ${WORKFLOW_LIMITS.specsMax} specs`);
  }
  const tone = input.tone === undefined || input.tone === null
    ? DEFAULT_ADVERT_TONE
    : requireString(input.tone, 'input.tone', 1, WORKFLOW_LIMITS.toneMaxLength);
  const wordCount = input.wordCount === undefined || input.wordCount === null ? DEFAULT_ADVERT_WORD_COUNT : input.wordCount;
  if (!isWholeNumber(wordCount) || wordCount < WORKFLOW_LIMITS.wordCountMin || wordCount > WORKFLOW_LIMITS.wordCountMax) {
    validationError(`input.wordCount must be a whole number from ${WORKFLOW_LIMITS.wordCountMin} to ${WORKFLOW_LIMITS.wordCountMax}`);
  }
  return { specs: specList.map((spec, index) => validateSpec(spec, index)), tone, wordCount };
}

/** The kind's input, validated and normalized; ValidationError otherwise. */
export function validateWorkflowInput(ctx: Context, kind: WorkflowKind, input: unknown): Json {
  if (!isObject(input)) {
    return validationError('input must be a JSON object');
  }
  let normalized: Json;
  switch (kind) {
    case 'DOCUMENT_ANALYSIS':
      normalized = { document: validateDocument(ctx, input.document) };
      break;
    case 'CONTENT_INSIGHTS':
      normalized = { text: requireString(input.text, 'input.text', 1, WORKFLOW_LIMITS.insightsTextMaxLength) };
      break;
    case 'BATCH_ADVERTS':
      normalized = validateBatchAdverts(input);
      break;
    default:
      return validationError(`kind ${String(kind)} is not supported`);
  }
  if (JSON.stringify(normalized).length > WORKFLOW_LIMITS.inputJsonMaxLength) {
    validationError(`input is too large: at most ${WORKFLOW_LIMITS.inputJsonMaxLength} characters of JSON`);
  }
  return normalized;
}

export function validateCallbackUrl(ctx: Context, callbackUrl: string | null | undefined): void {
  if (callbackUrl === null || callbackUrl === undefined) {
    return;
  }
  if (callbackUrl.length > WORKFLOW_LIMITS.callbackUrlMaxLength) {
    validationError(`callbackUrl must be at most ${WORKFLOW_LIMITS.callbackUrlMaxLength} characters`);
  }
  const allowed = util.matches(HTTPS_URL_PATTERN, callbackUrl)
    || (allowsInsecure(ctx) && util.matches(LOOPBACK_HTTP_URL_PATTERN, callbackUrl));
  if (!allowed) {
    validationError(allowsInsecure(ctx) ? 'callbackUrl must be https, or http on a loopback address' : 'callbackUrl must be an https URL');
  }
}

/** Everything about startWorkflow's arguments that needs no lookup: the normalized kind input. */
export function validateStartWorkflowInput(ctx: Context, input: StartWorkflowInput): Json {
  validateClientToken(input.clientToken);
  validateCallbackUrl(ctx, input.callbackUrl);
  return validateWorkflowInput(ctx, input.kind, input.input as unknown);
}

/**
 * The start token's requestHash: APPSYNC_JS has no digest, so (as for sendMessage's
 * contentHash) it is the kind and the normalized input themselves, tagged with a scheme.
 */
export function startRequestHash(kind: WorkflowKind, input: Json): string {
  return `raw:${kind}:${JSON.stringify(input)}`;
}
