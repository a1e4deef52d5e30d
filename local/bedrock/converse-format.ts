// The Converse / ConverseStream API shapes.
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
  toolName,
  type Completion,
  type ContentPart,
  type ModelRequest,
  type ToolChoice,
  type ToolSpec,
} from './model-request.js';
import { validationError } from './errors.js';
import type { StreamTiming, WireFormat } from './wire-format.js';

function parseContentBlock(value: unknown, where: string): ContentPart {
  const block = asRecord(value, where);
  if (typeof block.text === 'string') return { kind: 'text', text: block.text };
  if (block.image !== undefined) {
    const image = asRecord(block.image, `${where}.image`);
    return imagePart(image.format, asRecord(image.source, `${where}.image.source`).bytes, `${where}.image`);
  }
  return { kind: 'other', type: Object.keys(block)[0] ?? 'unknown' };
}

/** `toolConfig: { tools: [{ toolSpec: { name, description?, inputSchema: { json } } }], toolChoice? }`. */
function parseToolConfig(value: unknown): { tools: ToolSpec[]; toolChoice: ToolChoice } {
  if (value === undefined || value === null) return { tools: [], toolChoice: { kind: 'auto' } };
  const config = asRecord(value, 'toolConfig');
  const entries = asArray(config.tools, 'toolConfig.tools');
  if (entries.length === 0) throw validationError('toolConfig.tools: at least one tool is required');
  // Other members of the union (cachePoint, systemTool) carry no schema to answer with.
  const tools = entries.flatMap((entry, index): ToolSpec[] => {
    const where = `toolConfig.tools[${index}]`;
    const record = asRecord(entry, where);
    if (record.toolSpec === undefined) return [];
    const spec = asRecord(record.toolSpec, `${where}.toolSpec`);
    const schema = asRecord(spec.inputSchema, `${where}.toolSpec.inputSchema`);
    return [{
      name: toolName(spec.name, `${where}.toolSpec.name`),
      ...(typeof spec.description === 'string' ? { description: spec.description } : {}),
      inputSchema: schemaObject(schema.json, `${where}.toolSpec.inputSchema.json`),
    }];
  });
  const toolChoice = parseToolChoice(config.toolChoice);
  checkToolChoice(tools, toolChoice, 'toolConfig.toolChoice');
  return { tools, toolChoice };
}

/** The schema as a JSON object; a JSON string holding one is accepted too (some Nova examples send that). */
function schemaObject(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'string') return asRecord(value, where);
  try {
    return asRecord(JSON.parse(value), where);
  } catch (error) {
    if (error instanceof SyntaxError) throw validationError(`${where}: not a JSON schema`);
    throw error;
  }
}

function parseToolChoice(value: unknown): ToolChoice {
  if (value === undefined || value === null) return { kind: 'auto' };
  const choice = asRecord(value, 'toolConfig.toolChoice');
  if (choice.tool !== undefined) return { kind: 'tool', name: asString(asRecord(choice.tool, 'toolConfig.toolChoice.tool').name, 'toolConfig.toolChoice.tool.name') };
  if (choice.any !== undefined) return { kind: 'any' };
  if (choice.auto !== undefined) return { kind: 'auto' };
  throw validationError('toolConfig.toolChoice: expected one of auto, any, tool');
}

function usageOf(completion: Completion) {
  const { inputTokens, outputTokens } = completion.usage;
  return { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
}

/** The assistant's content blocks: the text, or the tool use. */
export function converseContent(completion: Completion): unknown[] {
  return completion.toolUse ? [{ toolUse: completion.toolUse }] : [{ text: completion.tokens.join('') }];
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
    ...parseToolConfig(request.toolConfig),
  };
}

export const converseFormat: WireFormat = {
  family: 'converse',

  parseRequest: (modelId, body) => parseConverseShapedRequest(modelId, body, { read: (config) => config.maxTokens, name: 'maxTokens' }),

  responseBody(completion, _modelId, timing: StreamTiming) {
    return {
      output: { message: { role: 'assistant', content: converseContent(completion) } },
      stopReason: completion.stopReason,
      usage: usageOf(completion),
      metrics: { latencyMs: Math.round(timing.latencyMs) },
    };
  },

  // A text block has no contentBlockStart on Bedrock; a tool use block announces its id and name.
  streamStart(_modelId, _inputTokens, toolUse) {
    return [
      { eventType: 'messageStart', body: { role: 'assistant' } },
      ...(toolUse ? [{ eventType: 'contentBlockStart', body: { contentBlockIndex: 0, start: { toolUse } } }] : []),
    ];
  },

  streamDelta(text, toolUse) {
    return { eventType: 'contentBlockDelta', body: { contentBlockIndex: 0, delta: toolUse ? { toolUse: { input: text } } : { text } } };
  },

  streamEnd(completion, timing) {
    return [
      { eventType: 'contentBlockStop', body: { contentBlockIndex: 0 } },
      { eventType: 'messageStop', body: { stopReason: completion.stopReason } },
      { eventType: 'metadata', body: { usage: usageOf(completion), metrics: { latencyMs: Math.round(timing.latencyMs) } } },
    ];
  },
};
