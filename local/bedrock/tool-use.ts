// Structured answers: when the request forces a tool, the local model calls it with a seeded input that
// conforms to the tool's JSON schema and quotes the user's message where the schema wants free text.
import { InputWords } from './input-words.js';
import { lastUserText, tokensDirective, type ModelRequest, type ToolSpec, type ToolUse } from './model-request.js';
import { breakConformance, sampleFromSchema } from './schema-sample.js';
import { createRandom, pickOne, seedOf } from './seeded-random.js';

const directives = new RegExp(tokensDirective.source, 'g');
const idAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * The tool the model calls: the named one for `tool`, a seeded pick for `any`. `auto` answers in
 * text, as a model does when nothing in the prompt needs a tool (the local model cannot judge that).
 */
export function chooseTool(request: ModelRequest): ToolSpec | undefined {
  const choice = request.toolChoice;
  if (choice.kind === 'tool') return request.tools.find((tool) => tool.name === choice.name);
  if (choice.kind === 'any') return pickOne(createRandom(seedOf(requestKey(request))), request.tools);
  return undefined;
}

export interface ToolUseOptions {
  /** Drop a required field (the invalid-output fault), so callers can test their validation. */
  invalid?: boolean;
}

export function generateToolUse(request: ModelRequest, tool: ToolSpec, options: ToolUseOptions = {}): ToolUse {
  const seed = seedOf({ ...requestKey(request), tool: tool.name, schema: tool.inputSchema });
  const random = createRandom(seed);
  const toolUseId = `tooluse_${Array.from({ length: 22 }, () => idAlphabet[Math.floor(random() * idAlphabet.length)]).join('')}`;
  const words = new InputWords(lastUserText(request).replace(directives, ' '));
  const input = sampleFromSchema(tool.inputSchema, random, words);
  return { toolUseId, name: tool.name, input: options.invalid ? breakConformance(input, tool.inputSchema) : input };
}

/** The tool input's JSON in token-sized pieces (~4 characters, as Bedrock roughly counts), for streaming. */
export function toolInputTokens(toolUse: ToolUse): string[] {
  return JSON.stringify(toolUse.input).match(/[\s\S]{1,4}/g) ?? ['{}'];
}

function requestKey(request: ModelRequest) {
  return { modelId: request.modelId, system: request.system, messages: request.messages, tools: request.tools.map((tool) => tool.name) };
}
