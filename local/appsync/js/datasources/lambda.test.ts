// The Lambda data source's request object rules.
// https://docs.aws.amazon.com/appsync/latest/devguide/resolver-reference-lambda-js.html
import { describe, expect, it, vi } from 'vitest';
import type { DataSourceServices } from '../../types.js';
import { createResolverEngine } from '../index.js';
import { apiWith, invocationOf, offlineServices, unit } from '../test-support/api-fixture.js';

const resolveWith = async (request: string, invokeLambda: DataSourceServices['invokeLambda']) => {
  const engine = createResolverEngine(apiWith({
    dataSources: [{ name: 'fn', type: 'AWS_LAMBDA', functionName: 'PostsFn' }],
    resolvers: [unit('Query', 'getPost', `export function request(ctx) { return ${request}; }\nexport function response(ctx) { return ctx.result; }`, 'fn')],
  }), { ...offlineServices, invokeLambda }, { log: () => undefined });
  try {
    return await engine.resolveField(invocationOf('Query', 'getPost', { id: 'postId1' }));
  } finally {
    engine.close();
  }
};

describe('Lambda data source request object', () => {
  it("'The operation field is required': a request without it is a MappingTemplate error and calls nothing", async () => {
    const invokeLambda = vi.fn<DataSourceServices['invokeLambda']>();
    const result = await resolveWith('{ payload: { field: "getPost" } }', invokeLambda);
    expect(result).toEqual({ data: null, errors: [expect.objectContaining({ errorType: 'MappingTemplate', message: expect.stringMatching(/operation must be 'Invoke' or 'BatchInvoke'/) })] });
    expect(invokeLambda).not.toHaveBeenCalled();
  });

  it('the function receives the payload, synchronously by default (invocationType RequestResponse)', async () => {
    const invokeLambda = vi.fn<DataSourceServices['invokeLambda']>(async (_name, payload) => ({ payload: { got: payload } }));
    const result = await resolveWith("{ operation: 'Invoke', payload: { field: 'getPost', arguments: ctx.args } }", invokeLambda);
    expect(invokeLambda).toHaveBeenCalledWith('PostsFn', { field: 'getPost', arguments: { id: 'postId1' } }, 'RequestResponse');
    expect(result).toEqual({ data: { got: { field: 'getPost', arguments: { id: 'postId1' } } }, errors: [] });
  });
});
