// The advert prompt: the one reviewed place where the model's instructions live. Everything a
// user typed goes inside tags in the user turn; the system prompt is fixed text.
import type { ContentBlock, ImageFormat, InferenceConfiguration, Message } from '@aws-sdk/client-bedrock-runtime';

export const ADVERT_SYSTEM_PROMPT = [
  'You are a senior copywriter on a marketing team.',
  'Write one advert for the product described in <product_spec>, for the audience named in <audience>.',
  'Use only facts stated in the specification or visible in the attached product images; never invent prices, figures or features.',
  'Lead with the details that matter most to this audience, and keep the numbers exactly as the specification gives them.',
  'Write in the tone given in <tone>; without one, be confident and warm.',
  'Aim for about the number of words in <word_count>.',
  'Answer with the advert only: a headline on the first line, then the body. No preamble, no notes, no markdown.',
].join(' ');

export const DEFAULT_TONE = 'confident and warm';

export interface AdvertPromptInput {
  spec: string;
  persona: string;
  tone: string | null;
  wordCount: number;
  images: { format: ImageFormat; bytes: Uint8Array }[];
}

const TAGS = ['product_spec', 'audience', 'tone', 'word_count'];

/** Keeps user text from closing or opening one of the template's tags. */
function neutralizeTags(text: string): string {
  return TAGS.reduce((result, tag) => result.replace(new RegExp(`<(/?)${tag}>`, 'gi'), `‹$1${tag}›`), text);
}

export function advertMessages(input: AdvertPromptInput): Message[] {
  // Images first, then the text that refers to them (the order vision models are tuned for).
  const images: ContentBlock[] = input.images.map((image) => ({ image: { format: image.format, source: { bytes: image.bytes } } }));
  const text = [
    `<product_spec>\n${neutralizeTags(input.spec)}\n</product_spec>`,
    `<audience>${neutralizeTags(input.persona)}</audience>`,
    `<tone>${neutralizeTags(input.tone ?? DEFAULT_TONE)}</tone>`,
    `<word_count>${input.wordCount}</word_count>`,
  ].join('\n');
  return [{ role: 'user', content: [...images, { text }] }];
}

/** Room for the asked length (about 1.3 tokens a word, plus the headline) without a runaway. */
export function advertInferenceConfig(wordCount: number): InferenceConfiguration {
  return { maxTokens: Math.min(4096, Math.ceil(wordCount * 2) + 64), temperature: 0.7 };
}
