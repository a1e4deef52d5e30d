// Runs bundled Lambda functions (CDK NodejsFunction output) in worker threads, sync or async.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { FunctionPool, type InvocationResult, type LambdaFunctionConfig } from './function-pool.js';
import { FunctionNotFoundError, LambdaRunnerClosedError } from './lambda-errors.js';

export type InvocationType = 'RequestResponse' | 'Event';

export interface LambdaRunnerOptions {
  functions: LambdaFunctionConfig[];
  /** Worker stdout/stderr lines (prefixed "[name] ") and async-invocation failures. */
  log?: (line: string) => void;
  /** Environment for every function, under each function's own `environment`. */
  environment?: Record<string, string>;
  /** When neither environment sets AWS_REGION (default us-east-1). */
  region?: string;
  /** For invokedFunctionArn (default 000000000000). */
  accountId?: string;
  /** Concurrent executions per function (default 10); more invocations wait in line. */
  maxConcurrency?: number;
  /** Delay before the first retry of a failed 'Event' invocation, doubled per retry (default 200 ms). */
  eventRetryDelayMs?: number;
}

export interface LambdaRunner {
  /**
   * Invokes by logical id (or physical name, or ARN). 'Event' resolves with `{ payload: null }` once
   * queued, runs in the background and retries failures `maxEventRetries` times.
   */
  invoke(name: string, payload: unknown, invocationType?: InvocationType): Promise<InvocationResult>;
  /** Resolves when no 'Event' invocation (or retry) is pending. */
  whenIdle(): Promise<void>;
  /** Fresh workers from now on (re-importing the code); optionally with new function definitions. */
  reload(functions?: LambdaFunctionConfig[]): void;
  /**
   * Points functions at new bundles (hot reload): invocations from now on run the new code, those
   * already accepted finish on the old; the other functions keep their warm workers.
   */
  replaceCode(updates: ReadonlyArray<{ name: string; codeDirectory: string }>): void;
  close(): Promise<void>;
}

export function createLambdaRunner(options: LambdaRunnerOptions): LambdaRunner {
  const log = options.log ?? ((line: string) => console.log(line));
  const settings = {
    region: options.region ?? 'us-east-1',
    accountId: options.accountId ?? '000000000000',
    environment: options.environment ?? {},
    maxConcurrency: options.maxConcurrency ?? 10,
    log,
  };
  const retryDelayMs = options.eventRetryDelayMs ?? 200;
  let pools = new Map<string, FunctionPool>();
  /** Replaced by reload() or replaceCode(); their busy workers finish first. */
  let retiredPools: FunctionPool[] = [];
  const retire = (pool: FunctionPool) => {
    pool.retireAll();
    retiredPools = retiredPools.filter((retired) => !retired.drained);
    if (!pool.drained) retiredPools.push(pool);
  };
  const pending = new Set<Promise<void>>();
  let closed = false;

  const createPools = (functions: LambdaFunctionConfig[]) =>
    new Map(functions.map((config) => [config.name, new FunctionPool(config, settings)]));
  pools = createPools(options.functions);

  function find(name: string): FunctionPool {
    const byName = pools.get(name);
    if (byName) return byName;
    for (const pool of pools.values()) if (pool.functionName === name || pool.arn === name) return pool;
    throw new FunctionNotFoundError(name);
  }

  async function runEvent(pool: FunctionPool, payloadJson: string, requestId: string): Promise<void> {
    const attempts = 1 + (pool.config.maxEventRetries ?? 2);
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      const result = await pool.invoke(payloadJson, requestId);
      if (!result.functionError) return;
      const { errorType } = result.functionError;
      log(`[${pool.config.name}] async invocation ${requestId} failed (attempt ${attempt} of ${attempts}): ${errorType}`);
      if (attempt < attempts) await sleep(retryDelayMs * 2 ** (attempt - 1));
      if (closed) return;
    }
  }

  return {
    async invoke(name, payload, invocationType = 'RequestResponse') {
      if (closed) throw new LambdaRunnerClosedError();
      const pool = find(name);
      const payloadJson = JSON.stringify(payload ?? null);
      const requestId = randomUUID();
      if (invocationType === 'RequestResponse') return pool.invoke(payloadJson, requestId);
      const run = runEvent(pool, payloadJson, requestId).catch((error: unknown) => {
        if (!(error instanceof LambdaRunnerClosedError)) log(`[${pool.config.name}] async invocation ${requestId} crashed: ${String(error)}`);
      });
      pending.add(run);
      void run.finally(() => pending.delete(run));
      return { payload: null };
    },

    async whenIdle() {
      while (pending.size > 0) await Promise.all([...pending]);
    },

    reload(functions) {
      if (!functions) {
        for (const pool of pools.values()) pool.retireAll();
        return;
      }
      const previous = pools;
      pools = createPools(functions);
      for (const pool of previous.values()) retire(pool);
    },

    replaceCode(updates) {
      const next = new Map(pools);
      const replaced: FunctionPool[] = [];
      for (const { name, codeDirectory } of updates) {
        const previous = pools.get(name);
        if (!previous) throw new FunctionNotFoundError(name);
        next.set(name, new FunctionPool({ ...previous.config, codeDirectory }, settings));
        replaced.push(previous);
      }
      pools = next;
      for (const pool of replaced) retire(pool);
    },

    async close() {
      closed = true;
      await Promise.all([...pools.values(), ...retiredPools].map((pool) => pool.close()));
      await Promise.all([...pending]);
    },
  };
}
