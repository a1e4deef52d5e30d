// Reads an advert request out of the last user turn: the tags the advert prompt template wraps the
// user's input in (functions/advert-stream/advert-prompt.ts), and the spec's name and details.
import { lastUserImageCount, lastUserText, tokensDirective, type ModelRequest } from './model-request.js';

export interface AdvertBrief {
  /** From the spec's first non-empty line, shortened to a name. */
  productName: string;
  /** Spec lines (or sentences) with a figure or a `key: value` pair, verbatim, in spec order. */
  details: SpecDetail[];
  /** The spec's other lines, verbatim: material to fill with before generic copy. */
  notes: string[];
  persona: string;
  tone?: string;
  wordCount: number;
  /** Images in the last user turn. */
  imageCount: number;
}

export type SpecDetail = { kind: 'pair'; key: string; value: string } | { kind: 'fact'; text: string };

export const defaultPersona = 'General audience';
export const defaultWordCount = 150;
const maxWordCount = 2000;
const maxNameWords = 8;
const directives = new RegExp(tokensDirective.source, 'g');

/** The advert the last user turn asks for, or undefined when it has no non-blank `<product_spec>`. */
export function advertBriefOf(request: ModelRequest): AdvertBrief | undefined {
  const text = lastUserText(request).replace(directives, ' ');
  const lines = (tagContent(text, 'product_spec') ?? '').split(/\r?\n/).map(cleanLine).filter(Boolean);
  const [firstLine, ...rest] = lines;
  if (firstLine === undefined) return undefined;
  // "Product: Aurora 7" labels the name; the label is no detail.
  const first = nameLabel.exec(firstLine)?.[1] ?? firstLine;
  const productName = productNameOf(first);
  // A first line that is more than the name stays spec content.
  const units = [first, ...rest].flatMap(sentencesOf).filter((unit) => unit !== productName);
  const details: SpecDetail[] = [];
  const notes: string[] = [];
  for (const unit of units) {
    const detail = detailOf(unit);
    if (detail) details.push(detail);
    else notes.push(unit);
  }
  const tone = singleLine(tagContent(text, 'tone'));
  return {
    productName,
    details,
    notes,
    persona: singleLine(tagContent(text, 'audience')) || defaultPersona,
    ...(tone ? { tone } : {}),
    wordCount: wordCountOf(tagContent(text, 'word_count')),
    imageCount: lastUserImageCount(request),
  };
}

function tagContent(text: string, tag: string): string | undefined {
  return new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(text)?.[1];
}

function singleLine(value: string | undefined): string {
  return (value ?? '').replace(/\s+/g, ' ').trim();
}

function wordCountOf(value: string | undefined): number {
  const match = /^\s*(\d{1,6})\s*$/.exec(value ?? '');
  if (!match) return defaultWordCount;
  return Math.min(maxWordCount, Math.max(1, Number(match[1])));
}

/** Without list markers (`-`, `*`, `•`, `1.`), heading marks and surrounding space. */
function cleanLine(line: string): string {
  return singleLine(line.replace(/^\s*(?:#{1,6}\s+|(?:[-*•·–]|\d{1,2}[.)])\s+)/, ''));
}

function trimEnd(text: string): string {
  return text.replace(/[\s.,;:]+$/, '');
}

const nameLabel = /^(?:product(?:\s+name)?|name|title|model)\s*:\s*(.+)$/i;

/** "Aurora 7, the family SUV" -> "Aurora 7": the part before the first clause break, at most 8 words. */
function productNameOf(line: string): string {
  const head = line.split(/\s[-–—|]\s|[:;,!?]\s|\.\s|\s\(/)[0] ?? line;
  return trimEnd(head.split(' ').slice(0, maxNameWords).join(' ')) || trimEnd(line);
}

/** A long line holds several sentences; each can be a detail of its own. */
function sentencesOf(line: string): string[] {
  return line.split(/(?<=[.!?])\s+(?=\p{Lu})/u).map(trimEnd).filter(Boolean);
}

function detailOf(unit: string): SpecDetail | undefined {
  const pair = /^([^:]{1,40}?)\s*:\s*(\S.*)$/.exec(unit);
  // Not a time ("at 10:30") nor a URL ("https://...").
  if (pair?.[1] && pair[2] && !/\d$/.test(pair[1]) && !pair[2].startsWith('//')) {
    return { kind: 'pair', key: pair[1], value: pair[2] };
  }
  return /\p{N}/u.test(unit) ? { kind: 'fact', text: unit } : undefined;
}
