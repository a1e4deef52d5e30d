// Documented examples of the Lambda data source, run end to end (GraphQL over HTTP -> the engine ->
// the data source) against an in-process stand-in for the tutorial's Lambda function.
// https://docs.aws.amazon.com/appsync/latest/devguide/resolver-reference-lambda-js.html
// https://docs.aws.amazon.com/appsync/latest/devguide/tutorial-lambda-resolvers-js.html
import { describe, expect, it } from 'vitest';
import type { ApiDefinition, DataSourceServices, ResolverDefinition } from '../../local/appsync/types.js';
import { startAppSyncServer } from '../../local/appsync/server/index.js';
import { createResolverEngine } from '../../local/appsync/js/index.js';

const API_KEY = 'da2-conformance';

// The tutorial's schema (Create a GraphQL schema).
const SCHEMA = /* GraphQL */ `
  schema { query: Query mutation: Mutation }
  type Query { getPost(id: ID!): Post allPosts: [Post] }
  type Mutation { addPost(id: ID!, author: String!, title: String, content: String, url: String): Post! }
  type Post { id: ID! author: String! title: String content: String url: String ups: Int downs: Int relatedPosts: [Post] }
`;

// The tutorial's resolver (Configure resolvers), on every field.
const INVOKE_RESOLVER = `import { util } from '@aws-appsync/utils';

export function request(ctx) {
  const {source, args} = ctx
  return {
    operation: 'Invoke',
    payload: { field: ctx.info.fieldName, arguments: args, source },
  };
}

export function response(ctx) {
  return ctx.result;
}`;

// Advanced use case: Batching.
const BATCH_REQUEST = `import { util } from '@aws-appsync/utils';

export function request(ctx) {
  const {source, args} = ctx
  return {
    operation: ctx.info.fieldName === 'relatedPosts' ? 'BatchInvoke' : 'Invoke',
    payload: { field: ctx.info.fieldName, arguments: args, source },
  };
}`;
const BATCH_RESPONSE = `export function response(ctx) {
  const { error, result } = ctx;
  if (error) {
    util.appendError(error.message, error.type, result);
  }
  return result;
}`;
// Returning individual errors.
const INDIVIDUAL_ERRORS_RESPONSE = `export function response(ctx) {
  const { error, result } = ctx;
  if (error) {
    util.appendError(error.message, error.type, result);
  } else if (result.errorMessage) {
    util.appendError(result.errorMessage, result.errorType, result.data)
  } else if (ctx.info.fieldName === 'relatedPosts') {
      return result.data
  } else {
      return result
  }
}`;

type Post = { id: string; title: string; author: string };
const POSTS: Record<string, Post> = Object.fromEntries(
  ['First', 'Second', 'Third', 'Fourth', 'Fifth'].map((word, index) => [String(index + 1), { id: String(index + 1), title: `${word} book`, author: `Author${index + 1}` }]),
);
const RELATED: Record<string, string[]> = { 1: ['4'], 2: ['3', '5'], 3: ['2', '1'], 4: ['2', '1'], 5: [] };
const relatedOf = (id: string): Post[] => (RELATED[id] ?? []).map((related) => POSTS[related] as Post);

type Event = { field: string; arguments: Record<string, unknown>; source: { id: string } | null };

/** What the tutorial's Lambda does: one event, or (BatchInvoke) a list of them. */
function tutorialLambda(event: Event | Event[], options: { individualErrors?: boolean; alwaysFail?: boolean }): Awaited<ReturnType<DataSourceServices['invokeLambda']>> {
  if (options.alwaysFail) return { payload: null, functionError: { errorType: 'Error', errorMessage: 'I always fail.' } };
  if (Array.isArray(event)) {
    return {
      payload: event.map((entry) => {
        const id = entry.source?.id ?? '';
        if (!options.individualErrors) return relatedOf(id);
        return id === '2' ? { data: null, errorMessage: 'Error Happened', errorType: 'ERROR' } : { data: relatedOf(id) };
      }),
    };
  }
  switch (event.field) {
    case 'getPost': return { payload: POSTS[String(event.arguments.id)] ?? null };
    case 'allPosts': return { payload: Object.values(POSTS) };
    case 'addPost': return { payload: event.arguments };
    case 'relatedPosts': return { payload: relatedOf(event.source?.id ?? '') };
    default: return { payload: null, functionError: { errorType: 'Error', errorMessage: `Unknown field, unable to resolve ${event.field}` } };
  }
}

interface Served {
  query(text: string): Promise<{ data?: unknown; errors?: Array<Record<string, unknown>> }>;
  invocations: Array<{ payload: unknown; invocationType: string }>;
}

