import { describe, expect, it } from 'vitest';
import { isTerminalJob, NewestVersion } from './job-versions.js';

describe('NewestVersion', () => {
  it('keeps updates in increasing version order and drops stale or repeated ones', () => {
    const newest = new NewestVersion<{ version: number; status: string }>();
    const arrivals = [1, 3, 2, 3, 5, 4, 6].map((version) => ({ version, status: `v${version}` }));
    const kept = arrivals.filter((update) => newest.offer(update)).map((u) => u.version);
    expect(kept).toEqual([1, 3, 5, 6]);
    expect(newest.current).toEqual({ version: 6, status: 'v6' });
  });
});

describe('isTerminalJob', () => {
  it('knows the statuses a job ends with', () => {
    expect(['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'].map((status) => isTerminalJob({ status }))).toEqual([false, false, true, true, true]);
  });
});
