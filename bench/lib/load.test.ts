import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { jsonPoster, loadUntilSteady, runLoad } from './load.js';

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
    // 4 clients at ~21 ms a request: ~190/s on an idle machine. Judged against the latency
    // measured, so that a busy machine (slower answers) does not fail it.
    const closedLoopRate = (4 * 1000) / result.latencyMs.p50;
    expect(result.requestsPerSecond).toBeLessThanOrEqual(closedLoopRate * 1.1);
    expect(result.requestsPerSecond).toBeGreaterThan(closedLoopRate * 0.6);
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

describe('loadUntilSteady', () => {
  const steady = { connections: 2, windowMs: 100, maxWindows: 10, tolerance: 0.5 };

  it('stops after the minimum once two windows agree', async () => {
    const windows = await loadUntilSteady({ ...steady, minWindows: 3, send: async () => void (await sleep(5)) });
    expect(windows).toHaveLength(3);
    expect(windows.every((perSecond) => perSecond > 100)).toBe(true);
  });

  it('goes on while the server speeds up, and reports each window', async () => {
    // A request takes 32 ms in the first 100 ms, then half as long every 100 ms down to 2 ms.
    const started = performance.now();
    const send = async () => void (await sleep(Math.max(2, 32 / 2 ** Math.floor((performance.now() - started) / 100))));
    const windows = await loadUntilSteady({ ...steady, minWindows: 2, send });
    expect(windows.length).toBeGreaterThanOrEqual(4);
    expect(windows.length).toBeLessThan(steady.maxWindows);
    expect(windows.at(-1)).toBeGreaterThan(4 * (windows[0] ?? 0));
  });

  it('stops at the maximum if the load never settles', async () => {
    let delayMs = 1;
    const windows = await loadUntilSteady({ ...steady, windowMs: 60, minWindows: 1, maxWindows: 4, tolerance: 0, send: async () => void (await sleep((delayMs += 1))) });
    expect(windows).toHaveLength(4);
  });
});
