import { afterEach, describe, expect, it, vi } from 'vitest';
import { createResolverEngine, CodeLoadError, type LocalResolverEngine } from './index.js';
import { apiWith, invocationOf, offlineServices, unit } from './test-support/api-fixture.js';
import type { DataSourceServices, ResolverDefinition } from '../types.js';

const engines: LocalResolverEngine[] = [];
function make(api: ReturnType<typeof apiWith>, services: DataSourceServices = offlineServices, log: (l: string) => void = () => {}) {
  const engine = createResolverEngine(api, services, { log });
  engines.push(engine);
  return engine;
}
afterEach(() => engines.splice(0).forEach((e) => e.close()));

describe('unit resolvers on a NONE data source', () => {
  it('passes the payload through and exposes ctx', async () => {
    const engine = make(apiWith({
      env: { STAGE: 'test' },
      resolvers: [unit('Query', 'echo', `
import { util } from '@aws-appsync/utils';
export function request(ctx) {
  return { payload: { args: ctx.args, same: ctx.arguments === ctx.args, sub: ctx.identity.sub,
    header: ctx.request.headers['x-test'], field: ctx.info.fieldName, env: ctx.env.STAGE, auth: util.authType() } };
}
export function response(ctx) { return ctx.result; }
`)],
    }));
    expect(engine.hasResolver('Query', 'echo')).toBe(true);
    expect(engine.hasResolver('Query', 'other')).toBe(false);
    const result = await engine.resolveField(invocationOf('Query', 'echo', { a: 1 }));
    expect(result.errors).toEqual([]);
    expect(result.data).toEqual({
      args: { a: 1 }, same: true, sub: 'user-1', header: 'yes', field: 'echo', env: 'test', auth: 'User Pool Authorization',
    });
  });

  it('returns the headers util.http.addResponseHeader set, the latest definition winning (https://docs.aws.amazon.com/appsync/latest/devguide/http-helpers-in-utils-http-js.html)', async () => {
    const engine = make(apiWith({
      resolvers: [unit('Query', 'echo', `
import { util } from '@aws-appsync/utils';
export function request(ctx) {
  util.http.addResponseHeader('itemsCount', 7);
  util.http.addResponseHeader('render', 'old');
  util.http.addResponseHeader('render', 'new');
  return { payload: null };
}
export function response(ctx) { return 'ok'; }
`)],
    }));
    const result = await engine.resolveField(invocationOf('Query', 'echo'));
    expect(result.responseHeaders).toEqual({ itemsCount: '7', render: 'new' });
  });

  it('util.error stops evaluation and nulls the field; appendError keeps going', async () => {
    const engine = make(apiWith({
      resolvers: [
        unit('Query', 'fails', `
import { util } from '@aws-appsync/utils';
export function request(ctx) { util.appendError('first', 'Warn'); util.error('boom', 'ValidationError', { x: 1 }, { hint: 'h' }); return {}; }
export function response(ctx) { return 'never'; }
`),
        unit('Query', 'appends', `
import { util } from '@aws-appsync/utils';
export function request(ctx) { return { payload: 'ok' }; }
export function response(ctx) { util.appendError('careful'); return ctx.result; }
`),
        unit('Query', 'denied', `
import { util } from '@aws-appsync/utils';
export function request(ctx) { util.unauthorized(); }
export function response(ctx) { return null; }
`),
      ],
    }));
    const failed = await engine.resolveField(invocationOf('Query', 'fails'));
    expect(failed.data).toBeNull();
    expect(failed.errors).toEqual([
      { message: 'first', errorType: 'Warn' },
      { message: 'boom', errorType: 'ValidationError', data: { x: 1 }, errorInfo: { hint: 'h' } },
    ]);
    const appended = await engine.resolveField(invocationOf('Query', 'appends'));
    expect(appended.data).toBe('ok');
    expect(appended.errors).toEqual([{ message: 'careful', errorType: 'CustomTemplateException' }]);
    const denied = await engine.resolveField(invocationOf('Query', 'denied'));
    expect(denied.errors).toEqual([{ message: 'Not Authorized to access denied on type Query', errorType: 'Unauthorized' }]);
  });

  it('reports a runtime error as errorType Code with file and line, and logs the handler', async () => {
    const log = vi.fn();
    const engine = make(apiWith({
      resolvers: [unit('Query', 'buggy', `export function request(ctx) {
  return { payload: 1 };
}
export function response(ctx) {
  const missing = ctx.result.nothing;
  return missing.deeper;
}
`)],
    }), offlineServices, log);
    const result = await engine.resolveField(invocationOf('Query', 'buggy'));
    expect(result.data).toBeNull();
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]?.errorType).toBe('Code');
    expect(result.errors[0]?.message).toMatch(/^Query\.buggy\.js:6:\d+: TypeError: /);
    expect(log.mock.calls.join('\n')).toMatch(/resolver Query\.buggy response.*Query\.buggy\.js:6/);
  });
});

