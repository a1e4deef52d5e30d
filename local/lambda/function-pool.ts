// The warm workers of one function: one invocation per worker at a time (like a Lambda execution
// environment), scaled out up to a limit, reused while warm.
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { exitError, LambdaRunnerClosedError, timeoutError, type FunctionErrorPayload } from './lambda-errors.js';

export interface LambdaFunctionConfig {
  /** Logical id: what callers invoke. */
  name: string;
  /** The physical name the function sees (AWS_LAMBDA_FUNCTION_NAME, context.functionName); defaults to `name`. */
  functionName?: string;
  /** Bundled code: a directory holding e.g. index.mjs. */
  codeDirectory: string;
  /** "<module>.<export>", e.g. "index.handler". */
  handler: string;
  environment: Record<string, string>;
  timeoutSeconds: number;
  memorySizeMb: number;
  /** Retries of a failed 'Event' invocation (default 2, as Lambda). */
  maxEventRetries?: number;
}

export interface InvocationResult {
  /** The handler's result (JSON round-tripped), or the error payload when functionError is set. */
  payload: unknown;
  functionError?: FunctionErrorPayload;
}

export interface PoolSettings {
  region: string;
  accountId: string;
  /** Environment shared by every function, under each function's own. */
  environment: Record<string, string>;
  maxConcurrency: number;
  log: (line: string) => void;
}

interface Job {
  requestId: string;
  payloadJson: string;
  resolve: (result: InvocationResult) => void;
  reject: (error: Error) => void;
  timer?: NodeJS.Timeout;
}

interface Slot {
  worker: Worker;
  job?: Job;
  /** Finish the current job, then stop (reload). */
  retiring: boolean;
  /** A fatal error the worker reported before exiting. */
  fatal?: FunctionErrorPayload;
}

type WorkerMessage =
  | { type: 'result'; requestId: string; ok: true; payloadJson: string }
  | { type: 'result'; requestId: string; ok: false; initFailed?: boolean; error: FunctionErrorPayload }
  | { type: 'fatal'; requestId: string; error: FunctionErrorPayload };

const bootstrapUrl = new URL('./worker-bootstrap.mjs', import.meta.url);

export class FunctionPool {
  private readonly slots = new Set<Slot>();
  private readonly idle: Slot[] = [];
  private readonly queue: Job[] = [];
  private closed = false;

  constructor(
    readonly config: LambdaFunctionConfig,
    private readonly settings: PoolSettings,
  ) {}

  get functionName(): string {
    return this.config.functionName ?? this.config.name;
  }

  get region(): string {
    return this.config.environment.AWS_REGION ?? this.settings.environment.AWS_REGION ?? this.settings.region;
  }

  get arn(): string {
    return `arn:aws:lambda:${this.region}:${this.settings.accountId}:function:${this.functionName}`;
  }

  invoke(payloadJson: string, requestId: string): Promise<InvocationResult> {
    if (this.closed) return Promise.reject(new LambdaRunnerClosedError());
    return new Promise<InvocationResult>((resolve, reject) => {
      this.queue.push({ requestId, payloadJson, resolve, reject });
      this.pump();
    });
  }

  /** No worker and nothing waiting: a retired pool in this state can be forgotten. */
  get drained(): boolean {
    return this.slots.size === 0 && this.queue.length === 0;
  }

