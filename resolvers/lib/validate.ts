import { util } from '@aws-appsync/utils';
import type {
  CreateConversationInput,
  InferenceConfigInput,
  InputMaybe,
  SendMessageInput,
} from '../generated/schema-types';
import { validationError } from './errors';

// Limits documented on the schema (schema/chat.graphql, schema/common.graphql).
export const LIMITS = {
  contentMaxLength: 32_000,
  titleMaxLength: 200,
  systemPromptMaxLength: 10_000,
  listMin: 1,
  listMax: 100,
  maxTokensMin: 1,
  maxTokensMax: 8192,
  stopSequencesMax: 4,
  stopSequenceMaxLength: 100,
} as const;

// util.matches takes a Java-style pattern; anchored so it means the whole value.
const CLIENT_TOKEN_PATTERN = '^[A-Za-z0-9_-]{1,64}$';

export function validateContent(content: string): void {
  if (content.trim().length === 0) {
    validationError('content must not be empty');
  }
  if (content.length > LIMITS.contentMaxLength) {
    validationError(`content must be at most ${LIMITS.contentMaxLength} characters`);
  }
}

export function validateClientToken(clientToken: InputMaybe<string> | undefined): void {
  if (clientToken === null || clientToken === undefined) {
    return;
  }
  if (!util.matches(CLIENT_TOKEN_PATTERN, clientToken)) {
    validationError('clientToken must be 1 to 64 characters of [A-Za-z0-9_-]');
  }
}

function validateMaxLength(value: InputMaybe<string> | undefined, maxLength: number, name: string): void {
  if (value !== null && value !== undefined && value.length > maxLength) {
    validationError(`${name} must be at most ${maxLength} characters`);
  }
}

function validateUnitInterval(value: InputMaybe<number> | undefined, name: string): void {
  if (value !== null && value !== undefined && (value < 0 || value > 1)) {
    validationError(`${name} must be between 0.0 and 1.0`);
  }
}

export function validateInferenceConfig(config: InputMaybe<InferenceConfigInput> | undefined): void {
  if (!config) {
    return;
  }
  const maxTokens = config.maxTokens;
  if (maxTokens !== null && maxTokens !== undefined && (maxTokens < LIMITS.maxTokensMin || maxTokens > LIMITS.maxTokensMax)) {
    validationError(`inferenceConfig.maxTokens must be between ${LIMITS.maxTokensMin} and ${LIMITS.maxTokensMax}`);
  }
  validateUnitInterval(config.temperature, 'inferenceConfig.temperature');
  validateUnitInterval(config.topP, 'inferenceConfig.topP');
  const stopSequences = config.stopSequences;
  if (stopSequences) {
    if (stopSequences.length > LIMITS.stopSequencesMax) {
      validationError(`inferenceConfig.stopSequences allows at most ${LIMITS.stopSequencesMax} entries`);
    }
    const badSequence = stopSequences.find((s) => s.length < 1 || s.length > LIMITS.stopSequenceMaxLength);
    if (badSequence !== undefined) {
      validationError(`each of inferenceConfig.stopSequences must be 1 to ${LIMITS.stopSequenceMaxLength} characters`);
    }
  }
}

/** A list's page size: `fallback` when omitted, else 1 to 100. */
export function validateListLimit(limit: InputMaybe<number> | undefined, fallback: number): number {
  if (limit === null || limit === undefined) {
    return fallback;
  }
  if (limit < LIMITS.listMin || limit > LIMITS.listMax) {
    validationError(`limit must be between ${LIMITS.listMin} and ${LIMITS.listMax}`);
  }
  return limit;
}

export function validateCreateConversationInput(input: CreateConversationInput): void {
  validateMaxLength(input.title, LIMITS.titleMaxLength, 'title');
  validateMaxLength(input.systemPrompt, LIMITS.systemPromptMaxLength, 'systemPrompt');
}

/** Everything about sendMessage's input that needs no lookup (the model is checked in models.ts). */
export function validateSendMessageInput(input: SendMessageInput): void {
  validateContent(input.content);
  validateClientToken(input.clientToken);
  validateInferenceConfig(input.inferenceConfig);
}