/** Serves the tutorial's API with `resolvers` overriding the plain Invoke resolver per field. */
async function withApi(
  overrides: Partial<Record<string, Pick<ResolverDefinition, 'code' | 'maxBatchSize'>>>,
  lambda: { individualErrors?: boolean; alwaysFail?: string[] },
  run: (served: Served) => Promise<void>,
): Promise<void> {
  const fields = [['Query', 'getPost'], ['Query', 'allPosts'], ['Mutation', 'addPost'], ['Post', 'relatedPosts']] as const;
  const api: ApiDefinition = {
    name: 'lambda-tutorial',
    schema: SCHEMA,
    defaultAuth: { authenticationType: 'API_KEY' },
    additionalAuth: [],
    environmentVariables: {},
    dataSources: { Lambda: { name: 'Lambda', type: 'AWS_LAMBDA', functionName: 'PostsFunction' } },
    functions: {},
    resolvers: fields.map(([typeName, fieldName]) => ({
      typeName, fieldName, kind: 'UNIT', dataSourceName: 'Lambda', code: INVOKE_RESOLVER, ...overrides[`${typeName}.${fieldName}`],
    })),
  };
  const invocations: Served['invocations'] = [];
  const services: DataSourceServices = {
    dynamodb: { endpoint: 'http://127.0.0.1:1', region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } },
    invokeLambda: async (_functionName, payload, invocationType) => {
      invocations.push({ payload, invocationType });
      const event = payload as Event | Event[];
      const fails = !Array.isArray(event) && (lambda.alwaysFail ?? []).includes(event.field);
      return tutorialLambda(event, { individualErrors: lambda.individualErrors, alwaysFail: fails });
    },
  };
  const engine = createResolverEngine(api, services, { log: () => undefined });
  const server = await startAppSyncServer({ api, engine, auth: { apiKeys: [{ id: API_KEY, expires: Math.floor(Date.now() / 1000) + 3600 }] } });
  try {
    await run({
      invocations,
      query: async (text) => {
        const response = await fetch(server.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': API_KEY }, body: JSON.stringify({ query: text }) });
        return (await response.json()) as { data?: unknown; errors?: Array<Record<string, unknown>> };
      },
    });
  } finally {
    engine.close();
    await server.close();
  }
}

const RELATED_POSTS_DATA = [
  { id: '1', relatedPosts: [{ id: '4' }] },
  { id: '2', relatedPosts: [{ id: '3' }, { id: '5' }] },
  { id: '3', relatedPosts: [{ id: '2' }, { id: '1' }] },
  { id: '4', relatedPosts: [{ id: '2' }, { id: '1' }] },
  { id: '5', relatedPosts: [] },
];

describe('JavaScript resolver function reference for Lambda (https://docs.aws.amazon.com/appsync/latest/devguide/resolver-reference-lambda-js.html)', () => {
  it("Invoke: the function receives the request's payload and ctx.result is what it returns", async () => {
    // The page also prints the whole request object as the function's input; the same page says
    // "the resolved request matches the input payload of the Lambda function", which the tutorial's
    // handler relies on (it reads event.field): the payload is what the function receives.
    await withApi({}, {}, async ({ query, invocations }) => {
      expect(await query('{ getPost(id: "2") { id title } }')).toEqual({ data: { getPost: { id: '2', title: 'Second book' } } });
      expect(invocations).toEqual([{ payload: { field: 'getPost', arguments: { id: '2' }, source: null }, invocationType: 'RequestResponse' }]);
    });
  });

  it("invocationType 'Event': the function is invoked asynchronously and the field is null ({ data: { field: null } })", async () => {
    const eventRequest = INVOKE_RESOLVER.replace("operation: 'Invoke',", "operation: 'Invoke',\n    invocationType: 'Event',");
    await withApi({ 'Query.getPost': { code: eventRequest } }, {}, async ({ query, invocations }) => {
      expect(await query('{ getPost(id: "2") { id } }')).toEqual({ data: { getPost: null } });
      expect(invocations.map((call) => call.invocationType)).toEqual(['Event']);
    });
  });

  it("BatchInvoke with 'Event': the payloads go as one list, asynchronously, and each field is null", async () => {
    const eventBatch = `${BATCH_REQUEST.replace("    operation:", "    invocationType: 'Event',\n    operation:")}\n${BATCH_RESPONSE}`;
    await withApi({ 'Post.relatedPosts': { code: eventBatch, maxBatchSize: 5 } }, {}, async ({ query, invocations }) => {
      const body = await query('{ allPosts { id relatedPosts { id } } }');
      expect(body).toEqual({ data: { allPosts: RELATED_POSTS_DATA.map(({ id }) => ({ id, relatedPosts: null })) } });
      expect(invocations.map((call) => [call.invocationType, Array.isArray(call.payload) ? call.payload.length : 'one'])).toEqual([['RequestResponse', 'one'], ['Event', 5]]);
    });
  });
});

