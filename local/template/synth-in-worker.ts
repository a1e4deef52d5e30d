// Synthesizes the CDK app in a worker thread: a hot reload's synth (~0.7 s of CPU) then no longer
// stops the sandbox's event loop, so requests and subscriptions keep flowing while it runs. The
// worker stays up between synths, with the app's modules loaded, as the main thread's would.
import { Worker } from 'node:worker_threads';
import type { SourceDirs } from '../../infra/app.js';
import type { SynthesizedStack } from './synth.js';
import type { SynthAnswer, SynthRequest } from './synth-worker.js';

/** A synth that failed in the worker: the original error's name and message. */
export class SynthFailedError extends Error {
  override readonly name: string;
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

interface Pending {
  resolve(result: SynthesizedStack): void;
  reject(error: Error): void;
}

export class SynthWorker {
  private worker: Worker | undefined;
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();

  /** Starts the worker and loads the app's modules ahead of the first synth. */
  warmUp(): void {
    this.worker ??= this.start();
  }

  synthesize(outdir: string, context: Record<string, unknown>, sourceDirs?: SourceDirs): Promise<SynthesizedStack> {
    const worker = (this.worker ??= this.start());
    const id = this.nextId++;
    const request: SynthRequest = { id, outdir, context, ...(sourceDirs ? { sourceDirs } : {}) };
    return new Promise<SynthesizedStack>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage(request);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private start(): Worker {
    const worker = new Worker(new URL('./synth-worker-entry.mjs', import.meta.url));
    // The sandbox's servers keep the process alive; an idle worker must not.
    worker.unref();
    worker.on('message', (answer: SynthAnswer) => {
      const waiting = this.pending.get(answer.id);
      this.pending.delete(answer.id);
      if ('result' in answer) waiting?.resolve(answer.result);
      else waiting?.reject(new SynthFailedError(answer.error.name, answer.error.message));
    });
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the synth worker exited (code ${code})`)));
    return worker;
  }
}
