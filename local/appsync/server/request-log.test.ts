// The request log: off, one line per request; on, a line per resolved field and per resolver
// step (pipeline before, each function's request, data source and response, after), no values.
import { afterEach, describe, expect, it } from 'vitest';
import { createResolverEngine, type LocalResolverEngine } from '../js/index.js';
import { offlineServices } from '../js/test-support/api-fixture.js';
import type { ApiDefinition } from '../types.js';
import { startAppSyncServer, type AppSyncServer } from './index.js';

const API_KEY = 'da2-requestlog';
const api: ApiDefinition = {
  name: 'log-api',
  schema: 'type Query { greet(name: String!): String }',
  defaultAuth: { authenticationType: 'API_KEY' },
  additionalAuth: [],
  environmentVariables: {},
  dataSources: { none: { name: 'none', type: 'NONE' } },
  functions: {
    shout: { name: 'shout', dataSourceName: 'none', code: 'export function request(ctx) { return { payload: ctx.args.name.toUpperCase() }; }\nexport function response(ctx) { return ctx.result; }' },
  },
  resolvers: [{
    typeName: 'Query', fieldName: 'greet', kind: 'PIPELINE', functions: ['shout'],
    code: 'export function request(ctx) { return {}; }\nexport function response(ctx) { return `hello ${ctx.prev.result}`; }',
  }],
};

describe('request log', () => {
  const open: Array<{ engine: LocalResolverEngine; server: AppSyncServer }> = [];
  afterEach(async () => {
    for (const { engine, server } of open.splice(0)) {
      engine.close();
      await server.close();
    }
  });

  const serve = async (requestLog: boolean) => {
    const lines: string[] = [];
    const engine = createResolverEngine(api, offlineServices, { log: (line) => lines.push(line) });
    const server = await startAppSyncServer({ api, engine, requestLog, log: (line) => lines.push(line), auth: { apiKeys: [{ id: API_KEY, expires: Math.floor(Date.now() / 1000) + 3600 }] } });
    open.push({ engine, server });
    const response = await fetch(server.graphqlUrl, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
      body: JSON.stringify({ query: 'query Greeting($name: String!) { greet(name: $name) }', variables: { name: 'secret-name' } }),
    });
    expect(await response.json()).toEqual({ data: { greet: 'hello SECRET-NAME' } });
    return lines.join('\n');
  };

  it('times each resolver step when switched on, without values', async () => {
    const log = await serve(true);
    const stepLines = log.split('\n').map((line) => line.replace(/\d+\.\dms/g, 'Nms'));
    expect(stepLines).toEqual([
      'POST /graphql 200 API_KEY Nms query Greeting',
      '  greet (Query.greet) Nms',
      '    before Nms',
      '    shout request Nms',
      '    shout data source none (NONE) Nms',
      '    shout response Nms',
      '    after Nms',
    ]);
    expect(log).not.toContain('secret-name');
  });

  it('is silent when off', async () => {
    expect(await serve(false)).toBe('');
  });
});
