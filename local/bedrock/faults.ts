// Fault injection, changed at run time by tests and benchmarks (directly or through the admin routes).
import { validationError, type HttpErrorType, type StreamExceptionType } from './errors.js';

export interface RejectFault {
  /** Requests still to reject. */
  remaining: number;
  errorType: HttpErrorType;
  /** Only requests whose last user message contains this text. */
  marker?: string;
}

export interface MidStreamFault {
  remaining: number;
  /** Tokens sent before the exception frame. */
  afterTokens: number;
  exceptionType: StreamExceptionType;
  marker?: string;
}

export interface InvalidToolOutputFault {
  remaining: number;
  marker?: string;
}

export interface FaultState {
  rejects: RejectFault[];
  midStream: MidStreamFault[];
  /** Tool-use answers whose input misses a required field. */
  invalidToolOutput: InvalidToolOutputFault[];
  /** Extra delay before every response starts. */
  latencyMs: number;
}

export interface FaultOptions {
  marker?: string;
}

export class FaultController {
  private state: FaultState = emptyState();

  /** Answer the next `count` matching requests (any operation) with ThrottlingException (HTTP 429). */
  throttle(count: number, options: FaultOptions = {}): void {
    this.reject(count, 'ThrottlingException', options);
  }

  /** Answer the next `count` matching requests with the given modelled error before anything is streamed. */
  reject(count: number, errorType: HttpErrorType, options: FaultOptions = {}): void {
    this.state.rejects.push({ remaining: positive(count, 'count'), errorType, ...markerOf(options) });
  }

  /** Break the next `count` matching streams after `afterTokens` tokens with an exception frame. */
  failMidStream(
    count: number,
    afterTokens: number,
    options: FaultOptions & { exceptionType?: StreamExceptionType } = {},
  ): void {
    if (!Number.isInteger(afterTokens) || afterTokens < 0) throw validationError('afterTokens: expected an integer >= 0');
    this.state.midStream.push({
      remaining: positive(count, 'count'),
      afterTokens,
      exceptionType: options.exceptionType ?? 'modelStreamErrorException',
      ...markerOf(options),
    });
  }

  /**
   * Make the next `count` matching tool-use answers invalid: the input misses its first required field
   * (or, with none required, has a property of the wrong type). Requests answered in text do not consume it.
   */
  invalidToolOutput(count: number, options: FaultOptions = {}): void {
    this.state.invalidToolOutput.push({ remaining: positive(count, 'count'), ...markerOf(options) });
  }

  setLatency(latencyMs: number): void {
    if (!Number.isFinite(latencyMs) || latencyMs < 0) throw validationError('latencyMs: expected a number >= 0');
    this.state.latencyMs = latencyMs;
  }

  clear(): void {
    this.state = emptyState();
  }

  snapshot(): FaultState {
    return structuredClone(this.state);
  }

  /** Consumes one matching reject fault, if any. */
  takeReject(lastUserText: string): RejectFault | undefined {
    return take(this.state.rejects, lastUserText);
  }

  /** Consumes one matching mid-stream fault, if any (streaming operations only). */
  takeMidStream(lastUserText: string): MidStreamFault | undefined {
    return take(this.state.midStream, lastUserText);
  }

  /** Consumes one matching invalid-tool-output fault, if any (call only for tool-use answers). */
  takeInvalidToolOutput(lastUserText: string): InvalidToolOutputFault | undefined {
    return take(this.state.invalidToolOutput, lastUserText);
  }

  get latencyMs(): number {
    return this.state.latencyMs;
  }
}

function emptyState(): FaultState {
  return { rejects: [], midStream: [], invalidToolOutput: [], latencyMs: 0 };
}

function take<T extends { remaining: number; marker?: string }>(faults: T[], text: string): T | undefined {
  const index = faults.findIndex((fault) => fault.marker === undefined || text.includes(fault.marker));
  const fault = faults[index];
  if (!fault) return undefined;
  fault.remaining -= 1;
  if (fault.remaining <= 0) faults.splice(index, 1);
  return { ...fault };
}

function positive(count: number, name: string): number {
  if (!Number.isInteger(count) || count < 1) throw validationError(`${name}: expected an integer >= 1`);
  return count;
}

function markerOf(options: FaultOptions): { marker?: string } {
  return options.marker === undefined || options.marker === '' ? {} : { marker: options.marker };
}
