// The stack's configuration, read from CDK context (cdk.json, `-c key=value`)
// and checked before anything is built: a bad value fails synth, never a request.
import { InfraConfigError } from './errors.js';

export const DEFAULT_ALLOWED_MODEL_IDS = [
  'amazon.nova-lite-v1:0',
  'amazon.nova-pro-v1:0',
  'anthropic.claude-3-5-haiku-20241022-v1:0',
  'us.anthropic.claude-3-7-sonnet-20250219-v1:0',
] as const;
export const DEFAULT_MODEL_ID = 'amazon.nova-lite-v1:0';
export const DEFAULT_API_KEY_EXPIRY_DAYS = 365;
/** The workflow state machines' models: `strong` analyzes, `fast` summarizes, classifies and writes adverts. */
export const DEFAULT_WORKFLOW_MODELS: WorkflowModels = { strong: 'amazon.nova-pro-v1:0', fast: 'amazon.nova-lite-v1:0' };

/** AppSync caps an environment variable's value at 512 characters. */
const APPSYNC_ENV_VALUE_MAX_LENGTH = 512;
// <provider>.<model>[:<version>], optionally behind a cross-region profile prefix.
const MODEL_ID_PATTERN = /^[a-z0-9-]+(\.[a-z0-9-]+)*\.[A-Za-z0-9._-]+(:[A-Za-z0-9._-]+)?$/;

export interface ModelConfig {
  allowedModelIds: string[];
  defaultModelId: string;
}

/**
 * Fixed in the state machines at synth: the InvokeModel tasks name them and IAM
 * is scoped to exactly them. The state machines send the Amazon Nova body format.
 */
export interface WorkflowModels {
  strong: string;
  fast: string;
}

export interface StackConfig {
  models: ModelConfig;
  workflowModels: WorkflowModels;
  apiKeyExpiryDays: number;
}

/** Reads a CDK context value the way the CLI delivers it (`-c` gives strings; cdk.json any JSON). */
export type ContextReader = (key: string) => unknown;

function readModelList(value: unknown): string[] {
  if (value === undefined || value === null) return [...DEFAULT_ALLOWED_MODEL_IDS];
  const items = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : undefined;
  if (!items || !items.every((item) => typeof item === 'string')) {
    throw new InfraConfigError(`context "models" must be a comma-separated string or a list of strings, got ${JSON.stringify(value)}`);
  }
  return items.map((item) => item.trim()).filter((item) => item.length > 0);
}

export function parseModelConfig(modelsValue: unknown, defaultModelValue: unknown): ModelConfig {
  const allowedModelIds = readModelList(modelsValue);
  if (allowedModelIds.length === 0) {
    throw new InfraConfigError('context "models" lists no model: at least one model id is required');
  }
  const invalid = allowedModelIds.filter((id) => !MODEL_ID_PATTERN.test(id));
  if (invalid.length > 0) {
    throw new InfraConfigError(`context "models" has malformed model ids: ${invalid.join(', ')}`);
  }
  const duplicates = allowedModelIds.filter((id, index) => allowedModelIds.indexOf(id) !== index);
  if (duplicates.length > 0) {
    throw new InfraConfigError(`context "models" lists a model twice: ${[...new Set(duplicates)].join(', ')}`);
  }
  const joined = allowedModelIds.join(',');
  if (joined.length > APPSYNC_ENV_VALUE_MAX_LENGTH) {
    throw new InfraConfigError(`context "models" is ${joined.length} characters; AppSync allows ${APPSYNC_ENV_VALUE_MAX_LENGTH}`);
  }

  const defaultModelId = defaultModelValue ?? DEFAULT_MODEL_ID;
  if (typeof defaultModelId !== 'string' || defaultModelId.trim().length === 0) {
    throw new InfraConfigError(`context "defaultModel" must be a model id, got ${JSON.stringify(defaultModelValue)}`);
  }
  if (!allowedModelIds.includes(defaultModelId.trim())) {
    throw new InfraConfigError(`context "defaultModel" ${defaultModelId} is not one of the allowed models (${allowedModelIds.join(', ')})`);
  }
  return { allowedModelIds, defaultModelId: defaultModelId.trim() };
}

export function parseApiKeyExpiryDays(value: unknown): number {
  if (value === undefined || value === null) return DEFAULT_API_KEY_EXPIRY_DAYS;
  const days = typeof value === 'string' ? Number(value) : value;
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > 365) {
    throw new InfraConfigError(`context "apiKeyExpiryDays" must be a whole number of days from 1 to 365, got ${JSON.stringify(value)}`);
  }
  return days;
}

function readWorkflowModel(value: unknown, fallback: string, key: string, allowedModelIds: readonly string[]): string {
  const modelId = value ?? fallback;
  if (typeof modelId !== 'string' || modelId.trim().length === 0) {
    throw new InfraConfigError(`context "${key}" must be a model id, got ${JSON.stringify(value)}`);
  }
  if (!allowedModelIds.includes(modelId.trim())) {
    throw new InfraConfigError(`context "${key}" ${modelId} is not one of the allowed models (${allowedModelIds.join(', ')})`);
  }
  return modelId.trim();
}

/** Context keys `workflowStrongModel` and `workflowFastModel`; each must be one of the allowed models. */
export function parseWorkflowModels(strongValue: unknown, fastValue: unknown, models: ModelConfig): WorkflowModels {
  return {
    strong: readWorkflowModel(strongValue, DEFAULT_WORKFLOW_MODELS.strong, 'workflowStrongModel', models.allowedModelIds),
    fast: readWorkflowModel(fastValue, DEFAULT_WORKFLOW_MODELS.fast, 'workflowFastModel', models.allowedModelIds),
  };
}

export function readStackConfig(context: ContextReader): StackConfig {
  const models = parseModelConfig(context('models'), context('defaultModel'));
  return {
    models,
    workflowModels: parseWorkflowModels(context('workflowStrongModel'), context('workflowFastModel'), models),
    apiKeyExpiryDays: parseApiKeyExpiryDays(context('apiKeyExpiryDays')),
  };
}
