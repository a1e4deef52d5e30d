import { createHash } from 'node:crypto';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DocumentError, DocumentFetchError, DocumentTooLarge } from './errors.js';
import { parseExtractEvent } from './event.js';
import { extractDocument, type ExtractOptions } from './extract-document.js';
import { makePdf } from './test-pdf.js';

const options: ExtractOptions = { maxExtractedCharacters: 100_000, maxDocumentBytes: 64 * 1024, fetchTimeoutMs: 2000, urlPolicy: { allowInsecureLoopback: true } };
const extract = async (document: Record<string, unknown>, overrides: Partial<ExtractOptions> = {}) =>
  extractDocument(parseExtractEvent({ jobId: 'J1', document }), { ...options, ...overrides });

const PDF = makePdf([['Quarterly report (draft)', 'Revenue grew 12%.'], ['Page two: outlook']]);

let server: Server;
let base: string;
const routes: Record<string, (response: ServerResponse) => void> = {
  '/doc.html': (r) => r.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<h1>Title</h1><p>Hello <b>world</b> &amp; <a href="https://x.test">friends</a></p><script>ignored()</script>'),
  '/notes': (r) => r.writeHead(200, { 'content-type': 'text/markdown' }).end('# Notes\n\n- **bold** item\n'),
  '/report': (r) => r.writeHead(200, { 'content-type': 'application/pdf' }).end(PDF),
  '/file.pdf': (r) => r.writeHead(200, { 'content-type': 'application/octet-stream' }).end(PDF),
  '/latin1': (r) => r.writeHead(200, { 'content-type': 'text/plain; charset=iso-8859-1' }).end(Buffer.from('café', 'latin1')),
  '/big': (r) => r.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(100 * 1024) }).end('x'.repeat(100 * 1024)),
  '/big-chunked': (r) => {
    r.writeHead(200, { 'content-type': 'text/plain' });
    for (let i = 0; i < 100; i++) r.write('y'.repeat(1024));
    r.end();
  },
  '/missing': (r) => r.writeHead(404).end('nope'),
  '/redirect-ok': (r) => r.writeHead(302, { location: '/notes' }).end(),
  '/redirect-out': (r) => r.writeHead(302, { location: 'http://example.com/secret' }).end(),
  '/image': (r) => r.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.from([0x89, 0x50])),
  '/slow': () => undefined,
};

