// The async invocation payload sent by Mutation.sendMessage (README "sendMessage -> chat-stream Lambda").
import type { InferenceConfiguration } from '@aws-sdk/client-bedrock-runtime';
import { InvalidEventError } from '../shared/errors.js';

export interface ChatStreamEvent {
  conversationId: string;
  userMessageId: string;
  assistantMessageId: string;
  owner: string;
  modelId: string;
  systemPrompt?: string;
  inferenceConfig?: InferenceConfiguration;
}

function requireString(payload: Record<string, unknown>, field: string): string {
  const value = payload[field];
  if (typeof value !== 'string' || value.length === 0) throw new InvalidEventError(`Event field ${field} must be a non-empty string`);
  return value;
}

function optionalNumber(config: Record<string, unknown>, field: string): number | undefined {
  const value = config[field];
  if (value == null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new InvalidEventError(`inferenceConfig.${field} must be a number`);
  return value;
}

function parseInferenceConfig(value: unknown): InferenceConfiguration | undefined {
  if (value == null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw new InvalidEventError('inferenceConfig must be an object');
  const config = value as Record<string, unknown>;
  const stopSequences = config.stopSequences;
  if (stopSequences != null && (!Array.isArray(stopSequences) || !stopSequences.every((s) => typeof s === 'string'))) {
    throw new InvalidEventError('inferenceConfig.stopSequences must be a list of strings');
  }
  return {
    maxTokens: optionalNumber(config, 'maxTokens'),
    temperature: optionalNumber(config, 'temperature'),
    topP: optionalNumber(config, 'topP'),
    stopSequences: (stopSequences as string[] | null | undefined) ?? undefined,
  };
}

/** Checks the shape only; the orchestrator checks the model against ALLOWED_MODEL_IDS. */
export function parseChatStreamEvent(payload: unknown): ChatStreamEvent {
  if (typeof payload !== 'object' || payload === null) throw new InvalidEventError('Event must be an object');
  const record = payload as Record<string, unknown>;
  const systemPrompt = record.systemPrompt;
  if (systemPrompt != null && typeof systemPrompt !== 'string') throw new InvalidEventError('Event field systemPrompt must be a string');
  return {
    conversationId: requireString(record, 'conversationId'),
    userMessageId: requireString(record, 'userMessageId'),
    assistantMessageId: requireString(record, 'assistantMessageId'),
    owner: requireString(record, 'owner'),
    modelId: requireString(record, 'modelId'),
    systemPrompt: systemPrompt || undefined,
    inferenceConfig: parseInferenceConfig(record.inferenceConfig),
  };
}
