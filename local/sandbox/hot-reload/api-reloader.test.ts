// The API half of hot reload: the swap, the drain of the old engine, and a refused version.
import { describe, expect, it } from 'vitest';
import type { ApiDefinition } from '../../appsync/types.js';
import { createApiReloader, type ClosableEngine } from './api-reloader.js';

const api = (name: string): ApiDefinition => ({
  name,
  schema: 'type Query { a: String }',
  defaultAuth: { authenticationType: 'API_KEY' },
  additionalAuth: [],
  environmentVariables: {},
  dataSources: {},
  functions: {},
  resolvers: [],
});

const engine = (): ClosableEngine & { closed: boolean } => {
  const created = { closed: false, hasResolver: () => false, resolveField: () => Promise.reject(new Error('unused')), close: () => (created.closed = true) };
  return created;
};

describe('createApiReloader', () => {
  it('swaps in the new API and engine, and closes the old engine after the drain period', async () => {
    const first = engine();
    const next = engine();
    const served: string[] = [];
    const lines: string[] = [];
    const reloader = createApiReloader({
      synthesizeApi: () => Promise.resolve(api('two')),
      createEngine: () => next,
      replaceApi: (replacement) => served.push(replacement.name),
      currentEngine: first,
      log: (line) => lines.push(line),
      drainMs: 10,
    });
    expect((await reloader.reload('resolvers')).ok).toBe(true);
    expect(served).toEqual(['two']);
    expect(lines).toEqual([expect.stringMatching(/^hot reload: resolvers reloaded in \d+ ms$/)]);
    expect(first.closed).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(first.closed).toBe(true);
    reloader.close();
    expect(next.closed).toBe(true);
  });

  it('keeps the current version when the new one fails, and logs why', async () => {
    const current = engine();
    const lines: string[] = [];
    const served: string[] = [];
    const reloader = createApiReloader({
      synthesizeApi: () => Promise.reject(new Error('schema/chat.graphql:2:8: Syntax Error: Expected Name, found ":".')),
      createEngine: () => engine(),
      replaceApi: (replacement) => served.push(replacement.name),
      currentEngine: current,
      log: (line) => lines.push(line),
    });
    expect((await reloader.reload('schema')).ok).toBe(false);
    expect(served).toEqual([]);
    expect(current.closed).toBe(false);
    expect(lines[0]).toBe('hot reload: schema not applied, the previous version keeps serving:\nschema/chat.graphql:2:8: Syntax Error: Expected Name, found ":".');
  });
});
