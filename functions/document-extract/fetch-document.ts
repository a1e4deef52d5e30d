// Fetches a document URL: https only (http to loopback in the sandbox), redirects followed by hand
// so each hop is checked too, one timeout for the whole exchange, and the body read up to a size
// cap (Content-Length is checked first, the stream counted as it arrives).
import { checkOutboundUrl, type OutboundUrlPolicy } from '../shared/outbound-url.js';
import { DocumentError, DocumentFetchError, DocumentTooLarge } from './errors.js';

export interface FetchDocumentOptions {
  maxBytes: number;
  timeoutMs: number;
  policy: OutboundUrlPolicy;
  fetch?: typeof fetch;
}

export interface FetchedDocument {
  bytes: Uint8Array;
  /** The Content-Type header, e.g. "text/html; charset=utf-8". */
  contentType: string | undefined;
  /** The final URL (after redirects). */
  url: URL;
}

const MAX_REDIRECTS = 3;

function allowed(raw: string, policy: OutboundUrlPolicy): URL {
  const checked = checkOutboundUrl(raw, policy);
  if (!checked.ok) throw new DocumentError(`The document URL is not allowed: ${checked.reason}`);
  return checked.url;
}

function tooLarge(maxBytes: number): DocumentTooLarge {
  return new DocumentTooLarge(`The document is larger than ${maxBytes} bytes`, maxBytes);
}

async function readCapped(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}

export async function fetchDocument(raw: string, options: FetchDocumentOptions): Promise<FetchedDocument> {
  const doFetch = options.fetch ?? globalThis.fetch;
  const signal = AbortSignal.timeout(options.timeoutMs);
  let url = allowed(raw, options.policy);
  try {
    for (let redirects = 0; ; redirects++) {
      const response = await doFetch(url, { redirect: 'manual', signal, headers: { accept: 'text/plain, text/markdown, text/html, application/pdf;q=0.9, */*;q=0.1' } });
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel().catch(() => undefined);
        if (redirects >= MAX_REDIRECTS) throw new DocumentFetchError(`More than ${MAX_REDIRECTS} redirects`, response.status);
        url = allowed(new URL(location, url).href, options.policy);
        continue;
      }
      if (!response.ok) {
        await response.body?.cancel().catch(() => undefined);
        throw new DocumentFetchError(`The document URL answered HTTP ${response.status}`, response.status);
      }
      const declared = Number(response.headers.get('content-length'));
      if (Number.isFinite(declared) && declared > options.maxBytes) {
        await response.body?.cancel().catch(() => undefined);
        throw tooLarge(options.maxBytes);
      }
      const bytes = response.body ? await readCapped(response.body, options.maxBytes) : new Uint8Array();
      return { bytes, contentType: response.headers.get('content-type') ?? undefined, url };
    }
  } catch (error) {
    if (error instanceof DocumentError || error instanceof DocumentTooLarge || error instanceof DocumentFetchError) throw error;
    const timedOut = signal.aborted;
    throw new DocumentFetchError(timedOut ? `The document URL did not answer within ${options.timeoutMs} ms` : 'The document URL could not be fetched', undefined, { cause: error });
  }
}
