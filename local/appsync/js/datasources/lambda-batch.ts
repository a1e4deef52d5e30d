// Lambda BatchInvoke: the calls one resolver (or pipeline function) makes in the same
// execution tick (the same field of every item of a list) go to the function as ONE
// invocation whose payload is the list of their payloads, at most maxBatchSize per call;
// the function answers a list in the same order and each field gets its own entry.
// https://docs.aws.amazon.com/appsync/latest/devguide/resolver-reference-lambda-js.html (BatchInvoke)
// https://docs.aws.amazon.com/appsync/latest/devguide/tutorial-lambda-resolvers-js.html (batching;
// an entry may be { data, errorMessage, errorType } to fail one field only)
import type { DataSourceServices } from '../../types.js';
import { DataSourceError } from '../errors.js';

/**
 * Without a MaxBatchSize on the resolver, AppSync batched at most 5 calls (its fixed limit before
 * the setting existed: https://github.com/aws/aws-appsync-community/issues/51).
 */
export const DEFAULT_MAX_BATCH_SIZE = 5;

interface PendingCall {
  payload: unknown;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

interface PendingBatch {
  functionName: string;
  maxBatchSize: number;
  calls: PendingCall[];
}

export class LambdaBatcher {
  private readonly pending = new Map<string, PendingBatch>();

  constructor(private readonly services: Pick<DataSourceServices, 'invokeLambda'>) {}

  /** Queues one field's payload; `batchKey` names the resolver or function making the call. */
  add(batchKey: string, functionName: string, payload: unknown, maxBatchSize: number | undefined): Promise<unknown> {
    const key = `${batchKey}\u0000${functionName}`;
    let batch = this.pending.get(key);
    if (!batch) {
      batch = { functionName, maxBatchSize: maxBatchSize && maxBatchSize > 0 ? maxBatchSize : DEFAULT_MAX_BATCH_SIZE, calls: [] };
      this.pending.set(key, batch);
      // After the promise jobs of this tick: every sibling field has made its call by then.
      setImmediate(() => {
        this.pending.delete(key);
        void this.flush(batch as PendingBatch);
      });
    }
    return new Promise((resolve, reject) => batch.calls.push({ payload, resolve, reject }));
  }

  private async flush(batch: PendingBatch): Promise<void> {
    const chunks: PendingCall[][] = [];
    for (let start = 0; start < batch.calls.length; start += batch.maxBatchSize) chunks.push(batch.calls.slice(start, start + batch.maxBatchSize));
    await Promise.all(chunks.map((chunk) => this.invoke(batch.functionName, chunk)));
  }

  private async invoke(functionName: string, calls: PendingCall[]): Promise<void> {
    let entries: unknown[];
    try {
      entries = await this.invokeWithList(functionName, calls.map((call) => call.payload));
    } catch (error) {
      for (const call of calls) call.reject(error);
      return;
    }
    calls.forEach((call, index) => settle(call, entries[index]));
  }

  private async invokeWithList(functionName: string, payloads: unknown[]): Promise<unknown[]> {
    let response: Awaited<ReturnType<DataSourceServices['invokeLambda']>>;
    try {
      response = await this.services.invokeLambda(functionName, payloads, 'RequestResponse');
    } catch (error) {
      throw new DataSourceError((error as Error).message ?? String(error), 'Lambda:Unhandled', null, { cause: error });
    }
    if (response.functionError) throw new DataSourceError(response.functionError.errorMessage, 'Lambda:Unhandled');
    if (!Array.isArray(response.payload) || response.payload.length !== payloads.length) {
      throw new DataSourceError(
        `BatchInvoke: the function must return a list with one entry per payload (sent ${payloads.length}, got ${Array.isArray(response.payload) ? response.payload.length : typeof response.payload})`,
        'Lambda:Unhandled',
      );
    }
    return response.payload as unknown[];
  }
}

/** `{ data, errorMessage, errorType }` (and nothing else) is an entry that fails its own field. */
function settle(call: PendingCall, entry: unknown): void {
  if (isErrorEnvelope(entry)) {
    if (typeof entry.errorMessage === 'string') {
      call.reject(new DataSourceError(entry.errorMessage, typeof entry.errorType === 'string' ? entry.errorType : 'Lambda:Unhandled', entry.data ?? null));
    } else {
      call.resolve(entry.data ?? null);
    }
    return;
  }
  call.resolve(entry ?? null);
}

const ENVELOPE_KEYS = new Set(['data', 'errorMessage', 'errorType']);

function isErrorEnvelope(entry: unknown): entry is { data?: unknown; errorMessage?: unknown; errorType?: unknown } {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return false;
  const keys = Object.keys(entry);
  return keys.length > 0 && keys.every((key) => ENVELOPE_KEYS.has(key)) && ('errorMessage' in entry || 'errorType' in entry);
}