describe('pipeline resolvers', () => {
  const fn = (name: string, code: string) => ({ name, dataSourceName: 'none', code, sourceName: `${name}.js` });
  const pipeline = (functions: string[], code = `
export function request(ctx) { ctx.stash.trail = ['before']; return { started: true }; }
export function response(ctx) { return { result: ctx.prev.result, trail: ctx.stash.trail }; }
`): ResolverDefinition => ({ typeName: 'Mutation', fieldName: 'run', kind: 'PIPELINE', code, functions, sourceName: 'run.js' });

  const step = (name: string) => fn(name, `
export function request(ctx) { ctx.stash.trail.push('${name}:req'); return { payload: { from: '${name}', prev: ctx.prev.result } }; }
export function response(ctx) { ctx.stash.trail.push('${name}:res'); return ctx.result; }
`);

  it('runs before -> functions -> after with prev.result and a shared stash', async () => {
    const engine = make(apiWith({ functions: [step('one'), step('two')], resolvers: [pipeline(['one', 'two'])] }));
    const result = await engine.resolveField(invocationOf('Mutation', 'run'));
    expect(result.errors).toEqual([]);
    expect(result.data).toEqual({
      result: { from: 'two', prev: { from: 'one', prev: { started: true } } },
      trail: ['before', 'one:req', 'one:res', 'two:req', 'two:res'],
    });
  });

  it('earlyReturn in a function request skips its data source and response, then continues', async () => {
    const skipper = fn('skip', `
import { runtime } from '@aws-appsync/utils';
export function request(ctx) { ctx.stash.trail.push('skip:req'); runtime.earlyReturn({ skipped: true }); }
export function response(ctx) { ctx.stash.trail.push('skip:res'); return 'not this'; }
`);
    const engine = make(apiWith({ functions: [skipper, step('two')], resolvers: [pipeline(['skip', 'two'])] }));
    const result = await engine.resolveField(invocationOf('Mutation', 'run'));
    expect(result.data).toEqual({
      result: { from: 'two', prev: { skipped: true } },
      trail: ['before', 'skip:req', 'two:req', 'two:res'],
    });
  });

  it("earlyReturn with skipTo 'END' jumps to the after handler", async () => {
    const ender = fn('end', `
import { runtime } from '@aws-appsync/utils';
export function request(ctx) { runtime.earlyReturn({ ended: true }, { skipTo: 'END' }); }
export function response(ctx) { return null; }
`);
    const engine = make(apiWith({ functions: [ender, step('two')], resolvers: [pipeline(['end', 'two'])] }));
    const result = await engine.resolveField(invocationOf('Mutation', 'run'));
    expect(result.data).toEqual({ result: { ended: true }, trail: ['before'] });
  });

  it('earlyReturn in the resolver request skips every function', async () => {
    const engine = make(apiWith({
      functions: [step('one')],
      resolvers: [pipeline(['one'], `
import { runtime } from '@aws-appsync/utils';
export function request(ctx) { ctx.stash.trail = ['before']; runtime.earlyReturn('cached'); }
export function response(ctx) { return { result: ctx.prev.result, trail: ctx.stash.trail }; }
`)],
    }));
    const result = await engine.resolveField(invocationOf('Mutation', 'run'));
    expect(result.data).toEqual({ result: 'cached', trail: ['before'] });
  });

  it('util.error in a function stops the pipeline', async () => {
    const failing = fn('fail', `
import { util } from '@aws-appsync/utils';
export function request(ctx) { util.error('nope', 'NotFound'); }
export function response(ctx) { return null; }
`);
    const engine = make(apiWith({ functions: [failing, step('two')], resolvers: [pipeline(['fail', 'two'])] }));
    const result = await engine.resolveField(invocationOf('Mutation', 'run'));
    expect(result).toEqual({ data: null, errors: [{ message: 'nope', errorType: 'NotFound' }] });
  });
});