  /** New invocations get fresh workers (re-importing the code); busy ones stop after their invocation. */
  retireAll(): void {
    for (const slot of this.idle.splice(0)) this.discard(slot);
    for (const slot of this.slots) slot.retiring = true;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new LambdaRunnerClosedError());
    const workers = [...this.slots].map((slot) => {
      if (slot.job) {
        clearTimeout(slot.job.timer);
        slot.job.reject(new LambdaRunnerClosedError());
        slot.job = undefined;
      }
      this.slots.delete(slot);
      return slot.worker.terminate();
    });
    this.idle.length = 0;
    await Promise.all(workers);
  }

  private pump(): void {
    while (this.queue.length > 0 && !this.closed) {
      const slot = this.idle.pop() ?? (this.slots.size < this.settings.maxConcurrency ? this.spawn() : undefined);
      if (!slot) return;
      this.start(slot, this.queue.shift()!);
    }
  }

  private start(slot: Slot, job: Job): void {
    const { timeoutSeconds, memorySizeMb } = this.config;
    const deadline = Date.now() + timeoutSeconds * 1000;
    slot.job = job;
    job.timer = setTimeout(() => {
      this.finish(slot, { payload: null, functionError: timeoutError(job.requestId, timeoutSeconds) });
      this.discard(slot);
    }, timeoutSeconds * 1000);
    slot.worker.postMessage({
      type: 'invoke',
      requestId: job.requestId,
      payloadJson: job.payloadJson,
      deadline,
      context: {
        functionName: this.functionName,
        functionVersion: '$LATEST',
        invokedFunctionArn: this.arn,
        memoryLimitInMB: String(memorySizeMb),
        logGroupName: `/aws/lambda/${this.functionName}`,
        logStreamName: slot.worker.threadId.toString(),
      },
    });
  }

  /** Settles the slot's job; the caller decides the worker's fate. */
  private finish(slot: Slot, result: InvocationResult): void {
    const job = slot.job;
    if (!job) return;
    clearTimeout(job.timer);
    slot.job = undefined;
    if (result.functionError) result.payload = result.functionError;
    job.resolve(result);
  }

  private release(slot: Slot): void {
    if (slot.retiring || this.closed) this.discard(slot);
    else this.idle.push(slot);
    this.pump();
  }

  private discard(slot: Slot): void {
    this.slots.delete(slot);
    const index = this.idle.indexOf(slot);
    if (index >= 0) this.idle.splice(index, 1);
    void slot.worker.terminate();
    this.pump();
  }

  private spawn(): Slot {
    const { name, codeDirectory, handler, memorySizeMb } = this.config;
    const worker = new Worker(bootstrapUrl, {
      name: `lambda:${name}`,
      workerData: { codeDirectory, handler },
      env: this.environment(),
      execArgv: [],
      stdout: true,
      stderr: true,
      resourceLimits: { maxOldGenerationSizeMb: Math.max(64, memorySizeMb) },
    });
    const slot: Slot = { worker, retiring: false };
    this.slots.add(slot);
    this.forwardLines(worker.stdout);
    this.forwardLines(worker.stderr);

    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'fatal') {
        slot.fatal = message.error;
        return;
      }
      if (slot.job?.requestId !== message.requestId) return;
      if (message.ok) {
        this.finish(slot, { payload: JSON.parse(message.payloadJson) as unknown });
        this.release(slot);
      } else {
        this.finish(slot, { payload: null, functionError: message.error });
        if (message.initFailed) this.discard(slot);
        else this.release(slot);
      }
    });
    worker.on('error', (error: Error & { code?: string }) => {
      slot.fatal ??=
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? { errorType: 'Runtime.OutOfMemory', errorMessage: `Runtime exited: out of memory (${memorySizeMb} MB)` }
          : { errorType: error.name, errorMessage: error.message, trace: (error.stack ?? '').split('\n') };
    });
    worker.on('exit', (exitCode) => {
      const requestId = slot.job?.requestId ?? '';
      this.finish(slot, { payload: null, functionError: slot.fatal ?? exitError(requestId, exitCode) });
      this.discard(slot);
    });
    return slot;
  }

  private environment(): Record<string, string> {
    const { functionName } = this;
    const date = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
    return {
      PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
      LANG: 'en_US.UTF-8',
      AWS_REGION: this.region,
      AWS_DEFAULT_REGION: this.region,
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
      AWS_LAMBDA_FUNCTION_NAME: functionName,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(this.config.memorySizeMb),
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${functionName}`,
      AWS_LAMBDA_LOG_STREAM_NAME: `${date}/[$LATEST]${randomBytes(16).toString('hex')}`,
      LAMBDA_TASK_ROOT: this.config.codeDirectory,
      _HANDLER: this.config.handler,
      // Lambda runs Node 22, where the SDK does not warn; the workers here may run on Node 20.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...this.settings.environment,
      ...this.config.environment,
    };
  }

  private forwardLines(stream: Readable): void {
    const lines = createInterface({ input: stream, crlfDelay: Infinity });
    lines.on('line', (line) => this.settings.log(`[${this.config.name}] ${line}`));
  }
}
