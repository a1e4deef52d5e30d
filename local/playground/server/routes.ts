// Serves the playground on the sandbox's port: GET / (the page), /playground/app.js (the bundle,
// built once at start and kept in memory), its source map, the CSS, and /playground/config.json
// (where the API is, as seen from the browser's origin).
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { PlaygroundConfig } from '../playground-config.js';
import { buildPlaygroundBundle, type PlaygroundBundle } from './bundle.js';

export interface Playground {
  /** Answers the playground's paths (GET and HEAD); returns false for any other request. */
  handle(req: IncomingMessage, res: ServerResponse, api: PlaygroundConfig): Promise<boolean>;
  /** Settles once the bundle is built or failed (a failure is logged and served as a 500, never thrown). */
  ready: Promise<void>;
}

export interface PlaygroundOptions {
  /** Where a build failure is reported. */
  log: (line: string) => void;
  /** Where the build's size and time are reported (verbose sandboxes). */
  debug?: (line: string) => void;
  /** For tests: a bundle instead of building one. */
  bundle?: () => Promise<PlaygroundBundle>;
}

const staticFile = (name: string) => readFileSync(new URL(`../${name}`, import.meta.url));
const HOST_HEADER = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

export function startPlayground(options: PlaygroundOptions): Playground {
  const indexHtml = staticFile('index.html');
  const css = staticFile('playground.css');
  const started = performance.now();
  const bundle = (options.bundle ?? buildPlaygroundBundle)();
  const ready = bundle.then(
    ({ js }) => options.debug?.(`playground: bundled ${(js.length / 1024).toFixed(0)} KB in ${(performance.now() - started).toFixed(0)} ms`),
    (error: unknown) => options.log(`playground: ${error instanceof Error ? error.message : String(error)}`),
  );

  const serveBundle = async (res: ServerResponse, head: boolean, part: 'js' | 'map') => {
    let built: PlaygroundBundle;
    try {
      built = await bundle;
    } catch (error) {
      return send(res, 500, 'text/plain; charset=utf-8', head, `The playground did not build: ${error instanceof Error ? error.message : String(error)}\n`);
    }
    return part === 'js' ? send(res, 200, 'text/javascript; charset=utf-8', head, built.js) : send(res, 200, 'application/json; charset=utf-8', head, built.map);
  };

  return {
    ready,
    async handle(req, res, api) {
      const method = req.method ?? 'GET';
      if (method !== 'GET' && method !== 'HEAD') return false;
      const head = method === 'HEAD';
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      switch (path) {
        case '/':
        case '/playground':
        case '/playground/':
          return send(res, 200, 'text/html; charset=utf-8', head, indexHtml);
        case '/playground/playground.css':
          return send(res, 200, 'text/css; charset=utf-8', head, css);
        case '/playground/app.js':
          return serveBundle(res, head, 'js');
        case '/playground/app.js.map':
          return serveBundle(res, head, 'map');
        case '/playground/config.json':
          return send(res, 200, 'application/json; charset=utf-8', head, JSON.stringify(configForRequest(req, api)));
        default:
          return path.startsWith('/playground/') ? send(res, 404, 'text/plain; charset=utf-8', head, 'Not found\n') : false;
      }
    },
  };
}

/** The API's URLs on the origin the browser used (localhost or 127.0.0.1, http or https): every call stays same-origin. */
export function configForRequest(req: IncomingMessage, api: PlaygroundConfig): PlaygroundConfig {
  const host = req.headers.host;
  if (!host || !HOST_HEADER.test(host)) return { graphqlUrl: api.graphqlUrl, realtimeUrl: api.realtimeUrl, apiKey: api.apiKey, adminUrl: api.adminUrl };
  const secure = Boolean((req.socket as TLSSocket).encrypted);
  const onOrigin = (url: string, scheme: string) => {
    const moved = new URL(url);
    return `${scheme}://${host}${moved.pathname}${moved.search}`;
  };
  return {
    graphqlUrl: onOrigin(api.graphqlUrl, secure ? 'https' : 'http'),
    realtimeUrl: onOrigin(api.realtimeUrl, secure ? 'wss' : 'ws'),
    apiKey: api.apiKey,
    adminUrl: onOrigin(api.adminUrl, secure ? 'https' : 'http'),
  };
}

function send(res: ServerResponse, status: number, contentType: string, head: boolean, body: string | Uint8Array): true {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  // Rebuilt on every sandbox start: the browser revalidates instead of keeping a stale bundle.
  res.writeHead(status, { 'content-type': contentType, 'content-length': String(bytes.length), 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' });
  res.end(head ? undefined : bytes);
  return true;
}
