// What each workflow asks the models, and the schemas of the structured answers.
import type { NovaTool } from './nova.js';

export const ANALYZE_SYSTEM_PROMPT =
  'You analyze documents. Describe the main topics, the key claims and facts, the intended audience, and anything notable or questionable. Be specific and structured.';

export const SUMMARIZE_SYSTEM_PROMPT =
  'You write summaries. Summarize the given analysis of a document in at most five sentences of plain prose.';

export const SENTIMENT_SYSTEM_PROMPT = 'You classify the overall sentiment of a text. Answer only by calling the tool.';

export const KEYWORDS_SYSTEM_PROMPT = 'You extract the most important keywords of a text, most relevant first. Answer only by calling the tool.';

export const ADVERT_SYSTEM_PROMPT = 'You write short, vivid product adverts. Answer with the advert text only: no title, no quotes, no notes.';

export const SENTIMENT_LABELS = ['POSITIVE', 'NEGATIVE', 'NEUTRAL', 'MIXED'] as const;
export const KEYWORDS_MAX = 10;

export const SENTIMENT_TOOL: NovaTool = {
  name: 'record_sentiment',
  description: 'Records the overall sentiment of the text.',
  inputSchema: {
    type: 'object',
    properties: {
      label: { type: 'string', enum: [...SENTIMENT_LABELS], description: 'The overall sentiment.' },
      score: { type: 'number', minimum: 0, maximum: 1, description: 'Confidence in the label, 0 to 1.' },
    },
    required: ['label', 'score'],
  },
};

export const KEYWORDS_TOOL: NovaTool = {
  name: 'record_keywords',
  description: 'Records the keywords of the text.',
  inputSchema: {
    type: 'object',
    properties: {
      keywords: {
        type: 'array',
        items: { type: 'string' },
        minItems: 1,
        maxItems: KEYWORDS_MAX,
        description: 'Keywords or short key phrases, most relevant first.',
      },
    },
    required: ['keywords'],
  },
};
