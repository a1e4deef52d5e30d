import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonPoster, runLoad } from './load.js';

// Answers after ?delay= ms with the request's body, or 500 when the body says so.
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const delay = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('delay') ?? 0);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () =>
      setTimeout(() => {
        const body = Buffer.concat(chunks).toString();
        res.writeHead(body.includes('fail') ? 500 : 200, { 'content-type': 'application/json' }).end(body);
      }, delay),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const load = async (delayMs: number, body: string, options: { connections: number; durationMs: number; ratePerSecond?: number }) => {
  const poster = jsonPoster(`${baseUrl}/?delay=${delayMs}`, {}, body, (text) => text.includes('ok'), options.connections);
  try {
    return await runLoad({ send: poster.send, warmUpMs: 100, ...options });
  } finally {
    poster.close();
  }
};

describe('runLoad', () => {
  it('closed loop: each client waits for its answer, so the rate is connections / latency', async () => {
    const result = await load(20, '{"ok":1}', { connections: 4, durationMs: 1000 });
    expect(result.failures).toBe(0);
    expect(result.latencyMs.p50).toBeGreaterThanOrEqual(19);
    // 4 clients at ~21 ms a request: at most ~190/s.
    expect(result.requestsPerSecond).toBeGreaterThan(100);
    expect(result.requestsPerSecond).toBeLessThan(200);
  });

  it('open loop: sends at the given rate whatever the connections could do', async () => {
    const result = await load(2, '{"ok":1}', { connections: 10, durationMs: 1000, ratePerSecond: 50 });
    expect(result.requests).toBeGreaterThanOrEqual(45);
    expect(result.requests).toBeLessThanOrEqual(51);
    expect(result.latencyMs.p50).toBeLessThan(20);
  });

  it('open loop: times requests from when they were due, so a queue shows in the latency', async () => {
    // One connection at 50 ms a request cannot keep up with 40/s: requests wait for it.
    const result = await load(50, '{"ok":1}', { connections: 1, durationMs: 1000, ratePerSecond: 40 });
    expect(result.latencyMs.max).toBeGreaterThan(300);
  });

  it('counts failed statuses and bodies, and keeps the first one', async () => {
    const failedStatus = await load(0, '{"fail":1}', { connections: 2, durationMs: 200 });
    expect(failedStatus.failures).toBe(failedStatus.requests);
    expect(failedStatus.firstFailure).toMatch(/^500 /);
    const wrongBody = await load(0, '{"other":1}', { connections: 2, durationMs: 200 });
    expect(wrongBody.failures).toBe(wrongBody.requests);
    expect(wrongBody.firstFailure).toBe('200 {"other":1}');
  });

  it('sends several bodies in turn and checks each answer against the body it asked with', async () => {
    const bodies = ['{"ok":"a"}', '{"ok":"b"}', '{"ok":"c"}'];
    const answers: string[] = [];
    const poster = jsonPoster(baseUrl, {}, bodies, (text, index) => (answers.push(text), text === bodies[index]), 1);
    try {
      for (let i = 0; i < 4; i += 1) expect(await poster.send()).toBeUndefined();
    } finally {
      poster.close();
    }
    expect(answers).toEqual([...bodies, bodies[0]]);
  });
});
