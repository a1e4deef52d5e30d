// Lambda BatchInvoke through the whole runtime (HTTP, graphql execution, the engine): the same
// field of every item of a list goes to the function in batches of maxBatchSize.
// https://docs.aws.amazon.com/appsync/latest/devguide/resolver-reference-lambda-js.html
// https://docs.aws.amazon.com/appsync/latest/devguide/tutorial-lambda-resolvers-js.html
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ApiDefinition, DataSourceServices } from '../../types.js';
import { startAppSyncServer, type AppSyncServer } from '../../server/index.js';
import { createResolverEngine, type LocalResolverEngine } from '../index.js';
import { offlineServices } from '../test-support/api-fixture.js';

const API_KEY = 'da2-batch';
const SCHEMA = /* GraphQL */ `
  type Query { posts(count: Int!): [Post] }
  type Post { id: ID! author: Author authorViaPipeline: Author }
  type Author { name: String }
`;
const passThrough = 'export function response(ctx) { if (ctx.error) util.error(ctx.error.message, ctx.error.type); return ctx.result; }';
const batchRequest = "export function request(ctx) { return { operation: 'BatchInvoke', payload: { field: ctx.info.fieldName, source: ctx.source } }; }";

const api: ApiDefinition = {
  name: 'batch-api',
  schema: SCHEMA,
  defaultAuth: { authenticationType: 'API_KEY' },
  additionalAuth: [],
  environmentVariables: {},
  dataSources: { none: { name: 'none', type: 'NONE' }, authors: { name: 'authors', type: 'AWS_LAMBDA', functionName: 'AuthorsFunction' } },
  functions: {
    fetchAuthor: { name: 'fetchAuthor', dataSourceName: 'authors', code: `${batchRequest}\n${passThrough}`, maxBatchSize: 3 },
  },
  resolvers: [
    {
      typeName: 'Query', fieldName: 'posts', kind: 'UNIT', dataSourceName: 'none',
      code: 'export function request(ctx) { return { payload: Array.from({ length: ctx.args.count }, (_, i) => ({ id: `p${i}` })) }; }\nexport function response(ctx) { return ctx.result; }',
    },
    { typeName: 'Post', fieldName: 'author', kind: 'UNIT', dataSourceName: 'authors', code: `${batchRequest}\n${passThrough}`, maxBatchSize: 2 },
    {
      typeName: 'Post', fieldName: 'authorViaPipeline', kind: 'PIPELINE', functions: ['fetchAuthor'],
      code: 'export function request(ctx) { return {}; }\nexport function response(ctx) { return ctx.prev.result; }',
    },
  ],
};

describe('Lambda BatchInvoke', () => {
  const invocations: Array<Array<{ field: string; source: { id: string } }>> = [];
  let answer: (payload: Array<{ source: { id: string } }>) => unknown = () => [];
  let engine: LocalResolverEngine;
  let server: AppSyncServer;

  beforeAll(async () => {
    const services: DataSourceServices = {
      ...offlineServices,
      invokeLambda: async (functionName, payload) => {
        expect(functionName).toBe('AuthorsFunction');
        invocations.push(payload as (typeof invocations)[number]);
        return { payload: answer(payload as Array<{ source: { id: string } }>) };
      },
    };
    engine = createResolverEngine(api, services, { log: () => undefined });
    server = await startAppSyncServer({ api, engine, auth: { apiKeys: [{ id: API_KEY, expires: Math.floor(Date.now() / 1000) + 3600 }] } });
  });
  afterAll(async () => {
    engine.close();
    await server.close();
  });
  beforeEach(() => {
    invocations.length = 0;
    answer = (payload) => payload.map((entry) => ({ name: `author of ${entry.source.id}` }));
  });

  const query = async (text: string) => {
    const response = await fetch(server.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': API_KEY }, body: JSON.stringify({ query: text }) });
    return (await response.json()) as { data?: { posts: Array<{ id: string; author?: { name: string } | null; authorViaPipeline?: { name: string } | null }> }; errors?: Array<{ message: string; errorType: string; path: unknown[] }> };
  };

  it('sends one invocation per maxBatchSize items, with the list of payloads, and gives each field its own entry', async () => {
    const body = await query('{ posts(count: 5) { id author { name } } }');
    expect(body.errors).toBeUndefined();
    expect(body.data?.posts.map((post) => post.author?.name)).toEqual(['p0', 'p1', 'p2', 'p3', 'p4'].map((id) => `author of ${id}`));
    expect(invocations.map((batch) => batch.map((entry) => entry.source.id))).toEqual([['p0', 'p1'], ['p2', 'p3'], ['p4']]);
    expect(invocations[0]?.[0]).toEqual({ field: 'author', source: { id: 'p0' } });
  });

  it("batches a pipeline function's calls by the function's own maxBatchSize", async () => {
    const body = await query('{ posts(count: 4) { authorViaPipeline { name } } }');
    expect(body.data?.posts.map((post) => post.authorViaPipeline?.name)).toEqual(['p0', 'p1', 'p2', 'p3'].map((id) => `author of ${id}`));
    expect(invocations.map((batch) => batch.length)).toEqual([3, 1]);
  });

  it('an entry { data, errorMessage, errorType } fails only its own field', async () => {
    answer = (payload) => payload.map((entry) =>
      entry.source.id === 'p1' ? { data: null, errorMessage: 'no author for p1', errorType: 'NotFound' } : { name: `author of ${entry.source.id}` });
    const body = await query('{ posts(count: 3) { id author { name } } }');
    expect(body.data?.posts.map((post) => post.author?.name ?? null)).toEqual(['author of p0', null, 'author of p2']);
    expect(body.errors).toEqual([expect.objectContaining({ message: 'no author for p1', errorType: 'NotFound', path: ['posts', 1, 'author'] })]);
  });

  it('a list of the wrong length fails every field of the batch', async () => {
    answer = () => [{ name: 'only one' }];
    const body = await query('{ posts(count: 2) { author { name } } }');
    expect(body.data?.posts).toEqual([{ author: null }, { author: null }]);
    expect(body.errors).toHaveLength(2);
    expect(body.errors?.[0]).toMatchObject({ errorType: 'Lambda:Unhandled', message: expect.stringContaining('one entry per payload') });
  });
});
