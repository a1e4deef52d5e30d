// One document to text: get the bytes (inline text, base64 or a URL), decide the format (given,
// else from the Content-Type or the bytes), convert, tidy, and cap the length.
import { createHash } from 'node:crypto';
import type { OutboundUrlPolicy } from '../shared/outbound-url.js';
import { DocumentError, DocumentTooLarge } from './errors.js';
import type { DocumentFormat, ExtractEvent } from './event.js';
import { fetchDocument } from './fetch-document.js';
import { htmlToPlainText } from './html-to-plain-text.js';
import { markdownToText } from './markdown-to-text.js';
import { pdfToText } from './pdf-to-text.js';

export interface ExtractResult {
  text: string;
  format: DocumentFormat;
  /** Characters (UTF-16 code units) of `text`. */
  characters: number;
  /**
   * SHA-256 (hex) of `text`. The state machine keys its prompt cache on it: AWS's States.Hash
   * takes at most 10,000 characters, far less than a document.
   */
  sha256: string;
  /** True when the document had more text than MAX_EXTRACTED_CHARACTERS. */
  truncated: boolean;
}

export interface ExtractOptions {
  maxExtractedCharacters: number;
  maxDocumentBytes: number;
  fetchTimeoutMs: number;
  urlPolicy: OutboundUrlPolicy;
  fetch?: typeof fetch;
}

const PDF_MAGIC = '%PDF-';

interface Loaded {
  bytes?: Uint8Array;
  text?: string;
  contentType?: string;
  path?: string;
}

const FORMAT_BY_CONTENT_TYPE: Record<string, DocumentFormat> = {
  'text/plain': 'TEXT',
  'text/markdown': 'MARKDOWN',
  'text/x-markdown': 'MARKDOWN',
  'text/html': 'HTML',
  'application/xhtml+xml': 'HTML',
  'application/pdf': 'PDF',
};

function formatFromContentType(contentType: string | undefined): DocumentFormat | undefined {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  return type ? FORMAT_BY_CONTENT_TYPE[type] : undefined;
}

function formatFromPath(path: string | undefined): DocumentFormat | undefined {
  const extension = /\.([a-z]+)$/i.exec(path ?? '')?.[1]?.toLowerCase();
  const byExtension: Record<string, DocumentFormat> = { txt: 'TEXT', md: 'MARKDOWN', markdown: 'MARKDOWN', html: 'HTML', htm: 'HTML', pdf: 'PDF' };
  return extension ? byExtension[extension] : undefined;
}

function startsWithPdfMagic(bytes: Uint8Array | undefined): boolean {
  return !!bytes && Buffer.from(bytes.subarray(0, 1024)).toString('latin1').includes(PDF_MAGIC);
}

function decode(bytes: Uint8Array, contentType: string | undefined): string {
  const charset = /charset="?([^";\s]+)/i.exec(contentType ?? '')?.[1] ?? 'utf-8';
  const decoder = (() => {
    try {
      return new TextDecoder(charset);
    } catch {
      return new TextDecoder('utf-8'); // an unknown charset label
    }
  })();
  return decoder.decode(bytes);
}

function decodeBase64(base64: string, maxBytes: number): Uint8Array {
  const compact = base64.replace(/\s+/g, '').replace(/^data:[^,]*,/, '');
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(compact) || compact.length === 0) throw new DocumentError('document.base64 is not valid base64');
  if (Math.floor((compact.length * 3) / 4) > maxBytes + 2) throw new DocumentTooLarge(`The document is larger than ${maxBytes} bytes`, maxBytes);
  const bytes = Buffer.from(compact, 'base64');
  if (bytes.byteLength > maxBytes) throw new DocumentTooLarge(`The document is larger than ${maxBytes} bytes`, maxBytes);
  return bytes;
}

async function load(event: ExtractEvent, options: ExtractOptions): Promise<Loaded> {
  switch (event.source.kind) {
    case 'text':
      if (Buffer.byteLength(event.source.text, 'utf8') > options.maxDocumentBytes) {
        throw new DocumentTooLarge(`The document is larger than ${options.maxDocumentBytes} bytes`, options.maxDocumentBytes);
      }
      return { text: event.source.text };
    case 'base64':
      return { bytes: decodeBase64(event.source.base64, options.maxDocumentBytes) };
    case 'url': {
      const fetched = await fetchDocument(event.source.url, {
        maxBytes: options.maxDocumentBytes,
        timeoutMs: options.fetchTimeoutMs,
        policy: options.urlPolicy,
        ...(options.fetch ? { fetch: options.fetch } : {}),
      });
      return { bytes: fetched.bytes, contentType: fetched.contentType, path: fetched.url.pathname };
    }
  }
}

function chooseFormat(given: DocumentFormat | undefined, loaded: Loaded): DocumentFormat {
  if (given) return given;
  if (loaded.text !== undefined) return 'TEXT';
  const inferred = formatFromContentType(loaded.contentType) ?? formatFromPath(loaded.path);
  if (inferred) return inferred;
  if (startsWithPdfMagic(loaded.bytes)) return 'PDF';
  if (loaded.contentType === undefined || /^text\//i.test(loaded.contentType)) return 'TEXT';
  throw new DocumentError(`Unsupported document type ${loaded.contentType.split(';')[0] ?? ''}: give document.format (TEXT, MARKDOWN, HTML or PDF)`);
}

/** Cuts at `max` characters without splitting a surrogate pair. */
function cap(text: string, max: number): { text: string; truncated: boolean } {
  if (text.length <= max) return { text, truncated: false };
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return { text: text.slice(0, end), truncated: true };
}

/** Converted formats get tidy whitespace: no trailing spaces, at most one blank line in a row. */
function tidy(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\u00a0]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export async function extractDocument(event: ExtractEvent, options: ExtractOptions): Promise<ExtractResult> {
  const loaded = await load(event, options);
  const format = chooseFormat(event.format, loaded);
  const asText = () => loaded.text ?? decode(loaded.bytes ?? new Uint8Array(), loaded.contentType);

  let text: string;
  switch (format) {
    case 'TEXT':
      text = asText();
      break;
    case 'MARKDOWN':
      text = tidy(markdownToText(asText()));
      break;
    case 'HTML':
      text = tidy(htmlToPlainText(asText()));
      break;
    case 'PDF':
      if (!loaded.bytes) throw new DocumentError('A PDF must be given as base64 or url, not text');
      if (!startsWithPdfMagic(loaded.bytes)) throw new DocumentError('The document is not a PDF');
      text = tidy(await pdfToText(loaded.bytes, options.maxExtractedCharacters));
      break;
  }
  if (text.trim() === '') throw new DocumentError(format === 'PDF' ? 'The PDF has no extractable text (scanned images are not read)' : 'The document has no text');
  const capped = cap(text, options.maxExtractedCharacters);
  return {
    text: capped.text,
    format,
    characters: capped.text.length,
    sha256: createHash('sha256').update(capped.text).digest('hex'),
    truncated: capped.truncated,
  };
}
