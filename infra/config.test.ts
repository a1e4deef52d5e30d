import { describe, expect, it } from 'vitest';
import { createApp } from './app.js';
import { bedrockModelArns, inferenceProfileBaseModel } from './bedrock-arns.js';
import {
  DEFAULT_ALLOWED_MODEL_IDS, DEFAULT_MODEL_ID, DEFAULT_WORKFLOW_MODELS, parseApiKeyExpiryDays, parseModelConfig, parseWorkflowModels,
} from './config.js';
import { InfraConfigError } from './errors.js';

describe('parseModelConfig', () => {
  it('GIVEN no context WHEN parsed THEN the default list and default model are used', () => {
    expect(parseModelConfig(undefined, undefined)).toEqual({
      allowedModelIds: [...DEFAULT_ALLOWED_MODEL_IDS],
      defaultModelId: DEFAULT_MODEL_ID,
    });
  });

  it('GIVEN a comma list with spaces (as -c passes it) WHEN parsed THEN ids are trimmed', () => {
    expect(parseModelConfig(' amazon.nova-pro-v1:0 , us.anthropic.claude-3-7-sonnet-20250219-v1:0 ', 'amazon.nova-pro-v1:0')).toEqual({
      allowedModelIds: ['amazon.nova-pro-v1:0', 'us.anthropic.claude-3-7-sonnet-20250219-v1:0'],
      defaultModelId: 'amazon.nova-pro-v1:0',
    });
  });

  it('GIVEN a JSON list (as cdk.json gives it) WHEN parsed THEN it is accepted', () => {
    expect(parseModelConfig(['amazon.nova-lite-v1:0'], 'amazon.nova-lite-v1:0').allowedModelIds).toEqual(['amazon.nova-lite-v1:0']);
  });

  it.each([
    ['an empty list', '', 'amazon.nova-lite-v1:0', /no model/],
    ['only commas', ' , ,', 'amazon.nova-lite-v1:0', /no model/],
    ['a default outside the list', 'amazon.nova-pro-v1:0', 'amazon.nova-lite-v1:0', /not one of the allowed models/],
    ['a malformed id', 'amazon.nova-pro-v1:0,bedrock:*', 'amazon.nova-pro-v1:0', /malformed/],
    ['a duplicate', 'amazon.nova-pro-v1:0,amazon.nova-pro-v1:0', 'amazon.nova-pro-v1:0', /twice/],
    ['a non-string list', [1, 2], 'amazon.nova-lite-v1:0', /list of strings/],
    ['a list too long for an AppSync variable', Array.from({ length: 30 }, (_, i) => `amazon.model-${i}-abcdefghij-v1:0`).join(','), 'amazon.model-0-abcdefghij-v1:0', /512/],
  ])('GIVEN %s WHEN parsed THEN it throws', (_case, models, defaultModel, message) => {
    expect(() => parseModelConfig(models, defaultModel)).toThrow(InfraConfigError);
    expect(() => parseModelConfig(models, defaultModel)).toThrow(message);
  });
});

describe('parseWorkflowModels', () => {
  const models = parseModelConfig(undefined, undefined);

  it('GIVEN no context WHEN parsed THEN Nova Pro is strong and Nova Lite is fast', () => {
    expect(parseWorkflowModels(undefined, undefined, models)).toEqual({ strong: 'amazon.nova-pro-v1:0', fast: 'amazon.nova-lite-v1:0' });
    expect(DEFAULT_WORKFLOW_MODELS).toEqual({ strong: 'amazon.nova-pro-v1:0', fast: 'amazon.nova-lite-v1:0' });
  });

  it('GIVEN allowed overrides WHEN parsed THEN they are used, trimmed', () => {
    expect(parseWorkflowModels(' amazon.nova-lite-v1:0 ', 'amazon.nova-lite-v1:0', models)).toEqual({ strong: 'amazon.nova-lite-v1:0', fast: 'amazon.nova-lite-v1:0' });
  });

  it.each([
    ['a strong model outside the list', 'amazon.nova-premier-v1:0', undefined, /workflowStrongModel.*not one of the allowed models/],
    ['a fast model outside the list', undefined, 'amazon.nova-micro-v1:0', /workflowFastModel.*not one of the allowed models/],
    ['a blank model', ' ', undefined, /workflowStrongModel.*must be a model id/],
  ])('GIVEN %s WHEN parsed THEN it throws', (_case, strong, fast, message) => {
    expect(() => parseWorkflowModels(strong, fast, models)).toThrow(InfraConfigError);
    expect(() => parseWorkflowModels(strong, fast, models)).toThrow(message);
  });

  it('GIVEN a model list without the default workflow models WHEN the app is built THEN synth fails', () => {
    expect(() => createApp({ context: { models: 'amazon.nova-pro-v1:0', defaultModel: 'amazon.nova-pro-v1:0' } })).toThrow(/workflowFastModel/);
  });
});

describe('parseApiKeyExpiryDays', () => {
  it('GIVEN nothing THEN 365; GIVEN "30" THEN 30', () => {
    expect(parseApiKeyExpiryDays(undefined)).toBe(365);
    expect(parseApiKeyExpiryDays('30')).toBe(30);
  });

  it.each([0, 366, 1.5, 'soon'])('GIVEN %s THEN it throws', (value) => {
    expect(() => parseApiKeyExpiryDays(value)).toThrow(InfraConfigError);
  });
});

describe('bedrockModelArns', () => {
  const scope = { partition: 'aws', region: 'eu-west-1', account: '123456789012' };

  it('GIVEN a foundation model WHEN mapped THEN it is the one regional foundation-model ARN', () => {
    expect(bedrockModelArns(['amazon.nova-lite-v1:0'], scope)).toEqual(['arn:aws:bedrock:eu-west-1::foundation-model/amazon.nova-lite-v1:0']);
  });

  it('GIVEN an inference profile WHEN mapped THEN the profile in the account plus its base model in any region', () => {
    expect(bedrockModelArns(['eu.anthropic.claude-3-7-sonnet-20250219-v1:0'], scope)).toEqual([
      'arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.anthropic.claude-3-7-sonnet-20250219-v1:0',
      'arn:aws:bedrock:*::foundation-model/anthropic.claude-3-7-sonnet-20250219-v1:0',
    ]);
  });

  it('GIVEN profile prefixes WHEN recognised THEN only us., eu., apac., global. count', () => {
    expect(inferenceProfileBaseModel('global.amazon.nova-pro-v1:0')).toBe('amazon.nova-pro-v1:0');
    expect(inferenceProfileBaseModel('apac.amazon.nova-pro-v1:0')).toBe('amazon.nova-pro-v1:0');
    expect(inferenceProfileBaseModel('amazon.nova-pro-v1:0')).toBeUndefined();
    expect(inferenceProfileBaseModel('usx.amazon.nova-pro-v1:0')).toBeUndefined();
  });
});

describe('createApp with invalid model configuration', () => {
  it('GIVEN a default model outside the list WHEN the app is built THEN synth fails before any resource', () => {
    expect(() => createApp({ context: { models: 'amazon.nova-pro-v1:0', defaultModel: 'amazon.nova-lite-v1:0' } })).toThrow(
      /defaultModel.*not one of the allowed models/,
    );
  });

  it('GIVEN an empty model list WHEN the app is built THEN it throws', () => {
    expect(() => createApp({ context: { models: '' } })).toThrow(InfraConfigError);
  });
});
