// Documents the sandbox serves by URL (DOCUMENT_ANALYSIS can read a document
// "by URL the sandbox can serve"): PUT /__sandbox/files/<name> stores one in
// memory, GET serves it with its content type.
import type { IncomingMessage, ServerResponse } from 'node:http';

const PREFIX = '/__sandbox/files/';
const MAX_FILE_BYTES = 10 * 1024 * 1024;

interface StoredFile {
  body: Buffer;
  contentType: string;
}

export class FileStore {
  private readonly files = new Map<string, StoredFile>();

  async handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (!path.startsWith(PREFIX)) return false;
    const name = decodeURIComponent(path.slice(PREFIX.length));
    if (!name || name.includes('/')) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('a file name without "/" is required');
      return true;
    }
    switch (req.method ?? '') {
      case 'PUT':
        return this.put(name, req, res);
      case 'GET':
      case 'HEAD': {
        const file = this.files.get(name);
        if (!file) res.writeHead(404, { 'content-type': 'text/plain' }).end('no such file');
        else res.writeHead(200, { 'content-type': file.contentType, 'content-length': file.body.length }).end(req.method === 'GET' ? file.body : undefined);
        return true;
      }
      case 'DELETE':
        this.files.delete(name);
        res.writeHead(204).end();
        return true;
      default:
        res.writeHead(405, { allow: 'GET, HEAD, PUT, DELETE' }).end();
        return true;
    }
  }

  private async put(name: string, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_FILE_BYTES) {
        res.writeHead(413, { 'content-type': 'text/plain' }).end(`files are limited to ${MAX_FILE_BYTES} bytes`);
        return true;
      }
      chunks.push(chunk);
    }
    this.files.set(name, { body: Buffer.concat(chunks), contentType: String(req.headers['content-type'] ?? 'application/octet-stream') });
    res.writeHead(201, { 'content-type': 'text/plain' }).end('stored');
    return true;
  }
}
