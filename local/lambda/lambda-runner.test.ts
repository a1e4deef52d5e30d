import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLambdaRunner, FunctionNotFoundError, type LambdaFunctionConfig, type LambdaRunner } from './index.js';

// A handler that does what the event asks, so one fixture covers every case.
const handlerSource = `
import { appendFileSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
let invocationsInThisWorker = 0;
class OrderRejected extends Error { name = 'OrderRejected'; }
export const handler = async (event, context) => {
  invocationsInThisWorker += 1;
  if (event.log) console.log(event.log);
  if (event.setEnv) process.env.LEAKED = event.setEnv;
  if (event.sleepMs) await sleep(event.sleepMs);
  if (event.appendTo) appendFileSync(event.appendTo, 'attempt\\n');
  if (event.writeTo) writeFileSync(event.writeTo, 'done');
  if (event.fail) throw new OrderRejected(event.fail);
  if (event.reject) { Promise.reject(new Error('nobody waits for me')); await sleep(50); }
  return {
    echo: event.echo,
    invocationsInThisWorker,
    env: { own: process.env.OWN_SETTING, leaked: process.env.LEAKED, name: process.env.AWS_LAMBDA_FUNCTION_NAME, region: process.env.AWS_REGION, shared: process.env.SHARED },
    context: {
      awsRequestId: context.awsRequestId,
      functionName: context.functionName,
      invokedFunctionArn: context.invokedFunctionArn,
      memoryLimitInMB: context.memoryLimitInMB,
      logGroupName: context.logGroupName,
      remaining: context.getRemainingTimeInMillis(),
      callbackWaitsForEmptyEventLoop: context.callbackWaitsForEmptyEventLoop,
    },
  };
};
`;

const versionedSource = (version: number) =>
  `import { setTimeout as sleep } from 'node:timers/promises';\nexport const handler = async (event) => { await sleep(event.sleepMs ?? 0); return { version: ${version} }; };\n`;

const callbackSource = `exports.handler = (event, context, callback) => { setTimeout(() => callback(null, { doubled: event.n * 2 }), 5); };\n`;

let root: string;
let runner: LambdaRunner;
const lines: string[] = [];

function fn(name: string, overrides: Partial<LambdaFunctionConfig> = {}): LambdaFunctionConfig {
  return { name, codeDirectory: join(root, 'fixture'), handler: 'index.handler', environment: {}, timeoutSeconds: 5, memorySizeMb: 256, ...overrides };
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'lambda-runner-'));
  mkdirSync(join(root, 'fixture'));
  writeFileSync(join(root, 'fixture', 'index.mjs'), handlerSource);
  for (const version of [1, 2]) {
    mkdirSync(join(root, `v${version}`));
    writeFileSync(join(root, `v${version}`, 'index.mjs'), versionedSource(version));
  }
  mkdirSync(join(root, 'callback'));
  writeFileSync(join(root, 'callback', 'main.js'), callbackSource);
  runner = createLambdaRunner({
    functions: [
      fn('OrdersFunction', { functionName: 'orders-fn', environment: { OWN_SETTING: 'orders' } }),
      fn('BillingFunction', { environment: { OWN_SETTING: 'billing', AWS_REGION: 'eu-west-1' } }),
      fn('SlowFunction', { timeoutSeconds: 1 }),
      fn('RetriedFunction', { maxEventRetries: 2 }),
      fn('CallbackFunction', { codeDirectory: join(root, 'callback'), handler: 'main.handler' }),
      fn('BrokenFunction', { handler: 'missing.handler' }),
      fn('SwappedFunction', { codeDirectory: join(root, 'v1') }),
    ],
    environment: { SHARED: 'from-runner' },
    log: (line) => lines.push(line),
    eventRetryDelayMs: 10,
  });
});

afterAll(async () => {
  await runner.close();
  rmSync(root, { recursive: true, force: true });
});