describe('Using AWS Lambda resolvers in AWS AppSync (https://docs.aws.amazon.com/appsync/latest/devguide/tutorial-lambda-resolvers-js.html)', () => {
  it('without batching, relatedPosts costs one Lambda invocation per post (1 + 5)', async () => {
    await withApi({}, {}, async ({ query, invocations }) => {
      expect(await query('{ allPosts { id relatedPosts { id } } }')).toEqual({ data: { allPosts: RELATED_POSTS_DATA } });
      expect(invocations).toHaveLength(6);
    });
  });

  it('Advanced use case: Batching -- with BatchInvoke and a maximum batching size of 5, one invocation receives the list of the five requests', async () => {
    await withApi({ 'Post.relatedPosts': { code: `${BATCH_REQUEST}\n${BATCH_RESPONSE}`, maxBatchSize: 5 } }, {}, async ({ query, invocations }) => {
      expect(await query('{ allPosts { id relatedPosts { id } } }')).toEqual({ data: { allPosts: RELATED_POSTS_DATA } });
      expect(invocations).toHaveLength(2);
      // "the Lambda function receives the following as input: [{ field: 'relatedPosts', source: { id: 1 } }, ...]"
      expect(invocations[1]?.payload).toEqual(['1', '2', '3', '4', '5'].map((id) => expect.objectContaining({ field: 'relatedPosts', source: expect.objectContaining({ id }) })));
    });
  });

  it('Returning individual errors: an entry with errorMessage fails its own field only, with the documented GraphQL response', async () => {
    await withApi({ 'Post.relatedPosts': { code: `${BATCH_REQUEST}\n${INDIVIDUAL_ERRORS_RESPONSE}`, maxBatchSize: 5 } }, { individualErrors: true }, async ({ query }) => {
      const body = await query(`query AllPosts {
  allPosts {
    id
    relatedPosts {
      id
    }
  }
}`);
      expect(body.data).toEqual({ allPosts: RELATED_POSTS_DATA.map((post) => (post.id === '2' ? { id: '2', relatedPosts: null } : post)) });
      expect(body.errors).toEqual([
        { path: ['allPosts', 1, 'relatedPosts'], data: null, errorType: 'ERROR', errorInfo: null, locations: [{ line: 4, column: 5, sourceName: null }], message: 'Error Happened' },
      ]);
    });
  });

  it('From the resolver response handler: util.error fails the field and puts ctx.result in the error data', async () => {
    // The page prints allPosts[0] with another post's related posts; the case asserts the rule:
    // the error's data is the result the handler passed (allPosts[0] is post 1 here).
    const raising = `${INVOKE_RESOLVER.replace(/export function response[\s\S]*$/, '')}
export function response(ctx) {
    util.error("Failed to fetch relatedPosts", "LambdaFailure", ctx.result)
    return ctx.result;
}`;
    await withApi({ 'Post.relatedPosts': { code: raising } }, {}, async ({ query }) => {
      const body = await query('{ allPosts { id title relatedPosts { id title } } }');
      expect((body.data as { allPosts: Array<{ relatedPosts: unknown }> }).allPosts.every((post) => post.relatedPosts === null)).toBe(true);
      expect(body.errors?.[0]).toMatchObject({
        path: ['allPosts', 0, 'relatedPosts'], errorType: 'LambdaFailure', message: 'Failed to fetch relatedPosts',
        data: relatedOf('1').map(({ id, title }) => ({ id, title })),
      });
    });
  });

  it('From the Lambda function: a thrown error reaches ctx.error as Lambda:Unhandled with the function\'s message', async () => {
    // The page throws 'I always fail.' and prints 'I fail. always': the case asserts the thrown message.
    const appending = INVOKE_RESOLVER.replace(/export function response[\s\S]*$/, BATCH_RESPONSE);
    await withApi({ 'Query.allPosts': { code: appending } }, { alwaysFail: ['allPosts'] }, async ({ query }) => {
      const body = await query('{ allPosts { id } }');
      expect(body).toEqual({
        data: { allPosts: null },
        errors: [{ path: ['allPosts'], data: null, errorType: 'Lambda:Unhandled', errorInfo: null, locations: [{ line: 1, column: 3, sourceName: null }], message: 'I always fail.' }],
      });
    });
  });
});
