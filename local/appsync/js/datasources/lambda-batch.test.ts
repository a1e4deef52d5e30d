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
  type Post { id: ID! author: Author authorViaPipeline: Author enveloped: Author fireAndForget: String }
  type Author { name: String }
`;
const passThrough = 'export function response(ctx) { if (ctx.error) util.error(ctx.error.message, ctx.error.type); return ctx.result; }';
const batchRequest = "export function request(ctx) { return { operation: 'BatchInvoke', payload: { field: ctx.info.fieldName, source: ctx.source } }; }";
// The response handler of "Returning individual errors" (tutorial-lambda-resolvers-js.html).
const envelopeResponse = `export function response(ctx) {
  const { error, result } = ctx;
  if (error) { util.appendError(error.message, error.type, result); }
  else if (result.errorMessage) { util.appendError(result.errorMessage, result.errorType, result.data); }
  else { return result.data; }
}`;
const eventRequest = "export function request(ctx) { return { operation: 'BatchInvoke', invocationType: 'Event', payload: { field: ctx.info.fieldName, source: ctx.source } }; }";

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
    { typeName: 'Post', fieldName: 'enveloped', kind: 'UNIT', dataSourceName: 'authors', code: `${batchRequest}\n${envelopeResponse}`, maxBatchSize: 5 },
    { typeName: 'Post', fieldName: 'fireAndForget', kind: 'UNIT', dataSourceName: 'authors', code: `${eventRequest}\n${passThrough}`, maxBatchSize: 2 },
  ],
};

describe('Lambda BatchInvoke', () => {
  const invocations: Array<Array<{ field: string; source: { id: string } }>> = [];
  const invocationTypes: string[] = [];
  let answer: (payload: Array<{ source: { id: string } }>) => unknown = () => [];
  let functionError: { errorType: string; errorMessage: string } | undefined;
  let engine: LocalResolverEngine;
  let server: AppSyncServer;

  beforeAll(async () => {
    const services: DataSourceServices = {
      ...offlineServices,
      invokeLambda: async (functionName, payload, invocationType) => {
        expect(functionName).toBe('AuthorsFunction');
        invocations.push(payload as (typeof invocations)[number]);
        invocationTypes.push(invocationType);
        if (invocationType === 'Event') return { payload: null };
        return functionError ? { payload: null, functionError } : { payload: answer(payload as Array<{ source: { id: string } }>) };
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
    invocationTypes.length = 0;
    functionError = undefined;
    answer = (payload) => payload.map((entry) => ({ name: `author of ${entry.source.id}` }));
  });

  const query = async (text: string) => {
    const response = await fetch(server.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': API_KEY }, body: JSON.stringify({ query: text }) });
    type Author = { name: string | null } | null;
    type Post = { id: string; author?: Author; authorViaPipeline?: Author; enveloped?: Author; fireAndForget?: string | null };
    return (await response.json()) as { data?: { posts: Post[] }; errors?: Array<{ message: string; errorType: string; data?: unknown; path: unknown[] }> };
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

  it('gives each field its entry as returned: a { data, errorMessage, errorType } entry is for the response handler to raise', async () => {
    answer = (payload) => payload.map((entry) =>
      entry.source.id === 'p1' ? { data: null, errorMessage: 'no author for p1', errorType: 'NotFound' } : { data: { name: `author of ${entry.source.id}` } });
    // The response handler of "Returning individual errors" (tutorial-lambda-resolvers-js.html).
    const body = await query('{ posts(count: 3) { id enveloped { name } } }');
    expect(body.data?.posts.map((post) => post.enveloped?.name ?? null)).toEqual(['author of p0', null, 'author of p2']);
    expect(body.errors).toEqual([expect.objectContaining({ message: 'no author for p1', errorType: 'NotFound', data: null, path: ['posts', 1, 'enveloped'] })]);
    // Without such a handler the entry is just the field's value: nothing is unwrapped.
    const raw = await query('{ posts(count: 1) { author { name } } }');
    expect(raw.errors).toBeUndefined();
    expect(raw.data?.posts[0]?.author).toEqual({ name: null });
  });

  it('a null entry resolves its field to null; a function error fails every field of the batch', async () => {
    answer = (payload) => payload.map((entry) => (entry.source.id === 'p0' ? null : { name: 'x' }));
    const nulls = await query('{ posts(count: 2) { author { name } } }');
    expect(nulls).toEqual({ data: { posts: [{ author: null }, { author: { name: 'x' } }] } });

    functionError = { errorType: 'Error', errorMessage: 'the whole batch failed' };
    const failed = await query('{ posts(count: 3) { author { name } } }');
    expect(invocations).toHaveLength(3);
    expect(failed.data?.posts).toEqual([{ author: null }, { author: null }, { author: null }]);
    expect(failed.errors?.map((error) => [error.errorType, error.message, error.path])).toEqual([0, 1, 2].map((i) => ['Lambda:Unhandled', 'the whole batch failed', ['posts', i, 'author']]));
  });

  it("BatchInvoke with invocationType 'Event' sends the list asynchronously and resolves every field to null", async () => {
    const body = await query('{ posts(count: 3) { fireAndForget } }');
    expect(body).toEqual({ data: { posts: [{ fireAndForget: null }, { fireAndForget: null }, { fireAndForget: null }] } });
    expect(invocationTypes).toEqual(['Event', 'Event']);
    expect(invocations.map((batch) => batch.length)).toEqual([2, 1]);
  });

  it('a list of the wrong length fails every field of the batch', async () => {
    answer = () => [{ name: 'only one' }];
    const body = await query('{ posts(count: 2) { author { name } } }');
    expect(body.data?.posts).toEqual([{ author: null }, { author: null }]);
    expect(body.errors).toHaveLength(2);
    expect(body.errors?.[0]).toMatchObject({ errorType: 'Lambda:Unhandled', message: expect.stringContaining('one entry per payload') });
  });
});