describe('createLambdaRunner', () => {
  it('returns the handler result with a Lambda-like context and environment, and forwards logs', async () => {
    const { payload, functionError } = await runner.invoke('OrdersFunction', { echo: { a: 1 }, log: 'hello from the handler' }, 'RequestResponse');
    expect(functionError).toBeUndefined();
    expect(payload).toMatchObject({
      echo: { a: 1 },
      env: { own: 'orders', name: 'orders-fn', region: 'us-east-1', shared: 'from-runner' },
      context: {
        functionName: 'orders-fn',
        invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:orders-fn',
        memoryLimitInMB: '256',
        logGroupName: '/aws/lambda/orders-fn',
        callbackWaitsForEmptyEventLoop: true,
      },
    });
    const { context } = payload as { context: { awsRequestId: string; remaining: number } };
    expect(context.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(context.remaining).toBeGreaterThan(4000);
    expect(context.remaining).toBeLessThanOrEqual(5000);
    await expect.poll(() => lines).toContain('[OrdersFunction] hello from the handler');
  });

  it('keeps each function environment to itself (and away from the parent)', async () => {
    await runner.invoke('OrdersFunction', { setEnv: 'by-orders' });
    const orders = (await runner.invoke('OrdersFunction', {})).payload as { env: Record<string, string | undefined> };
    const billing = (await runner.invoke('BillingFunction', {})).payload as { env: Record<string, string | undefined> };
    expect(orders.env.leaked).toBe('by-orders');
    expect(billing.env).toMatchObject({ own: 'billing', region: 'eu-west-1' });
    expect(billing.env.leaked).toBeUndefined();
    expect(process.env.LEAKED).toBeUndefined();
  });

  it('reuses a warm worker, scales out for concurrent calls, and reload() starts fresh workers', async () => {
    const count = async () => ((await runner.invoke('BillingFunction', {})).payload as { invocationsInThisWorker: number }).invocationsInThisWorker;
    const first = await count();
    expect(await count()).toBe(first + 1);
    const started = Date.now();
    await Promise.all([runner.invoke('BillingFunction', { sleepMs: 300 }), runner.invoke('BillingFunction', { sleepMs: 300 })]);
    expect(Date.now() - started).toBeLessThan(550);
    runner.reload();
    expect(await count()).toBe(1);
  });

  it('replaceCode() runs new invocations on the new bundle while a running one finishes on the old, and leaves other functions warm', async () => {
    const invocationsOfOrders = async () => ((await runner.invoke('OrdersFunction', {})).payload as { invocationsInThisWorker: number }).invocationsInThisWorker;
    const ordersBefore = await invocationsOfOrders();
    expect((await runner.invoke('SwappedFunction', {})).payload).toEqual({ version: 1 });
    // Accepted (handed to the warm worker) before the swap.
    const running = runner.invoke('SwappedFunction', { sleepMs: 300 });
    runner.replaceCode([{ name: 'SwappedFunction', codeDirectory: join(root, 'v2') }]);
    expect((await runner.invoke('SwappedFunction', {})).payload).toEqual({ version: 2 });
    expect((await running).payload).toEqual({ version: 1 });
    expect(await invocationsOfOrders()).toBe(ordersBefore + 1);
    expect(() => runner.replaceCode([{ name: 'NoSuchFunction', codeDirectory: join(root, 'v2') }])).toThrow(FunctionNotFoundError);
  });

  it('reports handler errors as Lambda does', async () => {
    const result = await runner.invoke('OrdersFunction', { fail: 'out of stock' });
    expect(result.functionError).toMatchObject({ errorType: 'OrderRejected', errorMessage: 'out of stock' });
    expect(result.functionError?.trace?.[0]).toContain('OrderRejected: out of stock');
    expect(result.payload).toEqual(result.functionError);
  });

  it('reports an unhandled rejection and replaces the worker', async () => {
    const result = await runner.invoke('OrdersFunction', { reject: true });
    expect(result.functionError).toMatchObject({ errorType: 'Runtime.UnhandledPromiseRejection' });
    expect((await runner.invoke('OrdersFunction', { echo: 'still alive' })).payload).toMatchObject({ echo: 'still alive' });
  });

  it('reports a missing handler module as Runtime.ImportModuleError', async () => {
    const result = await runner.invoke('BrokenFunction', {});
    expect(result.functionError?.errorType).toBe('Runtime.ImportModuleError');
  });

  it('supports callback-style handlers in CommonJS files', async () => {
    expect((await runner.invoke('CallbackFunction', { n: 21 })).payload).toEqual({ doubled: 42 });
  });

  it('kills a handler that outlives its timeout and reports it', async () => {
    const started = Date.now();
    const result = await runner.invoke('SlowFunction', { sleepMs: 10_000 });
    expect(Date.now() - started).toBeLessThan(2500);
    expect(result.functionError?.errorType).toBe('Sandbox.Timedout');
    expect(result.functionError?.errorMessage).toMatch(/Task timed out after 1\.00 seconds$/);
    expect((await runner.invoke('SlowFunction', { echo: 'next' })).payload).toMatchObject({ echo: 'next' });
  });

  it("resolves an 'Event' invocation at once and runs it in the background", async () => {
    const marker = join(root, 'event-done');
    const started = Date.now();
    const result = await runner.invoke('OrdersFunction', { sleepMs: 300, writeTo: marker }, 'Event');
    expect(Date.now() - started).toBeLessThan(150);
    expect(result).toEqual({ payload: null });
    expect(existsSync(marker)).toBe(false);
    await runner.whenIdle();
    expect(readFileSync(marker, 'utf8')).toBe('done');
  });

  it("retries a failing 'Event' invocation maxEventRetries times", async () => {
    const attempts = join(root, 'attempts');
    await runner.invoke('RetriedFunction', { appendTo: attempts, fail: 'try again' }, 'Event');
    await runner.whenIdle();
    expect(readFileSync(attempts, 'utf8').split('\n').filter(Boolean)).toHaveLength(3);
    expect(lines.filter((line) => line.startsWith('[RetriedFunction] async invocation'))).toHaveLength(3);
  });

  it('rejects an unknown function', async () => {
    await expect(runner.invoke('NoSuchFunction', {})).rejects.toBeInstanceOf(FunctionNotFoundError);
  });
});
