import { describe, expect, it } from 'vitest';
import { evaluateCode, inferAuthType } from './index.js';

const cognito = { sub: 'user-1', issuer: 'https://issuer', username: 'alice', claims: {}, sourceIp: [], defaultAuthStrategy: 'ALLOW', groups: null };

const CODE = `
import { util, runtime, extensions } from '@aws-appsync/utils';
export function request(ctx) {
  console.log('args', ctx.args);
  ctx.stash.seen = ctx.arguments.id;
  if (ctx.args.id === 'early') runtime.earlyReturn({ early: true }, { skipTo: 'END' });
  if (ctx.args.id === 'bad') util.error('bad id', 'ValidationError', { id: 1 }, { hint: 'h' });
  if (ctx.args.id === 'deny') util.unauthorized();
  if (ctx.args.id === 'warn') util.appendError('careful', 'Warning');
  if (ctx.args.id === 'crash') return ctx.nothing.deeper;
  return { auth: util.authType(), env: ctx.env.STAGE, sub: ctx.identity && ctx.identity.sub, prev: ctx.prev.result, when: undefined };
}
export function response(ctx) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  extensions.setSubscriptionFilter(util.transform.toSubscriptionFilter({ owner: { eq: ctx.result.owner } }));
  return ctx.result;
}
`;

const run = (fn: 'request' | 'response', context: Parameters<typeof evaluateCode>[0]['context'], authType?: 'AWS_IAM') =>
  evaluateCode({ code: CODE, sourceName: 'test.js', function: fn, context, ...(authType ? { authType } : {}) });

describe('evaluateCode', () => {
  it('runs the request handler with the given context and returns JSON, stash and logs', () => {
    const out = run('request', { arguments: { id: 'a' }, identity: cognito, env: { STAGE: 'dev' }, prev: { result: 7 }, stash: { kept: 1 } });
    expect(out.error).toBeUndefined();
    expect(out.evaluationResult).toEqual({ auth: 'User Pool Authorization', env: 'dev', sub: 'user-1', prev: 7 });
    expect(out.stash).toEqual({ kept: 1, seen: 'a' });
    expect(out.logs).toEqual(['[test.js] console.log: args {"id":"a"}']);
    expect(out.outErrors).toEqual([]);
    expect(out.earlyReturn).toBeUndefined();
  });

  it('follows the auth type: inferred from the identity, or given', () => {
    expect(run('request', { arguments: { id: 'a' }, identity: null }).evaluationResult).toMatchObject({ auth: 'API Key Authorization', sub: null });
    expect(run('request', { arguments: { id: 'a' }, identity: cognito }, 'AWS_IAM').evaluationResult).toMatchObject({ auth: 'IAM Authorization' });
    expect(inferAuthType({ accountId: '1', userArn: 'arn' })).toBe('AWS_IAM');
    expect(inferAuthType({ resolverContext: {} })).toBe('AWS_LAMBDA');
  });

  it('reports util.error, util.unauthorized, appendError and runtime errors', () => {
    expect(run('request', { arguments: { id: 'bad' } })).toMatchObject({
      error: { message: 'bad id', errorType: 'ValidationError', data: { id: 1 }, errorInfo: { hint: 'h' } },
      stash: { seen: 'bad' },
    });
    expect(run('request', { arguments: { id: 'bad' } }).evaluationResult).toBeUndefined();
    expect(run('request', { arguments: { id: 'deny' }, info: { parentTypeName: 'Mutation', fieldName: 'go' } }).error)
      .toEqual({ message: 'Not Authorized to access go on type Mutation', errorType: 'Unauthorized' });
    const warned = run('request', { arguments: { id: 'warn' } });
    expect(warned.outErrors).toEqual([{ message: 'careful', errorType: 'Warning' }]);
    expect(warned.error).toBeUndefined();
    const crashed = run('request', { arguments: { id: 'crash' } });
    expect(crashed.error).toMatchObject({ errorType: 'Code', message: expect.stringMatching(/^test\.js:10:\d+: TypeError: /) as unknown });
    expect(crashed.logs.join('\n')).toMatch(/runtime error/);
  });

  it('reports earlyReturn with its value and skipTo', () => {
    expect(run('request', { arguments: { id: 'early' } })).toMatchObject({ evaluationResult: { early: true }, earlyReturn: { skipTo: 'END' } });
  });

  it('runs the response handler with result or error, and reports subscription filters', () => {
    const ok = run('response', { arguments: {}, result: { owner: 'u' } });
    expect(ok.evaluationResult).toEqual({ owner: 'u' });
    expect(ok.subscriptionFilter).toEqual({ filterGroup: [{ filters: [{ fieldName: 'owner', operator: 'eq', value: 'u' }] }] });
    const failed = run('response', { arguments: {}, result: null, error: { message: 'boom', type: 'DynamoDB:X' } });
    expect(failed.error).toEqual({ message: 'boom', errorType: 'DynamoDB:X' });
  });

  it('returns codeErrors for code AppSync would reject', () => {
    const out = evaluateCode({ code: 'export function request(ctx) {\n  try { return 1; } catch (e) { return 2; }\n}', function: 'request', context: { arguments: {} } });
    expect(out.error?.codeErrors).toEqual([
      { errorType: 'LINT_ERROR', value: "'try' statements are not supported", location: { line: 2, column: 3, span: -1 } },
    ]);
    const parse = evaluateCode({ code: 'export function request( {', function: 'request', context: { arguments: {} } });
    expect(parse.error?.codeErrors?.[0]?.errorType).toBe('PARSER_ERROR');
  });
});
