import { describe, expect, it } from 'vitest';
import { matchesEventPattern } from './event-pattern.js';

const event = {
  source: 'aws.states',
  'detail-type': 'Step Functions Execution Status Change',
  resources: ['arn:aws:states:us-east-1:000000000000:execution:Jobs:job-1'],
  detail: { status: 'FAILED', name: 'job-1', error: null, startDate: 1000, stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:Jobs' },
};

describe('matchesEventPattern', () => {
  it('matches exact values, alternatives, nested detail and array fields', () => {
    expect(matchesEventPattern({ source: ['aws.states'], detail: { status: ['FAILED', 'ABORTED'] } }, event)).toBe(true);
    expect(matchesEventPattern({ source: ['aws.states'], detail: { status: ['SUCCEEDED'] } }, event)).toBe(false);
    expect(matchesEventPattern({ resources: ['arn:aws:states:us-east-1:000000000000:execution:Jobs:job-1'] }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { error: [null] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { missing: ['x'] } }, event)).toBe(false);
    expect(matchesEventPattern({ detail: 'FAILED' }, event)).toBe(false);
  });

  it('supports prefix, suffix, anything-but, exists, equals-ignore-case and numeric', () => {
    expect(matchesEventPattern({ detail: { stateMachineArn: [{ prefix: 'arn:aws:states:us-east-1:' }] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { name: [{ suffix: '-1' }] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { status: [{ 'anything-but': ['SUCCEEDED', 'RUNNING'] }] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { status: [{ 'anything-but': 'FAILED' }] } }, event)).toBe(false);
    expect(matchesEventPattern({ detail: { name: [{ 'anything-but': { prefix: 'job-' } }] } }, event)).toBe(false);
    expect(matchesEventPattern({ detail: { output: [{ exists: false }], name: [{ exists: true }] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { status: [{ 'equals-ignore-case': 'failed' }] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { startDate: [{ numeric: ['>', 500, '<=', 1000] }] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { startDate: [{ numeric: ['>', 1000] }] } }, event)).toBe(false);
  });
});
