// Lambda BatchInvoke: the calls one resolver (or pipeline function) makes in the same
// execution tick (the same field of every item of a list) go to the function as ONE
// invocation whose payload is the list of their payloads, at most maxBatchSize per call;
// the function answers a list in the same order and each field's ctx.result is its own entry,
// as returned: a `{ data, errorMessage, errorType }` entry is for the response handler to turn
// into an error (util.appendError), AppSync does not unwrap it.
// https://docs.aws.amazon.com/appsync/latest/devguide/resolver-reference-lambda-js.html (BatchInvoke)
// https://docs.aws.amazon.com/appsync/latest/devguide/tutorial-lambda-resolvers-js.html (batching,
// "Returning individual errors")
import type { DataSourceServices } from '../../types.js';
import { DataSourceError } from '../errors.js';
import { invokeOrFail } from './lambda.js';

/**
 * Without a MaxBatchSize on the resolver, AppSync batched at most 5 calls (its fixed limit before
 * the setting existed: https://github.com/aws/aws-appsync-community/issues/51).
 */
export const DEFAULT_MAX_BATCH_SIZE = 5;

export type InvocationType = 'RequestResponse' | 'Event';

interface PendingCall {
  payload: unknown;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

interface PendingBatch {
  functionName: string;
  invocationType: InvocationType;
  maxBatchSize: number;
  calls: PendingCall[];
}

export interface BatchCall {
  /** Names the resolver or pipeline function making the call: only its own calls share a batch. */
  batchKey: string;
  functionName: string;
  payload: unknown;
  invocationType: InvocationType;
  maxBatchSize: number | undefined;
}

export class LambdaBatcher {
  private readonly pending = new Map<string, PendingBatch>();

  constructor(private readonly services: Pick<DataSourceServices, 'invokeLambda'>) {}

  /** Queues one field's payload; resolves with its entry of the function's list (null for 'Event'). */
  add(call: BatchCall): Promise<unknown> {
    const key = `${call.batchKey}\u0000${call.functionName}\u0000${call.invocationType}`;
    let batch = this.pending.get(key);
    if (!batch) {
      const maxBatchSize = call.maxBatchSize && call.maxBatchSize > 0 ? call.maxBatchSize : DEFAULT_MAX_BATCH_SIZE;
      const created: PendingBatch = { functionName: call.functionName, invocationType: call.invocationType, maxBatchSize, calls: [] };
      this.pending.set(key, created);
      // After the promise jobs of this tick: every sibling field has made its call by then.
      setImmediate(() => {
        this.pending.delete(key);
        void this.flush(created);
      });
      batch = created;
    }
    const pending = batch;
    return new Promise((resolve, reject) => pending.calls.push({ payload: call.payload, resolve, reject }));
  }

  private async flush(batch: PendingBatch): Promise<void> {
    const chunks: PendingCall[][] = [];
    for (let start = 0; start < batch.calls.length; start += batch.maxBatchSize) chunks.push(batch.calls.slice(start, start + batch.maxBatchSize));
    await Promise.all(chunks.map((chunk) => this.invoke(batch, chunk)));
  }

  private async invoke(batch: PendingBatch, calls: PendingCall[]): Promise<void> {
    let entries: unknown[];
    try {
      entries = await this.invokeWithList(batch, calls.map((call) => call.payload));
    } catch (error) {
      for (const call of calls) call.reject(error);
      return;
    }
    // "It's valid to have null items in the response list; ctx.result is set to null accordingly."
    calls.forEach((call, index) => call.resolve(entries[index] ?? null));
  }

  private async invokeWithList(batch: PendingBatch, payloads: unknown[]): Promise<unknown[]> {
    // A function error fails the whole batch ("raising an error from the Lambda function flags an entire batch as failed").
    const response = await invokeOrFail(this.services, batch.functionName, payloads, batch.invocationType);
    // An asynchronous batch: every field resolves to null, as an 'Event' Invoke does.
    if (batch.invocationType === 'Event') return payloads.map(() => null);
    if (!Array.isArray(response) || response.length !== payloads.length) {
      throw new DataSourceError(
        `BatchInvoke: the function must return a list with one entry per payload (sent ${payloads.length}, got ${Array.isArray(response) ? response.length : typeof response})`,
        'Lambda:Unhandled',
      );
    }
    return response as unknown[];
  }
}
