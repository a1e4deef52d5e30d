// The request log (SANDBOX_REQUEST_LOG=1): a header line per request, then per resolved field
// its resolver steps in the order they ran (pipeline before, each function's request, data
// source call with the data source's name and type, response, then after), with durations and
// never a value. Off, it prints nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResolverEngine, type LocalResolverEngine } from '../js/index.js';
import { offlineServices } from '../js/test-support/api-fixture.js';
import type { ApiDefinition, DataSourceServices } from '../types.js';
import { startAppSyncServer, type AppSyncServer } from './index.js';
import { apiKeyProtocols, openAcknowledged, startMessage } from './testing/fixture.js';

const API_KEY = 'da2-requestlog';
const SECRET_TITLE = 'my-secret-prompt-text';

const api: ApiDefinition = {
  name: 'log-api',
  schema: /* GraphQL */ `
    type Query { broken: String skipped: String failing: String }
    type Mutation { createThing(title: String!): Thing }
    type Subscription {
      onThing(title: String): Thing @aws_subscribe(mutations: ["createThing"])
      onRefused: Thing @aws_subscribe(mutations: ["createThing"])
    }
    type Thing { id: ID! title: String owner: Owner }
    type Owner { name: String }
  `,
  defaultAuth: { authenticationType: 'API_KEY' },
  additionalAuth: [],
  environmentVariables: {},
  dataSources: {
    none: { name: 'none', type: 'NONE' },
    writer: { name: 'writer', type: 'AWS_LAMBDA', functionName: 'WriterFunction' },
  },
  functions: {
    validate: {
      name: 'validate', dataSourceName: 'none',
      code: 'export function request(ctx) { return { payload: ctx.args.title.length }; }\nexport function response(ctx) { return ctx.result; }',
    },
    store: {
      name: 'store', dataSourceName: 'writer',
      code: "export function request(ctx) { return { operation: 'Invoke', payload: { title: ctx.args.title } }; }\nexport function response(ctx) { return ctx.result; }",
    },
  },
  resolvers: [
    {
      typeName: 'Mutation', fieldName: 'createThing', kind: 'PIPELINE', functions: ['validate', 'store'],
      code: 'export function request(ctx) { return {}; }\nexport function response(ctx) { return ctx.prev.result; }',
    },
    {
      typeName: 'Thing', fieldName: 'owner', kind: 'UNIT', dataSourceName: 'none',
      code: "export function request(ctx) { return { payload: { name: 'alice' } }; }\nexport function response(ctx) { return ctx.result; }",
    },
    {
      typeName: 'Subscription', fieldName: 'onThing', kind: 'UNIT', dataSourceName: 'none',
      code: 'export function request(ctx) { return { payload: null }; }\nexport function response(ctx) { return null; }',
    },
    {
      typeName: 'Subscription', fieldName: 'onRefused', kind: 'UNIT', dataSourceName: 'none',
      code: 'export function request(ctx) { util.unauthorized(); }\nexport function response(ctx) { return null; }',
    },
    {
      typeName: 'Query', fieldName: 'broken', kind: 'UNIT', dataSourceName: 'none',
      code: 'export function request(ctx) { return {}; }\nexport function response(ctx) { return ctx.result.missing.field; }',
    },
    {
      typeName: 'Query', fieldName: 'skipped', kind: 'UNIT', dataSourceName: 'none',
      code: "export function request(ctx) { runtime.earlyReturn('cached'); }\nexport function response(ctx) { return ctx.result; }",
    },
    {
      typeName: 'Query', fieldName: 'failing', kind: 'UNIT', dataSourceName: 'writer',
      code: "export function request(ctx) { return { operation: 'Invoke', payload: { fail: true } }; }\nexport function response(ctx) { return null; }",
    },
  ],
};

const services: DataSourceServices = {
  ...offlineServices,
  invokeLambda: (_name, payload) => Promise.resolve((payload as { fail?: boolean }).fail
    ? { payload: null, functionError: { errorType: 'Error', errorMessage: 'the writer failed' } }
    : { payload: { id: 't-1', ...(payload as Record<string, unknown>) } }),
};