describe('code loading', () => {
  const rejects = (code: string) => () => make(apiWith({ resolvers: [unit('Query', 'bad', code)] }));

  it.each([
    ['try', 'export function request(ctx) {\n  try { return {}; } catch (e) { return {}; }\n}\nexport function response(ctx) { return 1; }', /bad\.js:2:\d+: 'try'/],
    ['throw', 'export function request(ctx) {\n\n  throw new Error("x");\n}\nexport function response() { return 1; }', /bad\.js:3:\d+: 'throw'/],
    ['while', 'export function request(ctx) { while (true) {} }\nexport function response() { return 1; }', /'while'/],
    ['for(;;)', 'export function request(ctx) { for (let i = 0; i < 2; i = i + 1) {} return {}; }\nexport function response() { return 1; }', /C-style 'for'/],
    ['class', 'class A {}\nexport function request() { return {}; }\nexport function response() { return 1; }', /bad\.js:1:\d+: classes/],
    ['async', 'export async function request() { return {}; }\nexport function response() { return 1; }', /async/],
    ['regex', 'export function request(ctx) { return { ok: /a+/.test(ctx.args.x) }; }\nexport function response() { return 1; }', /regular expression/],
    ['continue', 'export function request(ctx) { for (const x of [1]) { continue; } return {}; }\nexport function response() { return 1; }', /'continue'/],
    ['this', 'export function request() { return this; }\nexport function response() { return 1; }', /'this'/],
    ['++', 'export function request() { let a = 1; a++; return {}; }\nexport function response() { return 1; }', /\+\+/],
  ])('rejects %s with the file and line', (_name, code, pattern) => {
    expect(rejects(code)).toThrow(CodeLoadError);
    expect(rejects(code)).toThrow(pattern);
  });

  it('rejects imports other than @aws-appsync/utils', () => {
    expect(rejects("import fs from 'node:fs';\nexport function request() { return {}; }\nexport function response() { return 1; }"))
      .toThrow(/cannot import 'node:fs'/);
  });

  it('loads identical code once', async () => {
    const code = `
let loads = 0;
loads = loads + 1;
export function request(ctx) { return { payload: loads }; }
export function response(ctx) { return ctx.result; }
`;
    const engine = make(apiWith({ resolvers: [unit('Query', 'a', code), unit('Query', 'b', code)] }));
    expect((await engine.resolveField(invocationOf('Query', 'a'))).data).toBe(1);
    expect((await engine.resolveField(invocationOf('Query', 'b'))).data).toBe(1);
  });
});

