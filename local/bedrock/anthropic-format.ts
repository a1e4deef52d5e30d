// InvokeModel bodies in the Anthropic messages format (anthropic.claude-* models on Bedrock).
import { randomBytes } from 'node:crypto';
import { validationError } from './errors.js';
import {
  asArray,
  asRecord,
  asRole,
  asString,
  checkConversation,
  imagePart,
  optionalPositiveInteger,
  optionalStringArray,
  type Completion,
  type ContentPart,
  type ModelRequest,
} from './model-request.js';
import { chunkEvent, type StreamTiming, type WireFormat } from './wire-format.js';

function parseContent(value: unknown, where: string): ContentPart[] {
  if (typeof value === 'string') return [{ kind: 'text', text: value }];
  return asArray(value, where).map((item, index): ContentPart => {
    const block = asRecord(item, `${where}[${index}]`);
    if (block.type === 'text') return { kind: 'text', text: asString(block.text, `${where}[${index}].text`) };
    if (block.type === 'image') {
      const source = asRecord(block.source, `${where}[${index}].source`);
      const mediaType = asString(source.media_type, `${where}[${index}].source.media_type`);
      return imagePart(mediaType.replace(/^image\//, ''), source.data, `${where}[${index}]`);
    }
    return { kind: 'other', type: typeof block.type === 'string' ? block.type : 'unknown' };
  });
}

function invocationMetrics(completion: Completion, timing: StreamTiming) {
  return {
    inputTokenCount: completion.usage.inputTokens,
    outputTokenCount: completion.usage.outputTokens,
    invocationLatency: Math.round(timing.latencyMs),
    firstByteLatency: Math.round(timing.firstByteLatencyMs),
  };
}

const messageId = () => `msg_bdrk_${randomBytes(12).toString('hex')}`;

export const anthropicFormat: WireFormat = {
  family: 'anthropic',

  parseRequest(modelId, body): ModelRequest {
    const request = asRecord(body, 'body');
    if (typeof request.anthropic_version !== 'string') {
      throw validationError('Malformed input request: #: required key [anthropic_version] not found');
    }
    const maxTokens = optionalPositiveInteger(request.max_tokens, 'max_tokens');
    if (maxTokens === undefined) throw validationError('Malformed input request: #: required key [max_tokens] not found');
    const messages = asArray(request.messages, 'messages').map((value, index) => {
      const message = asRecord(value, `messages[${index}]`);
      return { role: asRole(message.role, `messages[${index}].role`), parts: parseContent(message.content, `messages[${index}].content`) };
    });
    checkConversation(messages);
    const system =
      request.system === undefined
        ? []
        : parseContent(request.system, 'system').flatMap((part) => (part.kind === 'text' ? [part.text] : []));
    return { modelId, system, messages, maxTokens, stopSequences: optionalStringArray(request.stop_sequences, 'stop_sequences') };
  },

  responseBody(completion, modelId) {
    return {
      id: messageId(),
      type: 'message',
      role: 'assistant',
      model: modelId,
      content: [{ type: 'text', text: completion.tokens.join('') }],
      stop_reason: completion.stopReason,
      stop_sequence: completion.stopSequence ?? null,
      usage: { input_tokens: completion.usage.inputTokens, output_tokens: completion.usage.outputTokens },
    };
  },

  streamStart(modelId, inputTokens) {
    return [
      chunkEvent({
        type: 'message_start',
        message: {
          id: messageId(),
          type: 'message',
          role: 'assistant',
          model: modelId,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: inputTokens, output_tokens: 1 },
        },
      }),
      chunkEvent({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
    ];
  },

  streamDelta(text) {
    return chunkEvent({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } });
  },

  streamEnd(completion, timing) {
    return [
      chunkEvent({ type: 'content_block_stop', index: 0 }),
      chunkEvent({
        type: 'message_delta',
        delta: { stop_reason: completion.stopReason, stop_sequence: completion.stopSequence ?? null },
        usage: { output_tokens: completion.usage.outputTokens },
      }),
      chunkEvent({ type: 'message_stop', 'amazon-bedrock-invocationMetrics': invocationMetrics(completion, timing) }),
    ];
  },
};
