// The wire-format-neutral view of a model request and of the model's answer.
import { validationError } from './errors.js';
import { checkImageBytes, checkImageCount, imageFormats, isImageFormat, type ImageFormat } from './image-checks.js';

export type ContentPart =
  | { kind: 'text'; text: string }
  | { kind: 'image'; format: ImageFormat; byteLength: number; base64: string }
  | { kind: 'other'; type: string };

export interface PromptMessage {
  role: 'user' | 'assistant';
  parts: ContentPart[];
}

/** A tool the caller offers (Converse `toolSpec`, Anthropic `tools[]`); `inputSchema` is the JSON schema. */
export interface ToolSpec {
  name: string;
  description?: string;
  inputSchema: Record<string, unknown>;
}

/** Converse `toolChoice` (Anthropic `tool_choice`); absent means auto. */
export type ToolChoice = { kind: 'auto' } | { kind: 'any' } | { kind: 'tool'; name: string };

export interface ModelRequest {
  modelId: string;
  system: string[];
  messages: PromptMessage[];
  maxTokens?: number;
  stopSequences: string[];
  tools: ToolSpec[];
  toolChoice: ToolChoice;
}

export type StopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use';

/** The model's request to call a tool: the structured answer. */
export interface ToolUse {
  toolUseId: string;
  name: string;
  input: unknown;
}

export interface Completion {
  /** The answer as the model emits it: one entry per token. */
  tokens: string[];
  stopReason: StopReason;
  /** The stop sequence that ended the answer, when stopReason is stop_sequence. */
  stopSequence?: string;
  usage: { inputTokens: number; outputTokens: number };
  /** Set when the answer is a tool use: `tokens` are then pieces of `JSON.stringify(toolUse.input)`. */
  toolUse?: ToolUse;
}

/** A started generation: tokens as they come, then the summary. */
export interface ModelRun {
  tokens: AsyncIterable<string>;
  /** Known before the first token when the answer is a tool use (its tokens are the input's JSON). */
  toolUse?: Omit<ToolUse, 'input'>;
  /** Complete once `tokens` is exhausted. */
  completion(): Completion;
}

/** `[[tokens=N]]` in the last user message forces an answer of exactly N tokens (before maxTokens and stop sequences). */
export const tokensDirective = /\[\[tokens=(\d+)\]\]/;

export function lastUserText(request: ModelRequest): string {
  const last = request.messages.findLast((message) => message.role === 'user');
  if (!last) return '';
  return last.parts.flatMap((part) => (part.kind === 'text' ? [part.text] : [])).join('\n');
}

/** Images in the last user turn (the ones an answer can speak of). */
export function lastUserImageCount(request: ModelRequest): number {
  const last = request.messages.findLast((message) => message.role === 'user');
  return last ? countImages([last]) : 0;
}

/** Images in the given turns. */
export function countImages(messages: PromptMessage[]): number {
  return messages.reduce((total, message) => total + message.parts.filter((part) => part.kind === 'image').length, 0);
}

// Small readers for untyped JSON bodies; every failure is the ValidationException Bedrock would send.

export function asRecord(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw validationError(`${where}: expected an object`);
  }
  return value as Record<string, unknown>;
}

export function asArray(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) throw validationError(`${where}: expected an array`);
  return value;
}

export function asString(value: unknown, where: string): string {
  if (typeof value !== 'string') throw validationError(`${where}: expected a string`);
  return value;
}

export function optionalPositiveInteger(value: unknown, where: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw validationError(`${where}: expected an integer >= 1`);
  }
  return value;
}

export function optionalStringArray(value: unknown, where: string): string[] {
  if (value === undefined || value === null) return [];
  return asArray(value, where).map((item, index) => asString(item, `${where}[${index}]`));
}

export function asRole(value: unknown, where: string): PromptMessage['role'] {
  if (value !== 'user' && value !== 'assistant') throw validationError(`${where}: expected "user" or "assistant"`);
  return value;
}

export function imagePart(format: unknown, base64: unknown, where: string): ContentPart {
  if (!isImageFormat(format)) throw validationError(`${where}.format: expected one of ${imageFormats.join(', ')}`);
  const encoded = asString(base64, `${where}.source.bytes`);
  return { kind: 'image', format, byteLength: checkImageBytes(format, encoded, where), base64: encoded };
}

/** Checks that a forced tool exists among the offered ones, as Bedrock does. */
export function checkToolChoice(tools: ToolSpec[], toolChoice: ToolChoice, where: string): void {
  if (toolChoice.kind === 'auto') return;
  if (tools.length === 0) throw validationError(`${where}: a tool choice needs at least one tool`);
  const { name } = toolChoice as { name?: string };
  if (name !== undefined && !tools.some((tool) => tool.name === name)) {
    throw validationError(`${where}: the tool "${name}" is not among the tools offered`);
  }
}

const toolNamePattern = /^[a-zA-Z0-9_-]{1,64}$/;

export function toolName(value: unknown, where: string): string {
  const name = asString(value, where);
  if (!toolNamePattern.test(name)) throw validationError(`${where}: must match ${toolNamePattern.source}`);
  return name;
}

/** Bedrock's conversation rules: starts with a user turn, roles alternate. */
export function checkConversation(messages: PromptMessage[]): void {
  if (messages.length === 0) throw validationError('messages: at least one message is required');
  messages.forEach((message, index) => {
    if (index === 0 && message.role !== 'user') throw validationError('A conversation must start with a user message.');
    if (index > 0 && messages[index - 1]?.role === message.role) {
      throw validationError('A conversation must alternate between user and assistant roles.');
    }
    if (message.parts.length === 0) throw validationError(`messages[${index}].content: at least one block is required`);
  });
  checkImageCount(countImages(messages));
}
