// Load for request/response servers: N clients, each sending its next request when the last one
// answered (closed loop: measures the most a server sustains), or the same clients sharing a
// fixed schedule (open loop: latency at a given rate, timed from when each request was due, so a
// slow server cannot hide its queue).
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';
import { percentile, round } from './report.js';

export interface LoadOptions {
  /** Sends one request; resolves to a description of what was wrong, or undefined on success. */
  send: () => Promise<string | undefined>;
  connections: number;
  warmUpMs: number;
  durationMs: number;
  /** Open loop at this many requests per second in all; absent: closed loop. */
  ratePerSecond?: number;
}

export interface LoadResult {
  requests: number;
  failures: number;
  /** The first failure, for diagnostics. */
  firstFailure?: string;
  requestsPerSecond: number;
  latencyMs: { p50: number; p99: number; max: number };
}

async function phase(options: LoadOptions, durationMs: number) {
  const latencies: number[] = [];
  let failures = 0;
  let firstFailure: string | undefined;
  const started = performance.now();
  const deadline = started + durationMs;
  const interval = options.ratePerSecond ? 1000 / options.ratePerSecond : 0;
  let nextSlot = 0;
  const client = async () => {
    for (;;) {
      let sentAt = performance.now();
      if (interval) {
        const due = started + nextSlot * interval;
        nextSlot += 1;
        if (due >= deadline) return;
        if (due > sentAt) await sleep(due - sentAt);
        sentAt = due;
      } else if (sentAt >= deadline) {
        return;
      }
      let failure: string | undefined;
      try {
        failure = await options.send();
      } catch (error) {
        failure = error instanceof Error ? error.message : String(error);
      }
      latencies.push(performance.now() - sentAt);
      if (failure !== undefined) {
        failures += 1;
        firstFailure ??= failure;
      }
    }
  };
  await Promise.all(Array.from({ length: options.connections }, client));
  return { latencies, failures, firstFailure, elapsedMs: performance.now() - started };
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  await phase(options, options.warmUpMs);
  const { latencies, failures, firstFailure, elapsedMs } = await phase(options, options.durationMs);
  return {
    requests: latencies.length,
    failures,
    ...(firstFailure === undefined ? {} : { firstFailure }),
    requestsPerSecond: round((latencies.length / elapsedMs) * 1000, 0),
    latencyMs: {
      p50: round(percentile(latencies, 50), 2),
      p99: round(percentile(latencies, 99), 2),
      max: round(latencies.reduce((a, b) => Math.max(a, b), 0), 1),
    },
  };
}

export interface SteadyLoadOptions {
  send: LoadOptions['send'];
  connections: number;
  windowMs: number;
  /** Windows run whatever happens; then the load stops once two windows in a row agree. */
  minWindows: number;
  maxWindows: number;
  /** How close two windows' requests/s must be to count as agreeing, e.g. 0.1 for 10%. */
  tolerance: number;
}

/**
 * Closed-loop load in windows until the throughput settles: a JIT-compiled server (the JVM under
 * DynamoDB Local) keeps speeding up for tens of seconds under a new kind of load. Returns the
 * requests/s of each window, for the report.
 */
export async function loadUntilSteady(options: SteadyLoadOptions): Promise<number[]> {
  const windows: number[] = [];
  for (let window = 1; window <= options.maxWindows; window += 1) {
    const { requestsPerSecond } = await runLoad({ send: options.send, connections: options.connections, warmUpMs: 0, durationMs: options.windowMs });
    const previous = windows.at(-1) ?? 0;
    windows.push(requestsPerSecond);
    if (window >= options.minWindows && Math.abs(requestsPerSecond - previous) <= options.tolerance * previous) break;
  }
  return windows;
}

export interface JsonPoster {
  /** POSTs the next body; resolves to a failure description unless the status is 200 and `isSuccess`. */
  send(): Promise<string | undefined>;
  close(): void;
}

/**
 * One keep-alive connection per client, through undici (about half the CPU per request of
 * node:http's client, which shares the machine's cores with the servers measured). Several bodies
 * are sent in turn (so that concurrent requests ask for different things); `isSuccess` gets the
 * answer and the body's index.
 */
export function jsonPoster(
  url: string,
  headers: Record<string, string>,
  bodies: string | readonly string[],
  isSuccess: (answer: string, bodyIndex: number) => boolean,
  connections: number,
): JsonPoster {
  const target = new URL(url);
  const path = `${target.pathname}${target.search}`;
  const payloads = (typeof bodies === 'string' ? [bodies] : bodies).map((body) => Buffer.from(body));
  const pool = new Pool(target.origin, { connections, pipelining: 1 });
  const requestHeaders = { 'content-type': 'application/json', ...headers };
  let next = 0;
  const send = async () => {
    const index = next;
    next = (next + 1) % payloads.length;
    const response = await pool.request({ method: 'POST', path, headers: requestHeaders, body: payloads[index] });
    const text = await response.body.text();
    return response.statusCode === 200 && isSuccess(text, index) ? undefined : `${response.statusCode} ${text.slice(0, 300)}`;
  };
  return { send, close: () => void pool.destroy() };
}
