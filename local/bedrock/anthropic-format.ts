// InvokeModel bodies in the Anthropic messages format (anthropic.claude-* models on Bedrock).
import { randomBytes } from 'node:crypto';
import { validationError } from './errors.js';
import {
  asArray,
  asRecord,
  asRole,
  asString,
  checkConversation,
  checkToolChoice,
  imagePart,
  optionalPositiveInteger,
  optionalStringArray,
  type Completion,
  toolName,
  type ContentPart,
  type ModelRequest,
  type ToolChoice,
  type ToolSpec,
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

/** `tools: [{ name, description?, input_schema }]`; tools with a `type` (Anthropic's server tools) are skipped. */
function parseTools(value: unknown): ToolSpec[] {
  if (value === undefined || value === null) return [];
  return asArray(value, 'tools').flatMap((entry, index): ToolSpec[] => {
    const tool = asRecord(entry, `tools[${index}]`);
    if (tool.input_schema === undefined && typeof tool.type === 'string') return [];
    return [{
      name: toolName(tool.name, `tools[${index}].name`),
      ...(typeof tool.description === 'string' ? { description: tool.description } : {}),
      inputSchema: asRecord(tool.input_schema, `tools[${index}].input_schema`),
    }];
  });
}

/** `tool_choice: { type: 'auto' | 'any' | 'tool' | 'none', name? }`; none answers in text, like auto here. */
function parseToolChoice(value: unknown): ToolChoice {
  if (value === undefined || value === null) return { kind: 'auto' };
  const choice = asRecord(value, 'tool_choice');
  switch (choice.type) {
    case 'auto':
    case 'none':
      return { kind: 'auto' };
    case 'any':
      return { kind: 'any' };
    case 'tool':
      return { kind: 'tool', name: asString(choice.name, 'tool_choice.name') };
    default:
      throw validationError('tool_choice.type: expected one of auto, any, tool, none');
  }
}

/** Anthropic's id style (`toolu_bdrk_…`) over the model's neutral id. */
const anthropicToolUseId = (toolUseId: string) => `toolu_bdrk_01${toolUseId.replace(/^tooluse_/, '')}`;

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
    const tools = parseTools(request.tools);
    const toolChoice = parseToolChoice(request.tool_choice);
    checkToolChoice(tools, toolChoice, 'tool_choice');
    return { modelId, system, messages, maxTokens, stopSequences: optionalStringArray(request.stop_sequences, 'stop_sequences'), tools, toolChoice };
  },

  responseBody(completion, modelId) {
    return {
      id: messageId(),
      type: 'message',
      role: 'assistant',
      model: modelId,
      content: completion.toolUse
        ? [{ type: 'tool_use', id: anthropicToolUseId(completion.toolUse.toolUseId), name: completion.toolUse.name, input: completion.toolUse.input }]
        : [{ type: 'text', text: completion.tokens.join('') }],
      stop_reason: completion.stopReason,
      stop_sequence: completion.stopSequence ?? null,
      usage: { input_tokens: completion.usage.inputTokens, output_tokens: completion.usage.outputTokens },
    };
  },

  streamStart(modelId, inputTokens, toolUse) {
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
      chunkEvent({
        type: 'content_block_start',
        index: 0,
        content_block: toolUse
          ? { type: 'tool_use', id: anthropicToolUseId(toolUse.toolUseId), name: toolUse.name, input: {} }
          : { type: 'text', text: '' },
      }),
    ];
  },

  streamDelta(text, toolUse) {
    return chunkEvent({
      type: 'content_block_delta',
      index: 0,
      delta: toolUse ? { type: 'input_json_delta', partial_json: text } : { type: 'text_delta', text },
    });
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
