// Delivers the final Job to the job's callbackUrl: POST JSON signed with HMAC-SHA256 over
// "<timestamp>.<body>" (README "Workflow jobs"), re-signed per attempt with a fresh timestamp.
// Up to 4 attempts with full-jitter backoff, 5 s each; redirects are not followed (a redirect
// could lead past the https-only check).
import { createHmac } from 'node:crypto';
import { backoffDelay, sleep as defaultSleep, type Sleep } from '../shared/retry.js';
import type { WebhookDelivery } from './job.js';

export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export interface WebhookOptions {
  /** Attempts in all. Default 4. */
  attempts?: number;
  timeoutMs?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  fetch?: typeof fetch;
  sleep?: Sleep;
  random?: () => number;
  now?: () => Date;
}

/** Worth another attempt: no answer, a timeout, or a status that says "later". */
function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

export async function deliverWebhook(url: URL, body: string, secret: string, options: WebhookOptions = {}): Promise<WebhookDelivery> {
  const attempts = options.attempts ?? 4;
  const doFetch = options.fetch ?? globalThis.fetch;
  const now = options.now ?? (() => new Date());
  const wait = options.sleep ?? defaultSleep;
  const delivery: WebhookDelivery = { url: url.href, status: 'FAILED', attempts: 0, lastStatusCode: null, lastAttemptAt: null };

  for (let attempt = 0; attempt < attempts; attempt++) {
    if (attempt > 0) await wait(backoffDelay(attempt - 1, { baseDelayMs: options.baseDelayMs ?? 500, maxDelayMs: options.maxDelayMs ?? 4000, random: options.random }));
    const sentAt = now();
    const timestamp = String(Math.floor(sentAt.getTime() / 1000));
    delivery.attempts = attempt + 1;
    delivery.lastAttemptAt = sentAt.toISOString();
    let status: number | null = null;
    try {
      const response = await doFetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'appsync-genai-api-webhooks',
          'x-webhook-timestamp': timestamp,
          'x-webhook-signature': signWebhook(secret, timestamp, body),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
      });
      status = response.status;
      await response.body?.cancel().catch(() => undefined);
    } catch {
      // No answer (refused, reset, timed out): the attempt failed without a status code.
    }
    delivery.lastStatusCode = status;
    if (status !== null && status >= 200 && status < 300) return { ...delivery, status: 'DELIVERED' };
    if (status !== null && !isRetryableStatus(status)) break;
  }
  return { ...delivery, status: 'FAILED' };
}
