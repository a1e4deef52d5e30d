// Exponential backoff with full jitter: the cap doubles per attempt up to maxDelayMs, and the
// delay is drawn uniformly below the cap.
import { describe, expect, it } from 'vitest';
import { backoffDelay, reconnectSettings } from './reconnect.js';

describe('backoffDelay', () => {
  const settings = reconnectSettings({ initialDelayMs: 100, maxDelayMs: 1_000 });
  const atCap = () => 0.9999;

  it('doubles the cap per attempt until maxDelayMs', () => {
    expect([0, 1, 2, 3, 4, 10].map((attempt) => backoffDelay(attempt, settings, atCap))).toEqual([99, 199, 399, 799, 999, 999]);
  });

  it('draws the whole range below the cap (full jitter)', () => {
    expect(backoffDelay(3, settings, () => 0)).toBe(0);
    expect(backoffDelay(3, settings, () => 0.5)).toBe(400);
  });

  it('stays finite for huge attempt counts', () => {
    expect(backoffDelay(5_000, settings, atCap)).toBe(999);
  });

  it('defaults to 250 ms, 10 s and unlimited attempts', () => {
    expect(reconnectSettings()).toEqual({ initialDelayMs: 250, maxDelayMs: 10_000, maxAttempts: Infinity });
    expect(reconnectSettings({ maxAttempts: 2 })).toEqual({ initialDelayMs: 250, maxDelayMs: 10_000, maxAttempts: 2 });
  });
});
