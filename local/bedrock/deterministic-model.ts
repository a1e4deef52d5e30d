// The default model: no weights, just a seeded generator. The same request always gets the same answer,
// and the answer quotes the last user message so a reader can see which turn it answered (or, for the
// advert prompt, is an advert: see advert-writer.ts).
import { lastUserText, tokensDirective, type Completion, type ModelRequest, type StopReason } from './model-request.js';
import { createRandom, seedOf, type Random } from './seeded-random.js';
import { advertBriefOf } from './advert-brief.js';
import { writeAdvert } from './advert-writer.js';
import { chooseTool, generateToolUse, toolInputTokens, type ToolUseOptions } from './tool-use.js';

export { tokensDirective };

const minimumTokens = 20;
const maximumTokens = 80;
const quotedWords = 6;
/** Input tokens counted per image, whatever its size (Bedrock's real count depends on the pixels). */
export const tokensPerImage = 256;

const vocabulary = [
  'the', 'model', 'answers', 'locally', 'with', 'a', 'steady', 'stream', 'of', 'words', 'that', 'follow',
  'your', 'question', 'closely', 'and', 'keep', 'each', 'reply', 'short', 'clear', 'useful', 'for', 'testing',
  'every', 'token', 'arrives', 'in', 'order', 'so', 'clients', 'can', 'check', 'it', 'while', 'servers',
  'measure', 'latency', 'under', 'load', 'this', 'sandbox', 'runs', 'offline', 'on', 'one', 'machine', 'today',
  'results', 'stay', 'the', 'same', 'when', 'you', 'ask', 'again', 'because', 'seeds', 'come', 'from', 'prompts',
];

function requestSeed(request: ModelRequest): number {
  return seedOf({ modelId: request.modelId, system: request.system, messages: request.messages });
}

/** ~4 characters per token, as Bedrock roughly bills text. */
export function countInputTokens(request: ModelRequest): number {
  let characters = request.system.join('\n').length;
  let images = 0;
  // Tool definitions are part of the prompt a model reads.
  if (request.tools.length > 0) characters += JSON.stringify(request.tools).length;
  for (const message of request.messages) {
    for (const part of message.parts) {
      if (part.kind === 'text') characters += part.text.length;
      if (part.kind === 'image') images += 1;
    }
  }
  return Math.max(1, Math.ceil(characters / 4) + images * tokensPerImage);
}

function openingWords(request: ModelRequest): string[] {
  const last = request.messages.findLast((message) => message.role === 'user');
  const images = last?.parts.filter((part) => part.kind === 'image').length ?? 0;
  const quote = lastUserText(request).replace(tokensDirective, ' ').split(/\s+/).filter(Boolean).slice(0, quotedWords);
  const words = quote.length > 0 ? ['You', 'said', ...quote.map((word, index) => (index === 0 ? `"${word}` : word))] : ['Hello'];
  if (quote.length > 0) words[words.length - 1] += '"';
  if (images > 0) words.push('with', String(images), images === 1 ? 'image' : 'images');
  words[words.length - 1] += '.';
  return words;
}

function answerWords(request: ModelRequest, count: number, random: Random): string[] {
  const words = openingWords(request);
  let sentenceLength = 0;
  while (words.length < count) {
    const word = vocabulary[Math.floor(random() * vocabulary.length)] ?? 'token';
    sentenceLength += 1;
    const endsSentence = sentenceLength >= 6 && random() < 0.2;
    words.push(sentenceLength === 1 ? word[0]!.toUpperCase() + word.slice(1) : endsSentence ? `${word}.` : word);
    if (endsSentence) sentenceLength = 0;
  }
  return words.slice(0, count);
}

function echoTokens(request: ModelRequest, random: Random, exactTokens: number | undefined): string[] {
  const wanted = exactTokens ?? minimumTokens + Math.floor(random() * (maximumTokens - minimumTokens + 1));
  return answerWords(request, wanted, random).map((word, index) => (index === 0 ? word : ` ${word}`));
}

/** Cuts the answer at the first stop sequence (which is not emitted), as Bedrock does. */
function applyStopSequences(tokens: string[], stopSequences: string[]): { tokens: string[]; stopSequence?: string } {
  const text = tokens.join('');
  let cutAt = -1;
  let found: string | undefined;
  for (const sequence of stopSequences) {
    if (sequence === '') continue;
    const index = text.indexOf(sequence);
    if (index >= 0 && (cutAt < 0 || index < cutAt)) [cutAt, found] = [index, sequence];
  }
  if (found === undefined) return { tokens };
  const kept: string[] = [];
  let offset = 0;
  for (const token of tokens) {
    if (offset >= cutAt) break;
    kept.push(token.slice(0, cutAt - offset));
    offset += token.length;
  }
  return { tokens: kept, stopSequence: found };
}

export interface GenerateOptions {
  /** Applies to tool-use answers only (see tool-use.ts). */
  toolUse?: ToolUseOptions;
}

/** The answer to a request: a tool use when the request forces one, otherwise text. */
export function generateCompletion(request: ModelRequest, options: GenerateOptions = {}): Completion {
  const tool = chooseTool(request);
  if (tool) {
    // Structured output is never cut by maxTokens or stop sequences: a half-written input helps no test.
    const toolUse = generateToolUse(request, tool, options.toolUse);
    const tokens = toolInputTokens(toolUse);
    return { tokens, stopReason: 'tool_use', toolUse, usage: { inputTokens: countInputTokens(request), outputTokens: tokens.length } };
  }
  const random = createRandom(requestSeed(request));
  const forced = tokensDirective.exec(lastUserText(request));
  const exactTokens = forced ? Number(forced[1]) : undefined;
  // The advert prompt's tags ask for an advert; anything else is answered by quoting it back.
  const advert = advertBriefOf(request);
  let tokens = advert ? writeAdvert(advert, random, exactTokens) : echoTokens(request, random, exactTokens);
  let stopReason: StopReason = 'end_turn';
  if (request.maxTokens !== undefined && tokens.length > request.maxTokens) {
    tokens = tokens.slice(0, request.maxTokens);
    stopReason = 'max_tokens';
  }
  const stopped = applyStopSequences(tokens, request.stopSequences);
  if (stopped.stopSequence !== undefined) {
    tokens = stopped.tokens;
    stopReason = 'stop_sequence';
  }
  return {
    tokens,
    stopReason,
    ...(stopped.stopSequence === undefined ? {} : { stopSequence: stopped.stopSequence }),
    usage: { inputTokens: countInputTokens(request), outputTokens: tokens.length },
  };
}
