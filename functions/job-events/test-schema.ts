// Test support (imported by *.test.ts only): the API schema as AppSync would serve it (built-ins +
// every schema file), and a fake AppSync endpoint that executes publishJobUpdate against it, so a
// publish is checked the way AppSync checks it (variables coerced strictly, selection validated).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { graphql } from 'graphql';
import { loadApiSchema } from '../shared/test-api-schema.js';

export { loadApiSchema } from '../shared/test-api-schema.js';

export interface FakeAppSync {
  url: string;
  /** What subscribers would have received, in arrival order. */
  published: Record<string, unknown>[];
  /** GraphQL errors returned to the client. */
  errors: unknown[];
  /** Answer every request with this HTTP status instead (e.g. 503). */
  failWith: number | undefined;
  close(): Promise<void>;
}

export async function startFakeAppSync(): Promise<FakeAppSync> {
  const schema = loadApiSchema();
  const fake: FakeAppSync = { url: '', published: [], errors: [], failWith: undefined, close: async () => undefined };
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      response.setHeader('content-type', 'application/json');
      if (fake.failWith) {
        response.statusCode = fake.failWith;
        response.end('{}');
        return;
      }
      const { query, variables } = JSON.parse(body) as { query: string; variables: Record<string, unknown> };
      void graphql({ schema, source: query, variableValues: variables, rootValue: { publishJobUpdate: ({ input }: { input: unknown }) => input } }).then((result) => {
        if (result.errors) fake.errors.push(...result.errors);
        else fake.published.push((result.data as { publishJobUpdate: Record<string, unknown> }).publishJobUpdate);
        response.end(JSON.stringify(result));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  fake.close = () => new Promise((resolve) => server.close(() => resolve()));
  return fake;
}
