import { describe, expect, it } from 'vitest';
import { InvalidEventError } from '../shared/errors.js';
import { describeCause, parseJobEvent } from './event.js';

const statusChange = (status: string, extra: Record<string, unknown> = {}) => ({
  version: '0',
  id: 'e1',
  'detail-type': 'Step Functions Execution Status Change',
  source: 'aws.states',
  account: '123456789012',
  time: '2026-01-01T00:00:00Z',
  region: 'us-east-1',
  resources: ['arn:aws:states:us-east-1:123456789012:execution:DocumentAnalysis:J1'],
  detail: { executionArn: 'arn:aws:states:us-east-1:123456789012:execution:DocumentAnalysis:J1', name: 'J1', status, ...extra },
});

describe('parseJobEvent', () => {
  it('reads the state machine events', () => {
    expect(parseJobEvent({ type: 'STARTED', jobId: 'J1' })).toEqual({ kind: 'job', event: { type: 'STARTED', jobId: 'J1' } });
    expect(parseJobEvent({ type: 'STEP', jobId: 'J1', step: 'analyze', status: 'SUCCEEDED', cached: null, usage: { inputTokens: 1, outputTokens: 2, totalTokens: 3 } })).toEqual({
      kind: 'job',
      event: { type: 'STEP', jobId: 'J1', step: 'analyze', status: 'SUCCEEDED', usage: { inputTokens: 1, outputTokens: 2 } },
    });
    expect(parseJobEvent({ type: 'PROGRESS', jobId: 'J1', outcome: 'FAILED', total: 3 })).toMatchObject({ event: { outcome: 'FAILED', total: 3 } });
    expect(parseJobEvent({ type: 'SUCCEEDED', jobId: 'J1', result: { a: [1] } })).toMatchObject({ event: { result: { a: [1] } } });
  });

  it('reads FAILED as { errorType, message } or a Catch output { Error, Cause }', () => {
    expect(parseJobEvent({ type: 'FAILED', jobId: 'J1', step: 'analyze', error: { errorType: 'Bedrock.ThrottlingException', message: 'slow' } })).toEqual({
      kind: 'job',
      event: { type: 'FAILED', jobId: 'J1', step: 'analyze', error: { errorType: 'Bedrock.ThrottlingException', message: 'slow' } },
    });
    const cause = JSON.stringify({ errorType: 'DocumentError', errorMessage: 'The PDF has no text', trace: ['at x'] });
    expect(parseJobEvent({ type: 'FAILED', jobId: 'J1', error: { Error: 'DocumentError', Cause: cause } })).toEqual({
      kind: 'job',
      event: { type: 'FAILED', jobId: 'J1', error: { errorType: 'DocumentError', message: 'The PDF has no text' } },
    });
  });

  it('maps EventBridge status changes: ABORTED -> CANCELLED, TIMED_OUT and FAILED -> FAILED; others ignored', () => {
    expect(parseJobEvent(statusChange('ABORTED'))).toEqual({ kind: 'job', event: { type: 'EXECUTION_ENDED', jobId: 'J1', status: 'CANCELLED' } });
    expect(parseJobEvent(statusChange('TIMED_OUT'))).toMatchObject({ event: { status: 'FAILED', error: { errorType: 'States.Timeout' } } });
    expect(parseJobEvent(statusChange('FAILED', { error: 'States.TaskFailed', cause: 'boom' }))).toMatchObject({
      event: { status: 'FAILED', error: { errorType: 'States.TaskFailed', message: 'boom' } },
    });
    expect(parseJobEvent(statusChange('SUCCEEDED'))).toMatchObject({ kind: 'ignored' });
    expect(parseJobEvent({ ...statusChange('FAILED'), 'detail-type': 'Something else' })).toMatchObject({ kind: 'ignored' });
  });

  it.each([
    ['not an object', 'x'],
    ['unknown type', { type: 'NOPE', jobId: 'J1' }],
    ['bad job id', { type: 'STARTED', jobId: 'J#1' }],
    ['bad step status', { type: 'STEP', jobId: 'J1', step: 's', status: 'DONE' }],
    ['negative total', { type: 'PROGRESS', jobId: 'J1', outcome: 'SUCCEEDED', total: -1 }],
    ['missing result', { type: 'SUCCEEDED', jobId: 'J1' }],
    ['missing error', { type: 'FAILED', jobId: 'J1' }],
    ['EventBridge without a name', { ...statusChange('ABORTED'), detail: { status: 'ABORTED' } }],
  ])('rejects %s', (_label, payload) => {
    expect(() => parseJobEvent(payload)).toThrow(InvalidEventError);
  });
});

describe('describeCause', () => {
  it('keeps a bounded message', () => {
    expect(describeCause('x'.repeat(5000))).toHaveLength(1000);
    expect(describeCause(undefined)).toBe('');
  });
});
