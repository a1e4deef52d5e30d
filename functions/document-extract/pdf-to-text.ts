// PDF to text with pdfjs-dist (legacy build: it runs on Node). No worker thread of its own: the
// worker's message handler is imported here and handed to pdfjs as `globalThis.pdfjsWorker`, so
// pdfjs runs it in-process ("fake worker") and esbuild bundles it, instead of pdfjs importing a
// worker file by path at run time (which a single-file bundle does not have). Works in a Lambda
// and in the sandbox's worker threads alike.
import { getDocument, type PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import * as pdfWorker from 'pdfjs-dist/legacy/build/pdf.worker.mjs';
import { DocumentError } from './errors.js';

(globalThis as { pdfjsWorker?: unknown }).pdfjsWorker ??= pdfWorker;

const ERRORS_ONLY = 0;

interface TextItemLike {
  str?: unknown;
  hasEOL?: unknown;
}

/** Text of the pages in order, pages separated by a blank line; stops reading after `maxCharacters`. */
export async function pdfToText(bytes: Uint8Array, maxCharacters: number): Promise<string> {
  const task = getDocument({
    // pdfjs takes ownership of (detaches) the buffer: give it a copy.
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
    verbosity: ERRORS_ONLY,
  });
  let pdf: PDFDocumentProxy;
  try {
    pdf = await task.promise;
  } catch (error) {
    await task.destroy().catch(() => undefined);
    const name = error instanceof Error ? error.name : 'Error';
    const reason = name === 'PasswordException' ? 'it is password-protected' : 'it is not a readable PDF';
    throw new DocumentError(`The PDF could not be opened: ${reason}`, { cause: error });
  }
  try {
    const pages: string[] = [];
    let length = 0;
    for (let number = 1; number <= pdf.numPages && length <= maxCharacters; number++) {
      const page = await pdf.getPage(number);
      const content = await page.getTextContent();
      let text = '';
      for (const item of content.items as TextItemLike[]) {
        if (typeof item.str === 'string') text += item.str;
        if (item.hasEOL === true) text += '\n';
      }
      page.cleanup();
      pages.push(text);
      length += text.length + 2;
    }
    return pages.join('\n\n');
  } catch (error) {
    throw new DocumentError('The PDF could not be read', { cause: error });
  } finally {
    await task.destroy().catch(() => undefined);
  }
}
