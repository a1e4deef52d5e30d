// The two shapes job-events receives (README "Workflow jobs"): the state machines' own events
// (synchronous lambda:invoke) and EventBridge's "Step Functions Execution Status Change" (async).
// Parsing is lenient where a state machine naturally produces another shape (a Catch's
// { Error, Cause }, usage with extra fields, cached: null) and strict about ids and types.
import { InvalidEventError } from '../shared/errors.js';
import type { JobStepStatus, Usage } from './job.js';

export interface EventError {
  errorType: string;
  message: string;
}

export type JobEvent =
  | { type: 'STARTED'; jobId: string }
  | { type: 'STEP'; jobId: string; step: string; status: JobStepStatus; cached?: boolean; usage?: Usage }
  | { type: 'PROGRESS'; jobId: string; outcome: 'SUCCEEDED' | 'FAILED'; total: number }
  | { type: 'SUCCEEDED'; jobId: string; result: unknown }
  | { type: 'FAILED'; jobId: string; step?: string; error: EventError }
  /** The execution ended outside the state machine's own events (EventBridge). */
  | { type: 'EXECUTION_ENDED'; jobId: string; status: 'FAILED' | 'CANCELLED'; error?: EventError };

export type ParsedEvent = { kind: 'job'; event: JobEvent } | { kind: 'ignored'; reason: string };

const MAX_MESSAGE_CHARS = 1000;
const MAX_NAME_CHARS = 128;
const ID_PATTERN = /^[A-Za-z0-9_-]{1,80}$/;
const STEP_STATUSES: readonly JobStepStatus[] = ['RUNNING', 'SUCCEEDED', 'FAILED'];

type Fields = Record<string, unknown>;

function asObject(value: unknown, what: string): Fields {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new InvalidEventError(`${what} must be an object`);
  return value as Fields;
}

function jobIdOf(value: unknown): string {
  if (typeof value !== 'string' || !ID_PATTERN.test(value)) throw new InvalidEventError('jobId must be 1-80 of [A-Za-z0-9_-]');
  return value;
}

function name(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_NAME_CHARS) {
    throw new InvalidEventError(`${what} must be a non-empty string of at most ${MAX_NAME_CHARS} characters`);
  }
  return value;
}

function count(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw new InvalidEventError(`${what} must be a non-negative integer`);
  return value;
}

function optionalUsage(value: unknown): Usage | undefined {
  if (value === undefined || value === null) return undefined;
  const usage = asObject(value, 'usage');
  return { inputTokens: count(usage.inputTokens, 'usage.inputTokens'), outputTokens: count(usage.outputTokens, 'usage.outputTokens') };
}

/** A Lambda failure's Cause is JSON ({ errorMessage, ... }): keep the message, never a stack. */
export function describeCause(cause: unknown): string {
  if (typeof cause !== 'string') return '';
  let message = cause;
  try {
    const parsed = JSON.parse(cause) as unknown;
    if (parsed && typeof parsed === 'object' && typeof (parsed as Fields).errorMessage === 'string') {
      message = (parsed as Fields).errorMessage as string;
    }
  } catch {
    // Not JSON: the cause is the message.
  }
  return message.length > MAX_MESSAGE_CHARS ? `${message.slice(0, MAX_MESSAGE_CHARS - 1)}…` : message;
}

/** { errorType, message } or a Catch's { Error, Cause }. */
function eventError(value: unknown): EventError {
  const error = asObject(value, 'error');
  const errorType = error.errorType ?? error.Error;
  return { errorType: name(errorType, 'error.errorType'), message: describeCause(error.message ?? error.Cause) };
}

function stateMachineEvent(fields: Fields): JobEvent {
  const jobId = jobIdOf(fields.jobId);
  switch (fields.type) {
    case 'STARTED':
      return { type: 'STARTED', jobId };
    case 'STEP': {
      if (!STEP_STATUSES.includes(fields.status as JobStepStatus)) throw new InvalidEventError('status must be RUNNING, SUCCEEDED or FAILED');
      if (fields.cached !== undefined && fields.cached !== null && typeof fields.cached !== 'boolean') throw new InvalidEventError('cached must be a boolean');
      const usage = optionalUsage(fields.usage);
      return {
        type: 'STEP',
        jobId,
        step: name(fields.step, 'step'),
        status: fields.status as JobStepStatus,
        ...(typeof fields.cached === 'boolean' ? { cached: fields.cached } : {}),
        ...(usage ? { usage } : {}),
      };
    }
    case 'PROGRESS':
      if (fields.outcome !== 'SUCCEEDED' && fields.outcome !== 'FAILED') throw new InvalidEventError('outcome must be SUCCEEDED or FAILED');
      return { type: 'PROGRESS', jobId, outcome: fields.outcome, total: count(fields.total, 'total') };
    case 'SUCCEEDED':
      if (!('result' in fields) || fields.result === undefined) throw new InvalidEventError('result is required');
      return { type: 'SUCCEEDED', jobId, result: fields.result };
    case 'FAILED': {
      const step = fields.step === undefined || fields.step === null ? undefined : name(fields.step, 'step');
      return { type: 'FAILED', jobId, ...(step ? { step } : {}), error: eventError(fields.error) };
    }
    default:
      throw new InvalidEventError('type must be STARTED, STEP, PROGRESS, SUCCEEDED or FAILED');
  }
}

const STATUS_CHANGE = 'Step Functions Execution Status Change';

function executionStatusChange(fields: Fields): ParsedEvent {
  const detail = asObject(fields.detail, 'detail');
  const jobId = jobIdOf(detail.name);
  switch (detail.status) {
    case 'ABORTED':
      return { kind: 'job', event: { type: 'EXECUTION_ENDED', jobId, status: 'CANCELLED' } };
    case 'TIMED_OUT':
      return {
        kind: 'job',
        event: { type: 'EXECUTION_ENDED', jobId, status: 'FAILED', error: { errorType: 'States.Timeout', message: describeCause(detail.cause) || 'The execution timed out' } },
      };
    case 'FAILED': {
      const errorType = typeof detail.error === 'string' && detail.error ? detail.error : 'States.Runtime';
      return {
        kind: 'job',
        event: { type: 'EXECUTION_ENDED', jobId, status: 'FAILED', error: { errorType, message: describeCause(detail.cause) || 'The execution failed' } },
      };
    }
    default:
      return { kind: 'ignored', reason: `execution status ${String(detail.status)}` };
  }
}

export function parseJobEvent(payload: unknown): ParsedEvent {
  const fields = asObject(payload, 'event');
  if (fields.source === 'aws.states' && fields['detail-type'] === STATUS_CHANGE) return executionStatusChange(fields);
  if ('detail-type' in fields) return { kind: 'ignored', reason: `detail-type ${String(fields['detail-type'])}` };
  return { kind: 'job', event: stateMachineEvent(fields) };
}
