// The Task input: { jobId, document: { text | url | base64, format? } } (README "Workflow jobs").
// Anything wrong with the document itself is a DocumentError, so the state machine's Catch turns
// it into the job's failure.
import { InvalidEventError } from '../shared/errors.js';
import { DocumentError } from './errors.js';

export const DOCUMENT_FORMATS = ['TEXT', 'MARKDOWN', 'HTML', 'PDF'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

export type DocumentSource = { kind: 'text'; text: string } | { kind: 'url'; url: string } | { kind: 'base64'; base64: string };

export interface ExtractEvent {
  jobId: string;
  source: DocumentSource;
  format?: DocumentFormat;
}

export function parseExtractEvent(payload: unknown): ExtractEvent {
  if (!payload || typeof payload !== 'object') throw new InvalidEventError('event must be an object');
  const { jobId, document } = payload as { jobId?: unknown; document?: unknown };
  if (typeof jobId !== 'string' || jobId === '') throw new InvalidEventError('jobId must be a non-empty string');
  if (!document || typeof document !== 'object') throw new DocumentError('document must be an object');
  const fields = document as Record<string, unknown>;

  const given = (['text', 'url', 'base64'] as const).filter((key) => fields[key] !== undefined && fields[key] !== null);
  if (given.length !== 1) throw new DocumentError('document needs exactly one of text, url or base64');
  const [key] = given as [('text' | 'url' | 'base64')];
  const value = fields[key];
  if (typeof value !== 'string') throw new DocumentError(`document.${key} must be a string`);

  const format = fields.format;
  if (format !== undefined && format !== null && !DOCUMENT_FORMATS.includes(format as DocumentFormat)) {
    throw new DocumentError(`document.format must be one of ${DOCUMENT_FORMATS.join(', ')}`);
  }
  const source: DocumentSource = key === 'text' ? { kind: 'text', text: value } : key === 'url' ? { kind: 'url', url: value } : { kind: 'base64', base64: value };
  return { jobId, source, ...(typeof format === 'string' ? { format: format as DocumentFormat } : {}) };
}
