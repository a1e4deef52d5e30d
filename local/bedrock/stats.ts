// Request counters and a bounded record of recent streams, for tests and benchmarks.
import { performance } from 'node:perf_hooks';

/** Epoch milliseconds with sub-millisecond precision, comparable across processes on one machine. */
export function preciseNow(): number {
  return performance.timeOrigin + performance.now();
}

export type Operation = 'converse' | 'converse-stream' | 'invoke' | 'invoke-with-response-stream';

export interface StreamRecord {
  id: number;
  operation: Operation;
  modelId: string;
  /** Image blocks the request carried (all turns). */
  imageCount: number;
  /** When the request arrived (epoch ms). */
  startedAt: number;
  /** When each token's frame was written (epoch ms), in order. */
  tokenTimes: number[];
  finishedAt?: number;
  outcome: 'streaming' | 'complete' | 'failed' | 'aborted';
  stopReason?: string;
  /** The exception frame's type when outcome is failed. */
  exceptionType?: string;
}

export interface StatsSnapshot {
  requests: {
    total: number;
    byOperation: Record<string, number>;
    byModel: Record<string, number>;
    /** "<operation> <modelId>" -> count. */
    byOperationAndModel: Record<string, number>;
  };
  /** Image blocks that reached the model, over all requests (a rejected request's do not count). */
  images: number;
  /** Requests answered with an HTTP error, by error type (injected or validation). */
  errors: Record<string, number>;
  /** Streams broken by an injected exception frame, by exception type. */
  streamExceptions: Record<string, number>;
  /** Most recent last. */
  streams: StreamRecord[];
}

export class ModelServerStats {
  private requests = { total: 0, byOperation: {} as Record<string, number>, byModel: {} as Record<string, number>, byOperationAndModel: {} as Record<string, number> };
  private images = 0;
  private errors: Record<string, number> = {};
  private streamExceptions: Record<string, number> = {};
  private streams: StreamRecord[] = [];
  private nextStreamId = 1;

  constructor(private readonly maxRecordedStreams: number) {}

  countRequest(operation: Operation, modelId: string): void {
    this.requests.total += 1;
    increment(this.requests.byOperation, operation);
    increment(this.requests.byModel, modelId);
    increment(this.requests.byOperationAndModel, `${operation} ${modelId}`);
  }

  countImages(count: number): void {
    this.images += count;
  }

  countError(errorType: string): void {
    increment(this.errors, errorType);
  }

  countStreamException(exceptionType: string): void {
    increment(this.streamExceptions, exceptionType);
  }

  /** Starts a stream record; the caller fills it in as tokens go out. */
  startStream(operation: Operation, modelId: string, startedAt: number, imageCount: number): StreamRecord {
    const record: StreamRecord = { id: this.nextStreamId++, operation, modelId, imageCount, startedAt, tokenTimes: [], outcome: 'streaming' };
    this.streams.push(record);
    if (this.streams.length > this.maxRecordedStreams) this.streams.splice(0, this.streams.length - this.maxRecordedStreams);
    return record;
  }

  snapshot(): StatsSnapshot {
    return structuredClone({ requests: this.requests, images: this.images, errors: this.errors, streamExceptions: this.streamExceptions, streams: this.streams });
  }

  reset(): void {
    this.requests = { total: 0, byOperation: {}, byModel: {}, byOperationAndModel: {} };
    this.images = 0;
    this.errors = {};
    this.streamExceptions = {};
    this.streams = [];
  }
}

function increment(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}
