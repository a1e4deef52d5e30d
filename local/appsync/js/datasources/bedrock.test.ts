// The AMAZON_BEDROCK_RUNTIME data source through the engine, against the local model server
// (the real Bedrock Runtime wire protocol), with the request objects '@aws-appsync/utils/ai' builds.
// https://docs.aws.amazon.com/appsync/latest/devguide/resolver-reference-bedrock-js.html
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startModelServer, type ModelServer } from '../../../bedrock/index.js';
import type { DataSourceServices } from '../../types.js';
import { createResolverEngine, type LocalResolverEngine } from '../index.js';
import { apiWith, invocationOf, offlineServices, unit } from '../test-support/api-fixture.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const MODEL_ID = 'amazon.nova-lite-v1:0';

describe('Bedrock Runtime data source', () => {
  let server: ModelServer;
  let services: DataSourceServices;
  const engines: LocalResolverEngine[] = [];

  beforeAll(async () => {
    server = await startModelServer({ tokensPerSecond: 0 });
    services = { ...offlineServices, bedrock: { endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local-secret' } } };
  });
  afterEach(() => {
    engines.splice(0).forEach((engine) => engine.close());
    server.faults.clear();
  });
  afterAll(async () => server.close());

  const engineWith = (code: string, withServices: DataSourceServices = services) => {
    const engine = createResolverEngine(
      apiWith({ dataSources: [{ name: 'model', type: 'AMAZON_BEDROCK_RUNTIME' }], resolvers: [unit('Query', 'ask', code, 'model')] }),
      withServices,
      { log: () => undefined },
    );
    engines.push(engine);
    return engine;
  };

  const converseResolver = `
import { converse } from '@aws-appsync/utils/ai';
export function request(ctx) {
  return converse({
    modelId: '${MODEL_ID}',
    system: [{ text: 'Answer briefly.' }],
    messages: [{ role: 'user', content: [{ text: ctx.args.question + ' [[tokens=5]]' }] }],
    inferenceConfig: { maxTokens: 50 },
  });
}
export function response(ctx) {
  if (ctx.error) return util.error(ctx.error.message, ctx.error.type);
  return { text: ctx.result.output.message.content.map((c) => c.text).join(''), stopReason: ctx.result.stopReason, usage: ctx.result.usage };
}`;

  it('Converse: ctx.result is the Converse response (output.message, stopReason, usage)', async () => {
    const result = await engineWith(converseResolver).resolveField(invocationOf('Query', 'ask', { question: 'Why is the sky blue?' }));
    expect(result.errors).toEqual([]);
    const data = result.data as { text: string; stopReason: string; usage: { outputTokens: number } };
    expect(data.text).toMatch(/^You said "Why is the/);
    expect(data.stopReason).toBe('end_turn');
    expect(data.usage.outputTokens).toBe(5);
    expect(server.stats.snapshot().requests.byOperation).toEqual({ converse: 1 });
  });

  it('InvokeModel: ctx.result is the model\'s JSON response body', async () => {
    const engine = engineWith(`
import { invokeModel } from '@aws-appsync/utils/ai';
export function request(ctx) {
  return invokeModel({
    modelId: '${MODEL_ID}',
    body: { messages: [{ role: 'user', content: [{ text: 'Hello there [[tokens=3]]' }] }], inferenceConfig: { maxTokens: 20 } },
  });
}
export function response(ctx) { return ctx.result; }`);
    const result = await engine.resolveField(invocationOf('Query', 'ask'));
    expect(result.errors).toEqual([]);
    expect(result.data).toMatchObject({ output: { message: { role: 'assistant', content: [{ text: expect.stringMatching(/^You said "Hello/) }] } }, usage: { outputTokens: 3 } });
  });

  it('a model error reaches the response handler as ctx.error with a Bedrock: type', async () => {
    server.faults.throttle(1);
    const result = await engineWith(converseResolver).resolveField(invocationOf('Query', 'ask', { question: 'Hi' }));
    expect(result.data).toBeNull();
    expect(result.errors).toEqual([expect.objectContaining({ errorType: 'Bedrock:ThrottlingException' })]);
  });

  it('refuses operations the data source does not have (streaming is not supported by AppSync)', async () => {
    const result = await engineWith(`
export function request(ctx) { return { operation: 'ConverseStream', modelId: '${MODEL_ID}', messages: [] }; }
export function response(ctx) { return ctx.result; }`).resolveField(invocationOf('Query', 'ask'));
    expect(result.errors).toEqual([expect.objectContaining({ errorType: 'MappingTemplate', message: expect.stringContaining("Unsupported operation 'ConverseStream'") })]);
  });

  it('without a configured endpoint the call fails with a clear ctx.error', async () => {
    const result = await engineWith(converseResolver, offlineServices).resolveField(invocationOf('Query', 'ask', { question: 'Hi' }));
    expect(result.errors).toEqual([expect.objectContaining({ errorType: 'Bedrock:EndpointNotConfigured' })]);
  });
});
