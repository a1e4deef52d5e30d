// When to try again after the real-time connection was lost: exponential backoff with
// full jitter, as AWS recommends for AppSync clients.
// https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/

export interface ReconnectOptions {
  /** The cap of the first retry's delay. Default 250 ms. */
  initialDelayMs?: number;
  /** The largest cap. Default 10 s. */
  maxDelayMs?: number;
  /** Connection attempts after a loss before the subscriptions fail with NetworkError. Default Infinity. */
  maxAttempts?: number;
}

export type ReconnectSettings = Required<ReconnectOptions>;

export const DEFAULT_RECONNECT: ReconnectSettings = { initialDelayMs: 250, maxDelayMs: 10_000, maxAttempts: Infinity };

export function reconnectSettings(options: ReconnectOptions = {}): ReconnectSettings {
  return {
    initialDelayMs: options.initialDelayMs ?? DEFAULT_RECONNECT.initialDelayMs,
    maxDelayMs: options.maxDelayMs ?? DEFAULT_RECONNECT.maxDelayMs,
    maxAttempts: options.maxAttempts ?? DEFAULT_RECONNECT.maxAttempts,
  };
}

/** The delay before retry number `attempt` (0 for the first): uniform in [0, min(max, initial * 2^attempt)). */
export function backoffDelay(attempt: number, settings: ReconnectSettings, random: () => number = Math.random): number {
  const cap = Math.min(settings.maxDelayMs, settings.initialDelayMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * cap);
}
