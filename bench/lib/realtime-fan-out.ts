// Subscription fan-out over AppSync's real-time protocol: many WebSocket connections with one
// subscription each (as many app instances would hold), one mutation, and the time until the
// last subscriber has the event. The auth goes in the `header` query parameter, which both the
// local runtime and the simulator read.
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { percentile, round } from './report.js';

export interface FanOutOptions {
  realtimeUrl: string;
  apiKey: string;
  subscribers: number;
  subscription: { query: string; variables: Record<string, unknown> };
  /** Sends the mutation of round `round` (0 is the warm-up) and resolves when it answered. */
  publish: (round: number) => Promise<void>;
  /** True when a subscription event's payload is round `round`'s. */
  isRoundEvent: (payload: unknown, round: number) => boolean;
  measuredRounds: number;
  /** Connections opened at once while setting up. */
  openConcurrency?: number;
  timeoutMs?: number;
}

export interface FanOutRound {
  /** Mutation sent -> the last subscriber has the event. */
  lastMs: number;
  /** Mutation sent -> half the subscribers have it. */
  p50Ms: number;
  /** Mutation sent -> its HTTP response. */
  mutationMs: number;
}

export interface FanOutResult {
  subscribers: number;
  connections: number;
  setupSeconds: number;
  rounds: FanOutRound[];
  lastMs: { median: number; worst: number };
}

export class FanOutError extends Error {
  override readonly name = 'FanOutError';
}

interface ProtocolMessage {
  type: string;
  id?: string;
  payload?: { data?: unknown; errors?: unknown };
}

const base64Json = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64');

/** Opens one connection and starts its subscription; resolves once the server acknowledged the start. */
function subscribe(options: FanOutOptions, onEvent: (payload: unknown, at: number) => void): Promise<WebSocket> {
  const url = new URL(options.realtimeUrl);
  const authorization = { host: url.host, 'x-api-key': options.apiKey };
  url.searchParams.set('header', base64Json(authorization));
  url.searchParams.set('payload', base64Json({}));
  const ws = new WebSocket(url, ['graphql-ws']);
  return new Promise((resolve, reject) => {
    const fail = (reason: string) => {
      ws.terminate();
      reject(new FanOutError(reason));
    };
    const timer = setTimeout(() => fail('no start_ack within 15 s'), 15_000);
    ws.on('error', (error) => fail(`WebSocket error: ${error.message}`));
    ws.on('close', (code) => fail(`closed (${code}) before start_ack`));
    ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init' })));
    ws.on('message', (raw) => {
      const at = performance.now();
      const message = JSON.parse(String(raw)) as ProtocolMessage;
      switch (message.type) {
        case 'data':
          onEvent(message.payload?.data, at);
          return;
        case 'connection_ack':
          ws.send(JSON.stringify({
            id: 'fan-out',
            type: 'start',
            payload: { data: JSON.stringify(options.subscription), extensions: { authorization } },
          }));
          return;
        case 'start_ack':
          clearTimeout(timer);
          ws.removeAllListeners('close');
          resolve(ws);
          return;
        case 'error':
        case 'connection_error':
          fail(`${message.type}: ${JSON.stringify(message.payload).slice(0, 300)}`);
          return;
        default:
      }
    });
  });
}

export async function measureFanOut(options: FanOutOptions): Promise<FanOutResult> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  let current: { round: number; sentAt: number; arrivals: number[]; done: () => void } | undefined;
  const onEvent = (payload: unknown, at: number) => {
    if (!current || !options.isRoundEvent(payload, current.round)) return;
    current.arrivals.push(at - current.sentAt);
    if (current.arrivals.length === options.subscribers) current.done();
  };

  const sockets: WebSocket[] = [];
  const setupStarted = performance.now();
  try {
    let next = 0;
    const opener = async () => {
      while (next < options.subscribers) {
        next += 1;
        sockets.push(await subscribe(options, onEvent));
      }
    };
    await Promise.all(Array.from({ length: options.openConcurrency ?? 50 }, opener));
    const setupSeconds = round((performance.now() - setupStarted) / 1000, 2);

    const rounds: FanOutRound[] = [];
    for (let index = 0; index <= options.measuredRounds; index += 1) {
      const arrivals: number[] = [];
      const allArrived = new Promise<void>((resolve) => {
        current = { round: index, sentAt: performance.now(), arrivals, done: resolve };
      });
      const sentAt = current!.sentAt;
      await options.publish(index);
      const mutationMs = performance.now() - sentAt;
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
      const outcome = await Promise.race([allArrived, timedOut]);
      clearTimeout(timer);
      if (outcome === 'timeout') throw new FanOutError(`round ${index}: ${arrivals.length} of ${options.subscribers} subscribers had the event after ${timeoutMs} ms`);
      if (index > 0) rounds.push({ lastMs: round1(Math.max(...arrivals)), p50Ms: round1(percentile(arrivals, 50)), mutationMs: round1(mutationMs) });
    }
    current = undefined;
    const lasts = rounds.map((r) => r.lastMs);
    return {
      subscribers: options.subscribers,
      connections: sockets.length,
      setupSeconds,
      rounds,
      lastMs: { median: percentile(lasts, 50), worst: Math.max(...lasts) },
    };
  } finally {
    for (const ws of sockets) ws.terminate();
  }
}

const round1 = (value: number) => round(value, 1);