describe('request log', () => {
  const started: Array<{ engine: LocalResolverEngine; server: AppSyncServer; lines: string[] }> = [];
  const serve = async (requestLog: boolean) => {
    const lines: string[] = [];
    // Resolver failures are logged by the engine; only the server's lines are the request log.
    const engine = createResolverEngine(api, services, { log: () => undefined });
    const server = await startAppSyncServer({
      api, engine, requestLog, log: (line) => lines.push(line),
      auth: { apiKeys: [{ id: API_KEY, expires: Math.floor(Date.now() / 1000) + 3600 }] },
    });
    started.push({ engine, server, lines });
    return { server, lines };
  };
  let on: Awaited<ReturnType<typeof serve>>;
  let off: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    [on, off] = await Promise.all([serve(true), serve(false)]);
  });
  afterAll(async () => {
    for (const { engine, server } of started) {
      engine.close();
      await server.close();
    }
  });

  const post = async (server: AppSyncServer, body: unknown) => {
    const response = await fetch(server.graphqlUrl, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': API_KEY }, body: JSON.stringify(body),
    });
    return response.json() as Promise<unknown>;
  };
  const createThing = {
    query: 'mutation CreateThing($title: String!) { createThing(title: $title) { id title owner { name } } }',
    variables: { title: SECRET_TITLE },
  };
  const withoutDurations = (lines: string[]) => lines.join('\n').replace(/\d+\.\dms/g, 'Nms').split('\n');

  it('logs a pipeline mutation step by step, with data source names and types, and no values', async () => {
    on.lines.length = 0;
    expect(await post(on.server, createThing)).toEqual({ data: { createThing: { id: 't-1', title: SECRET_TITLE, owner: { name: 'alice' } } } });
    expect(withoutDurations(on.lines)).toEqual([
      'POST /graphql 200 API_KEY Nms mutation CreateThing',
      '  createThing (Mutation.createThing) Nms',
      '    before Nms',
      '    validate request Nms',
      '    validate data source none (NONE) Nms',
      '    validate response Nms',
      '    store request Nms',
      '    store data source writer (AWS_LAMBDA) Nms',
      '    store response Nms',
      '    after Nms',
      '  createThing.owner (Thing.owner) Nms',
      '    request Nms',
      '    data source none (NONE) Nms',
      '    response Nms',
    ]);
    expect(on.lines.join('\n')).not.toContain(SECRET_TITLE);
  });

  it("marks a failed field with its errors' types, and steps that failed, returned early or got ctx.error", async () => {
    const logOf = async (query: string) => {
      on.lines.length = 0;
      await post(on.server, { query });
      return withoutDurations(on.lines);
    };
    expect(await logOf('{ broken }')).toEqual([
      'POST /graphql 200 API_KEY Nms query (anonymous)',
      '  broken (Query.broken) Nms error Code',
      '    request Nms',
      '    data source none (NONE) Nms',
      '    response -> error Nms',
    ]);
    expect(await logOf('query Skip { skipped }')).toEqual([
      'POST /graphql 200 API_KEY Nms query Skip',
      '  skipped (Query.skipped) Nms',
      '    request -> earlyReturn Nms',
    ]);
    expect(await logOf('{ failing }')).toEqual([
      'POST /graphql 200 API_KEY Nms query (anonymous)',
      '  failing (Query.failing) Nms',
      '    request Nms',
      '    data source writer (AWS_LAMBDA) -> ctx.error Lambda:Unhandled Nms',
      '    response Nms',
    ]);
  });

  it('prints nothing when off', async () => {
    expect(await post(off.server, createThing)).toMatchObject({ data: { createThing: { id: 't-1' } } });
    expect(off.lines).toEqual([]);
  });

  it('logs each subscription start with its field, auth mode, outcome and resolver steps; off, nothing', async () => {
    const starts = async (server: AppSyncServer, lines: string[]) => {
      lines.length = 0;
      const socket = await openAcknowledged(server, apiKeyProtocols(new URL(server.graphqlUrl).host, API_KEY));
      socket.send(startMessage('1', `subscription { onThing(title: "${SECRET_TITLE}") { id } }`));
      await socket.waitFor((m) => m.id === '1' && m.type === 'start_ack');
      socket.send(startMessage('2', 'subscription { onRefused { id } }'));
      await socket.waitFor((m) => m.id === '2' && m.type === 'error');
      socket.send({ id: '3', type: 'start', payload: { data: 'not json' } });
      await socket.waitFor((m) => m.id === '3' && m.type === 'error');
      socket.close();
      return lines.length === 0 ? [] : withoutDurations(lines);
    };
    expect(await starts(on.server, on.lines)).toEqual([
      'WS start Subscription.onThing API_KEY Nms -> start_ack',
      '  request Nms',
      '  data source none (NONE) Nms',
      '  response Nms',
      'WS start Subscription.onRefused API_KEY Nms -> error Unauthorized',
      '  request -> error Nms',
      'WS start - - Nms -> error MalformedHttpRequestException',
    ]);
    expect(on.lines.join('\n')).not.toContain(SECRET_TITLE);
    expect(await starts(off.server, off.lines)).toEqual([]);
  });
});
