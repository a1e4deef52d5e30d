// InvokeModel bodies in the Amazon Nova format (messages-v1): the Converse shapes, base64 image bytes,
// and `inferenceConfig.max_new_tokens`.
import { converseFormat, parseConverseShapedRequest } from './converse-format.js';
import { chunkEvent, type WireFormat } from './wire-format.js';

export const novaFormat: WireFormat = {
  family: 'nova',

  parseRequest: (modelId, body) =>
    parseConverseShapedRequest(modelId, body, { read: (config) => config.max_new_tokens ?? config.maxTokens, name: 'max_new_tokens' }),

  // The non-streamed body is the Converse one.
  responseBody: (completion, modelId, timing) => converseFormat.responseBody(completion, modelId, timing),

  streamStart(_modelId, _inputTokens, toolUse) {
    return [
      chunkEvent({ messageStart: { role: 'assistant' } }),
      ...(toolUse ? [chunkEvent({ contentBlockStart: { start: { toolUse }, contentBlockIndex: 0 } })] : []),
    ];
  },

  streamDelta(text, toolUse) {
    return chunkEvent({ contentBlockDelta: { delta: toolUse ? { toolUse: { input: text } } : { text }, contentBlockIndex: 0 } });
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
