import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlaygroundConfig } from '../playground-config.js';
import { startPlayground, type Playground } from './routes.js';

const api: PlaygroundConfig = {
  graphqlUrl: 'http://127.0.0.1:4000/graphql',
  realtimeUrl: 'ws://127.0.0.1:4000/graphql/realtime',
  apiKey: 'da2-test',
  adminUrl: 'http://127.0.0.1:4000/__sandbox',
};

async function serve(playground: Playground): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    void playground.handle(req, res, api).then((handled) => {
      if (!handled) res.writeHead(418).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('the playground routes (real bundle)', () => {
  let served: { server: Server; url: string };
  const logged: string[] = [];
  beforeAll(async () => {
    const playground = startPlayground({ log: (line) => logged.push(line), debug: (line) => logged.push(line) });
    await playground.ready;
    served = await serve(playground);
  });
  afterAll(() => new Promise<void>((resolve) => served.server.close(() => resolve())));

  it('serves the page at / and /playground/, with its stylesheet', async () => {
    for (const path of ['/', '/playground/']) {
      const page = await fetch(`${served.url}${path}`);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const html = await page.text();
      expect(html).toContain('<script type="module" src="/playground/app.js">');
      expect(html).toContain('id="chat-input"');
    }
    const css = await fetch(`${served.url}/playground/playground.css`);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('serves the page and the SDK as one browser ES module with a source map', async () => {
    expect(logged.join('\n')).toMatch(/playground: bundled \d+ KB/);
    const bundle = await fetch(`${served.url}/playground/app.js`);
    expect(bundle.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const js = await bundle.text();
    expect(js).toContain('OnMessageChunk');
    expect(js).toContain('graphql-ws');
    expect(js).not.toMatch(/from\s*["']node:|require\(["']node:/);
    expect(js).toMatch(/\/\/# sourceMappingURL=app\.js\.map\s*$/);
    const map = (await (await fetch(`${served.url}/playground/app.js.map`)).json()) as { sources: string[] };
    expect(map.sources.some((source) => source.endsWith('client/index.ts'))).toBe(true);
  });

  it('gives the API on the origin the browser used', async () => {
    // fetch() cannot set Host: ask with node:http, as a browser on http://localhost:4000 would.
    const body = await new Promise<string>((resolve, reject) => {
      get(`${served.url}/playground/config.json`, { headers: { host: 'localhost:4000' } }, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk)).on('end', () => resolve(text));
      }).on('error', reject);
    });
    const config = JSON.parse(body) as PlaygroundConfig;
    expect(config).toEqual({
      graphqlUrl: 'http://localhost:4000/graphql',
      realtimeUrl: 'ws://localhost:4000/graphql/realtime',
      apiKey: 'da2-test',
      adminUrl: 'http://localhost:4000/__sandbox',
    });
  });

  it('answers HEAD without a body, 404 under /playground/, and leaves everything else alone', async () => {
    const head = await fetch(`${served.url}/playground/app.js`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(10_000);
    expect((await fetch(`${served.url}/playground/nope.js`)).status).toBe(404);
    expect((await fetch(`${served.url}/graphql`)).status).toBe(418);
    expect((await fetch(`${served.url}/`, { method: 'POST' })).status).toBe(418);
  });
});

describe('a playground whose bundle failed', () => {
  it('still serves the page, answers 500 for the bundle with the reason, and logs it', async () => {
    const logged: string[] = [];
    const playground = startPlayground({ log: (line) => logged.push(line), bundle: () => Promise.reject(new Error('page/main.ts:1:1: syntax error')) });
    await playground.ready;
    const { server, url } = await serve(playground);
    try {
      expect((await fetch(`${url}/`)).status).toBe(200);
      const bundle = await fetch(`${url}/playground/app.js`);
      expect(bundle.status).toBe(500);
      expect(await bundle.text()).toContain('syntax error');
      expect(logged).toEqual(['playground: page/main.ts:1:1: syntax error']);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