beforeAll(async () => {
  server = createServer((request, response) => (routes[request.url ?? ''] ?? ((r: ServerResponse) => r.writeHead(500).end()))(response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('extractDocument: formats', () => {
  it('returns TEXT as is', async () => {
    const text = '  Hello\r\n\n\n\nworld  ';
    await expect(extract({ text, format: 'TEXT' })).resolves.toEqual({ text, format: 'TEXT', characters: text.length, sha256: createHash('sha256').update(text).digest('hex'), truncated: false });
  });

  it('strips MARKDOWN syntax', async () => {
    const markdown = '# Title\n\nSome **bold**, _em_ and `code` with [a link](https://x.test).\n\n```ts\nconst x = 1;\n```\n\n> quoted\n\n1. first\n- second';
    await expect(extract({ text: markdown, format: 'MARKDOWN' })).resolves.toMatchObject({
      text: 'Title\n\nSome bold, em and code with a link.\n\nconst x = 1;\n\nquoted\n\nfirst\nsecond',
      format: 'MARKDOWN',
    });
  });

  it('converts HTML to text without scripts, link targets or wrapping', async () => {
    const long = 'word '.repeat(40).trim();
    const result = await extract({ text: `<html><head><style>p{}</style></head><body><h2>Head</h2><p>${long}</p><ul><li>one</li><li>two</li></ul><script>x()</script></body></html>`, format: 'HTML' });
    expect(result.text).toBe(`Head\n\n${long}\n\n * one\n * two`);
  });

  it('reads the text of every PDF page in order (base64)', async () => {
    const text = 'Quarterly report (draft)\nRevenue grew 12%.\n\nPage two: outlook';
    await expect(extract({ base64: PDF.toString('base64'), format: 'PDF' })).resolves.toEqual({
      text,
      format: 'PDF',
      characters: text.length,
      sha256: createHash('sha256').update(text).digest('hex'),
      truncated: false,
    });
  });

  it('recognises a PDF by its bytes when no format is given', async () => {
    await expect(extract({ base64: PDF.toString('base64') })).resolves.toMatchObject({ format: 'PDF' });
  });

  it('caps the text at maxExtractedCharacters and says so', async () => {
    await expect(extract({ text: 'abcdef', format: 'TEXT' }, { maxExtractedCharacters: 4 })).resolves.toEqual({ text: 'abcd', format: 'TEXT', characters: 4, sha256: createHash('sha256').update('abcd').digest('hex'), truncated: true });
    await expect(extract({ text: 'ab😀', format: 'TEXT' }, { maxExtractedCharacters: 3 })).resolves.toMatchObject({ text: 'ab', truncated: true });
    await expect(extract({ base64: PDF.toString('base64'), format: 'PDF' }, { maxExtractedCharacters: 10 })).resolves.toMatchObject({ text: 'Quarterly ', truncated: true });
  });
});

describe('extractDocument: urls', () => {
  it.each([
    ['/doc.html', 'HTML', 'Title\n\nHello world & friends'],
    ['/notes', 'MARKDOWN', 'Notes\n\nbold item'],
    ['/report', 'PDF', 'Quarterly report (draft)\nRevenue grew 12%.\n\nPage two: outlook'],
    ['/file.pdf', 'PDF', 'Quarterly report (draft)\nRevenue grew 12%.\n\nPage two: outlook'],
    ['/latin1', 'TEXT', 'café'],
    ['/redirect-ok', 'MARKDOWN', 'Notes\n\nbold item'],
  ])('fetches %s and infers %s', async (path, format, text) => {
    await expect(extract({ url: `${base}${path}` })).resolves.toMatchObject({ format, text });
  });

  it('uses the given format over the content type', async () => {
    await expect(extract({ url: `${base}/notes`, format: 'TEXT' })).resolves.toMatchObject({ format: 'TEXT', text: '# Notes\n\n- **bold** item\n' });
  });

  it.each([
    ['declared too large', '/big', DocumentTooLarge],
    ['streamed too large', '/big-chunked', DocumentTooLarge],
    ['a 404', '/missing', DocumentFetchError],
    ['a redirect to a plain-http host', '/redirect-out', DocumentError],
    ['an unsupported type', '/image', DocumentError],
  ])('refuses %s', async (_label, path, type) => {
    await expect(extract({ url: `${base}${path}` })).rejects.toBeInstanceOf(type);
  });

  it('times out a silent server', async () => {
    const error = await extract({ url: `${base}/slow` }, { fetchTimeoutMs: 200 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DocumentFetchError);
    expect((error as Error).message).toContain('200 ms');
  });

  it('allows only https outside the sandbox', async () => {
    await expect(extract({ url: `${base}/notes` }, { urlPolicy: { allowInsecureLoopback: false } })).rejects.toThrow(/only https/);
    await expect(extract({ url: 'ftp://127.0.0.1/x' })).rejects.toBeInstanceOf(DocumentError);
  });
});

describe('extractDocument: bad input', () => {
  it.each([
    ['no source', { format: 'TEXT' }, DocumentError],
    ['two sources', { text: 'a', url: 'https://x.test', format: 'TEXT' }, DocumentError],
    ['an unknown format', { text: 'a', format: 'DOCX' }, DocumentError],
    ['invalid base64', { base64: '***', format: 'PDF' }, DocumentError],
    ['a PDF given as text', { text: '%PDF-1.4 ...', format: 'PDF' }, DocumentError],
    ['bytes that are not a PDF', { base64: Buffer.from('hello').toString('base64'), format: 'PDF' }, DocumentError],
    ['a corrupt PDF', { base64: PDF.subarray(0, 200).toString('base64'), format: 'PDF' }, DocumentError],
    ['an empty document', { text: '  \n ', format: 'TEXT' }, DocumentError],
    ['HTML without text', { text: '<p> </p><img src="x.png">', format: 'HTML' }, DocumentError],
    ['a PDF without text', { base64: makePdf([[]]).toString('base64'), format: 'PDF' }, DocumentError],
    ['base64 over the size cap', { base64: Buffer.alloc(70 * 1024, 1).toString('base64'), format: 'TEXT' }, DocumentTooLarge],
    ['text over the size cap', { text: 'é'.repeat(40 * 1024), format: 'TEXT' }, DocumentTooLarge],
  ])('throws on %s', async (_label, document, type) => {
    const error = await extract(document).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(type);
    expect((error as Error).name).toBe(type.name);
  });
});

describe('the text digest', () => {
  it('is the SHA-256 of the returned (capped) text, for the prompt cache key', async () => {
    const text = `${'long document '.repeat(2000)}end`;
    const result = await extract({ text, format: 'TEXT' }, { maxExtractedCharacters: 1000 });
    expect(result.text).toHaveLength(1000);
    expect(result.sha256).toBe(createHash('sha256').update(result.text).digest('hex'));
  });
});
