// The handler as it ships: one ESM file built with the stack's esbuild settings
// (infra/constructs/node-function.ts), run in a worker thread as the sandbox's Lambda runner does.
// pdfjs is the part at risk: it must find its (fake) worker inside the bundle.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePdf } from './test-pdf.js';

const REQUIRE_SHIM = "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";
let directory: string;
let bundle: string;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'document-extract-'));
  bundle = join(directory, 'index.mjs');
  await build({
    entryPoints: [new URL('./handler.ts', import.meta.url).pathname],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    mainFields: ['module', 'main'],
    minify: true,
    banner: { js: REQUIRE_SHIM },
    logLevel: 'silent',
  });
}, 30_000);

afterAll(() => rmSync(directory, { recursive: true, force: true }));

function invokeInWorker(event: unknown): Promise<{ result?: unknown; error?: { name: string; message: string } }> {
  const source = `
    import { parentPort, workerData } from 'node:worker_threads';
    const { handler } = await import(workerData.bundle);
    const context = { getRemainingTimeInMillis: () => 30000, functionName: 'document-extract', awsRequestId: 'r1' };
    try {
      parentPort.postMessage({ result: await handler(workerData.event, context) });
    } catch (error) {
      parentPort.postMessage({ error: { name: error.name, message: error.message } });
    }`;
  const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(source)}`), {
    workerData: { bundle: pathToFileURL(bundle).href, event },
    env: { MAX_EXTRACTED_CHARACTERS: '1000', POWERTOOLS_LOG_LEVEL: 'SILENT', AWS_LAMBDA_LOG_LEVEL: 'SILENT' },
    stdout: true,
    stderr: true,
  });
  return new Promise((resolve, reject) => {
    worker.once('message', (message: { result?: unknown; error?: { name: string; message: string } }) => {
      resolve(message);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

describe('document-extract bundle', () => {
  it('extracts a PDF in a worker thread', async () => {
    const pdf = makePdf([['Bundled and read'], ['in a worker']]);
    const text = 'Bundled and read\n\nin a worker';
    await expect(invokeInWorker({ jobId: 'J1', document: { base64: pdf.toString('base64'), format: 'PDF' } })).resolves.toEqual({
      result: { text, format: 'PDF', characters: text.length, sha256: createHash('sha256').update(text).digest('hex'), truncated: false },
    });
  });

  it('throws errors whose name is the errorType the state machine catches', async () => {
    await expect(invokeInWorker({ jobId: 'J1', document: { text: '', format: 'TEXT' } })).resolves.toMatchObject({ error: { name: 'DocumentError' } });
  });
});
