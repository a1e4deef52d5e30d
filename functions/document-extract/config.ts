// document-extract configuration, read once per cold start. Defaults are stated here.
import { getEnvFlag, getEnvInt } from '../shared/config.js';

export interface DocumentExtractConfig {
  /** The extracted text is cut at this many characters (default 100,000). */
  maxExtractedCharacters: number;
  /** A document (fetched, base64 or text) larger than this is refused (default 5 MB). */
  maxDocumentBytes: number;
  /** Per URL fetch, body included (default 10 s). */
  fetchTimeoutMs: number;
  /** Sandbox only: lets document URLs use http:// to a loopback host. Default false. */
  allowInsecureUrls: boolean;
}

export function loadDocumentExtractConfig(env: Record<string, string | undefined> = process.env): DocumentExtractConfig {
  return {
    maxExtractedCharacters: getEnvInt('MAX_EXTRACTED_CHARACTERS', { min: 1, max: 10_000_000, defaultValue: 100_000 }, env),
    maxDocumentBytes: getEnvInt('MAX_DOCUMENT_BYTES', { min: 1, max: 100 * 1024 * 1024, defaultValue: 5 * 1024 * 1024 }, env),
    fetchTimeoutMs: getEnvInt('DOCUMENT_FETCH_TIMEOUT_MS', { min: 100, max: 60_000, defaultValue: 10_000 }, env),
    allowInsecureUrls: getEnvFlag('ALLOW_INSECURE_DOCUMENT_URLS', env),
  };
}