describe('AWS_LAMBDA data source', () => {
  const lambdaApi = (code: string) => apiWith({
    dataSources: [{ name: 'fn', type: 'AWS_LAMBDA', functionName: 'ChatFn' }],
    resolvers: [unit('Mutation', 'call', code, 'fn')],
  });

  it('invokes the function with the payload and invocation type', async () => {
    const invokeLambda = vi.fn<DataSourceServices['invokeLambda']>(async (_name, payload) => ({ payload: { echoed: payload } }));
    const engine = make(lambdaApi(`
export function request(ctx) { return { operation: 'Invoke', payload: { id: ctx.args.id } }; }
export function response(ctx) { return ctx.result; }
`), { ...offlineServices, invokeLambda });
    const result = await engine.resolveField(invocationOf('Mutation', 'call', { id: 'x' }));
    expect(result.data).toEqual({ echoed: { id: 'x' } });
    expect(invokeLambda).toHaveBeenCalledWith('ChatFn', { id: 'x' }, 'RequestResponse');
  });

  it('gives a function error to ctx.error as Lambda:Unhandled', async () => {
    const invokeLambda = vi.fn<DataSourceServices['invokeLambda']>(async () => ({
      payload: null, functionError: { errorType: 'Error', errorMessage: 'it broke' },
    }));
    const engine = make(lambdaApi(`
import { util } from '@aws-appsync/utils';
export function request(ctx) { return { operation: 'Invoke', payload: {}, invocationType: 'Event' }; }
export function response(ctx) { if (ctx.error) { util.error(ctx.error.message, ctx.error.type); } return ctx.result; }
`), { ...offlineServices, invokeLambda });
    const result = await engine.resolveField(invocationOf('Mutation', 'call'));
    expect(result).toEqual({ data: null, errors: [{ message: 'it broke', errorType: 'Lambda:Unhandled' }] });
    expect(invokeLambda).toHaveBeenCalledWith('ChatFn', {}, 'Event');
  });

  it('does not raise a data source error the response handler ignores', async () => {
    const invokeLambda = vi.fn<DataSourceServices['invokeLambda']>(async () => ({
      payload: null, functionError: { errorType: 'Error', errorMessage: 'ignored' },
    }));
    const engine = make(lambdaApi(`
export function request(ctx) { return { operation: 'Invoke', payload: {} }; }
export function response(ctx) { return { seen: ctx.error.type }; }
`), { ...offlineServices, invokeLambda });
    expect(await engine.resolveField(invocationOf('Mutation', 'call'))).toEqual({ data: { seen: 'Lambda:Unhandled' }, errors: [] });
  });
});

describe('subscriptions and extensions', () => {
  it('returns the filters and invalidations a resolver sets', async () => {
    const engine = make(apiWith({
      resolvers: [unit('Subscription', 'onChunk', `
import { util, extensions } from '@aws-appsync/utils';
export function request(ctx) { return { payload: null }; }
export function response(ctx) {
  extensions.setSubscriptionFilter(util.transform.toSubscriptionFilter({ owner: { eq: ctx.identity.sub }, conversationId: { eq: ctx.args.id } }));
  extensions.invalidateSubscriptions({ subscriptionField: 'onOther', payload: { id: ctx.args.id } });
  return null;
}
`)],
    }));
    const result = await engine.resolveField(invocationOf('Subscription', 'onChunk', { id: 'c1' }));
    expect(result.subscriptionFilter).toEqual({
      filterGroup: [{ filters: [
        { fieldName: 'owner', operator: 'eq', value: 'user-1' },
        { fieldName: 'conversationId', operator: 'eq', value: 'c1' },
      ] }],
    });
    expect(result.invalidations).toEqual([{ subscriptionField: 'onOther', payload: { id: 'c1' } }]);
  });
});

describe('an engine replacing another (hot reload)', () => {
  const answering = (answer: string) => `export function request(ctx) { return { payload: '${answer}' }; }\nexport function response(ctx) { return ctx.result; }`;

  it('reuses the code the previous engine compiled and compiles only what changed, answering with the new code', async () => {
    const previous = make(apiWith({ resolvers: [unit('Query', 'kept', answering('kept')), unit('Query', 'edited', answering('old'))] }));
    const next = createResolverEngine(
      apiWith({ resolvers: [unit('Query', 'kept', answering('kept')), unit('Query', 'edited', answering('new'))] }),
      offlineServices,
      { log: () => {}, replacing: previous },
    );
    engines.push(next);
    expect(next.codeLoader.load(answering('kept'), 'Query.kept')).toBe(previous.codeLoader.load(answering('kept'), 'Query.kept'));
    expect((await next.resolveField(invocationOf('Query', 'edited'))).data).toBe('new');
    expect((await previous.resolveField(invocationOf('Query', 'edited'))).data).toBe('old');
  });
});
