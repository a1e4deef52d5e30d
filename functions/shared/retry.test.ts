import { describe, expect, it, vi } from 'vitest';
import { backoffDelay, isNetworkError, retry } from './retry.js';

describe('retry', () => {
  it('retries with full-jitter exponential backoff, then succeeds', async () => {
    const sleep = vi.fn(async () => undefined);
    const operation = vi.fn().mockRejectedValueOnce(new Error('a')).mockRejectedValueOnce(new Error('b')).mockResolvedValue('ok');
    const result = await retry(operation, { retries: 3, baseDelayMs: 100, maxDelayMs: 1000, shouldRetry: () => true, sleep, random: () => 0.5 });
    expect(result).toBe('ok');
    expect(sleep.mock.calls.map((call: unknown[]) => call[0])).toEqual([50, 100]);
  });

  it('stops after the retries, or at once for an error not worth retrying', async () => {
    const sleep = vi.fn(async () => undefined);
    const failing = vi.fn().mockRejectedValue(new Error('always'));
    await expect(retry(failing, { retries: 2, baseDelayMs: 1, maxDelayMs: 1, shouldRetry: () => true, sleep })).rejects.toThrow('always');
    expect(failing).toHaveBeenCalledTimes(3);
    const fatal = vi.fn().mockRejectedValue(new Error('fatal'));
    await expect(retry(fatal, { retries: 5, baseDelayMs: 1, maxDelayMs: 1, shouldRetry: () => false, sleep })).rejects.toThrow('fatal');
    expect(fatal).toHaveBeenCalledTimes(1);
  });

  it('caps the delay and draws it from [0, cap)', () => {
    expect(backoffDelay(10, { baseDelayMs: 100, maxDelayMs: 2000, random: () => 0.999 })).toBe(1998);
    expect(backoffDelay(0, { baseDelayMs: 100, maxDelayMs: 2000, random: () => 0 })).toBe(0);
  });

  it('recognises network errors, also as a cause', () => {
    expect(isNetworkError(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isNetworkError(new TypeError('fetch failed', { cause: Object.assign(new Error('y'), { code: 'UND_ERR_SOCKET' }) }))).toBe(true);
    expect(isNetworkError(new Error('ValidationException'))).toBe(false);
  });
});
