// The Converse / ConverseStream API shapes.
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
import type { WireFormat } from './wire-format.js';

function parseContentBlock(value: unknown, where: string): ContentPart {
  const block = asRecord(value, where);
  if (typeof block.text === 'string') return { kind: 'text', text: block.text };
  if (block.image !== undefined) {
    const image = asRecord(block.image, `${where}.image`);
    return imagePart(image.format, asRecord(image.source, `${where}.image.source`).bytes, `${where}.image`);
  }
  return { kind: 'other', type: Object.keys(block)[0] ?? 'unknown' };
}

/**
 * Messages, system blocks and inferenceConfig in the Converse shapes, which the
 * Amazon Nova InvokeModel format shares; only the max-tokens key differs.
 */
export function parseConverseShapedRequest(
  modelId: string,
  body: unknown,
  maxTokensKey: { read: (config: Record<string, unknown>) => unknown; name: string },
): ModelRequest {
  const request = asRecord(body, 'body');
  const messages = asArray(request.messages, 'messages').map((value, index) => {
    const message = asRecord(value, `messages[${index}]`);
    return {
      role: asRole(message.role, `messages[${index}].role`),
      parts: asArray(message.content, `messages[${index}].content`).map((block, blockIndex) =>
        parseContentBlock(block, `messages[${index}].content[${blockIndex}]`),
      ),
    };
  });
  checkConversation(messages);
  const system = request.system === undefined ? [] : asArray(request.system, 'system').flatMap((value, index) => {
    const block = asRecord(value, `system[${index}]`);
    return block.text === undefined ? [] : [asString(block.text, `system[${index}].text`)];
  });
  const config = request.inferenceConfig === undefined ? {} : asRecord(request.inferenceConfig, 'inferenceConfig');
  const maxTokens = optionalPositiveInteger(maxTokensKey.read(config), `inferenceConfig.${maxTokensKey.name}`);
  return {
    modelId,
    system,
    messages,
    ...(maxTokens === undefined ? {} : { maxTokens }),
    stopSequences: optionalStringArray(config.stopSequences, 'inferenceConfig.stopSequences'),
  };
}

export const converseFormat: WireFormat = {
  family: 'converse',

  parseRequest: (modelId, body) => parseConverseShapedRequest(modelId, body, { read: (config) => config.maxTokens, name: 'maxTokens' }),

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
    return [{ eventType: 'messageStart', body: { role: 'assistant' } }];
  },

  streamDelta(text) {
    return { eventType: 'contentBlockDelta', body: { contentBlockIndex: 0, delta: { text } } };
  },

  streamEnd(completion, timing) {
    const { inputTokens, outputTokens } = completion.usage;
    return [
      { eventType: 'contentBlockStop', body: { contentBlockIndex: 0 } },
      { eventType: 'messageStop', body: { stopReason: completion.stopReason } },
      {
        eventType: 'metadata',
        body: {
          usage: { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens },
          metrics: { latencyMs: Math.round(timing.latencyMs) },
        },
      },
    ];
  },
};
