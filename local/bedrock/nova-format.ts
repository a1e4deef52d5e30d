// InvokeModel bodies in the Amazon Nova format (messages-v1): the Converse shapes, base64 image bytes,
// and `inferenceConfig.max_new_tokens`.
import {
  asArray,
  asRecord,
  asRole,
  asString,
  checkConversation,
  imagePart,
  optionalPositiveInteger,
  optionalStringArray,
  type ContentPart,
  type ModelRequest,
} from './model-request.js';
import { chunkEvent, type WireFormat } from './wire-format.js';

function parseBlock(value: unknown, where: string): ContentPart {
  const block = asRecord(value, where);
  if (typeof block.text === 'string') return { kind: 'text', text: block.text };
  if (block.image !== undefined) {
    const image = asRecord(block.image, `${where}.image`);
    return imagePart(image.format, asRecord(image.source, `${where}.image.source`).bytes, `${where}.image`);
  }
  return { kind: 'other', type: Object.keys(block)[0] ?? 'unknown' };
}

export const novaFormat: WireFormat = {
  family: 'nova',

  parseRequest(modelId, body): ModelRequest {
    const request = asRecord(body, 'body');
    const messages = asArray(request.messages, 'messages').map((value, index) => {
      const message = asRecord(value, `messages[${index}]`);
      return {
        role: asRole(message.role, `messages[${index}].role`),
        parts: asArray(message.content, `messages[${index}].content`).map((block, blockIndex) =>
          parseBlock(block, `messages[${index}].content[${blockIndex}]`),
        ),
      };
    });
    checkConversation(messages);
    const system = request.system === undefined ? [] : asArray(request.system, 'system').map((value, index) =>
      asString(asRecord(value, `system[${index}]`).text, `system[${index}].text`),
    );
    const config = request.inferenceConfig === undefined ? {} : asRecord(request.inferenceConfig, 'inferenceConfig');
    const maxTokens = optionalPositiveInteger(config.max_new_tokens ?? config.maxTokens, 'inferenceConfig.max_new_tokens');
    return {
      modelId,
      system,
      messages,
      ...(maxTokens === undefined ? {} : { maxTokens }),
      stopSequences: optionalStringArray(config.stopSequences, 'inferenceConfig.stopSequences'),
    };
  },

  responseBody(completion, _modelId, timing) {
    const { inputTokens, outputTokens } = completion.usage;
    return {
      output: { message: { role: 'assistant', content: [{ text: completion.tokens.join('') }] } },
      stopReason: completion.stopReason,
      usage: { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens },
      metrics: { latencyMs: Math.round(timing.latencyMs) },
    };
  },

  streamStart() {
    return [chunkEvent({ messageStart: { role: 'assistant' } })];
  },

  streamDelta(text) {
    return chunkEvent({ contentBlockDelta: { delta: { text }, contentBlockIndex: 0 } });
  },

  streamEnd(completion, timing) {
    const { inputTokens, outputTokens } = completion.usage;
    return [
      chunkEvent({ contentBlockStop: { contentBlockIndex: 0 } }),
      chunkEvent({ messageStop: { stopReason: completion.stopReason } }),
      chunkEvent({
        metadata: { usage: { inputTokens, outputTokens }, metrics: {}, trace: {} },
        'amazon-bedrock-invocationMetrics': {
          inputTokenCount: inputTokens,
          outputTokenCount: outputTokens,
          invocationLatency: Math.round(timing.latencyMs),
          firstByteLatency: Math.round(timing.firstByteLatencyMs),
        },
      }),
    ];
  },
};
