// Lambda entry for document-extract, a Task of the DOCUMENT_ANALYSIS state machine:
// { jobId, document: { text | url | base64, format? } } -> { text, format, characters, truncated }.
// Failures are thrown with errorType DocumentError, DocumentTooLarge or DocumentFetchError.
import type { Context } from 'aws-lambda';
import { logger } from '../shared/logger.js';
import { loadDocumentExtractConfig } from './config.js';
import { parseExtractEvent } from './event.js';
import { extractDocument, type ExtractResult } from './extract-document.js';

const config = loadDocumentExtractConfig();

export async function handler(payload: unknown, context: Context): Promise<ExtractResult> {
  logger.addContext(context);
  try {
    const event = parseExtractEvent(payload);
    logger.appendKeys({ jobId: event.jobId });
    const result = await extractDocument(event, {
      maxExtractedCharacters: config.maxExtractedCharacters,
      maxDocumentBytes: config.maxDocumentBytes,
      fetchTimeoutMs: config.fetchTimeoutMs,
      urlPolicy: { allowInsecureLoopback: config.allowInsecureUrls },
    });
    // Sizes only: the document is the user's content.
    logger.info('Document extracted', { source: event.source.kind, format: result.format, characters: result.characters, truncated: result.truncated });
    return result;
  } catch (error) {
    logger.error('Document not extracted', { errorType: error instanceof Error ? error.name : typeof error, message: error instanceof Error ? error.message : undefined });
    throw error;
  } finally {
    logger.resetKeys();
  }
}
