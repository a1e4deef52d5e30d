import { describe, expect, it } from 'vitest';
import { InvalidEventError } from '../shared/errors.js';
import { parseChatStreamEvent } from './event.js';
import { toChunkError } from '../shared/streaming/stream-errors.js';

const valid = {
  conversationId: 'C',
  userMessageId: 'U',
  assistantMessageId: 'A',
  owner: 'sub',
  modelId: 'amazon.nova-lite-v1:0',
  systemPrompt: 'optional',
  inferenceConfig: { maxTokens: 512, temperature: 0.5, topP: 0.9, stopSequences: [] },
};

describe('parseChatStreamEvent', () => {
  it('accepts the README payload', () => {
    expect(parseChatStreamEvent(valid)).toEqual(valid);
    expect(parseChatStreamEvent({ ...valid, systemPrompt: null, inferenceConfig: null })).toMatchObject({ systemPrompt: undefined, inferenceConfig: undefined });
  });

  it.each([null, 'x', { ...valid, owner: '' }, { ...valid, inferenceConfig: { maxTokens: 'many' } }, { ...valid, inferenceConfig: { stopSequences: [1] } }])(
    'rejects %j',
    (payload) => {
      expect(() => parseChatStreamEvent(payload)).toThrow(InvalidEventError);
    },
  );
});

describe('toChunkError', () => {
  const named = (name: string) => Object.assign(new Error('provider detail'), { name });
  it.each([
    ['ThrottlingException', 'ThrottlingException'],
    ['ModelTimeoutException', 'Timeout'],
    ['ValidationException', 'ModelError'],
    ['ModelStreamErrorException', 'ModelError'],
    ['TypeError', 'InternalError'],
  ])('maps %s to %s with a fixed message', (name, errorType) => {
    const error = toChunkError(named(name));
    expect(error.errorType).toBe(errorType);
    expect(error.message).not.toContain('provider detail');
  });
});
