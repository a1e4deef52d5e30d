import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { deliverWebhook, signWebhook } from './webhook.js';

type Responder = (response: ServerResponse) => void;
let server: Server;
let base: string;
let responders: Responder[] = [];
let received: { headers: IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      const respond = responders.shift() ?? ((r: ServerResponse) => r.writeHead(204).end());
      respond(response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  responders = [];
  received = [];
});

const status = (code: number): Responder => (response) => response.writeHead(code).end('body');
const noSleep = vi.fn(async () => undefined);

describe('deliverWebhook', () => {
  it('signs "<timestamp>.<body>" with HMAC-SHA256 so a receiver can verify it', async () => {
    const body = JSON.stringify({ id: 'J1', status: 'SUCCEEDED', note: 'héllo' });
    const delivery = await deliverWebhook(new URL(`${base}/hook`), body, 'topsecret', { now: () => new Date('2026-01-01T00:00:10Z') });
    expect(delivery).toEqual({ url: `${base}/hook`, status: 'DELIVERED', attempts: 1, lastStatusCode: 204, lastAttemptAt: '2026-01-01T00:00:10.000Z' });
    const [request] = received;
    expect(request?.body).toBe(body);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['x-webhook-timestamp']).toBe('1767225610');
    const expected = createHmac('sha256', 'topsecret').update(`1767225610.${body}`).digest('hex');
    expect(request?.headers['x-webhook-signature']).toBe(`sha256=${expected}`);
    expect(signWebhook('topsecret', '1767225610', body)).toBe(`sha256=${expected}`);
  });

  it('retries 5xx and 429 with backoff, re-signing each attempt, up to 4 attempts', async () => {
    responders = [status(500), status(429), status(503), status(502)];
    let clock = 1_767_225_600_000;
    const delivery = await deliverWebhook(new URL(`${base}/hook`), '{}', 's', { sleep: noSleep, now: () => new Date((clock += 1000)), random: () => 1 });
    expect(delivery).toMatchObject({ status: 'FAILED', attempts: 4, lastStatusCode: 502 });
    expect(received).toHaveLength(4);
    expect(new Set(received.map((r) => r.headers['x-webhook-timestamp'])).size).toBe(4);
    // Full jitter with random() = 1: the ceilings 500, 1000, 2000 ms.
    expect(noSleep.mock.calls.map((call) => (call as unknown[])[0])).toEqual([500, 1000, 2000]);
  });

  it('succeeds on a later attempt', async () => {
    responders = [status(503), status(200)];
    await expect(deliverWebhook(new URL(`${base}/hook`), '{}', 's', { sleep: noSleep })).resolves.toMatchObject({ status: 'DELIVERED', attempts: 2, lastStatusCode: 200 });
  });

  it('stops at a 4xx other than 408/429, and does not follow redirects', async () => {
    responders = [status(400)];
    await expect(deliverWebhook(new URL(`${base}/hook`), '{}', 's', { sleep: noSleep })).resolves.toMatchObject({ status: 'FAILED', attempts: 1, lastStatusCode: 400 });
    responders = [(response) => response.writeHead(302, { location: `${base}/elsewhere` }).end()];
    await expect(deliverWebhook(new URL(`${base}/hook`), '{}', 's', { sleep: noSleep })).resolves.toMatchObject({ status: 'FAILED', attempts: 1, lastStatusCode: 302 });
    expect(received.map((r) => r.body)).toHaveLength(2);
  });

  it('times out a silent receiver and counts it as a failed attempt without a status', async () => {
    responders = [() => undefined, () => undefined];
    const started = Date.now();
    const delivery = await deliverWebhook(new URL(`${base}/hook`), '{}', 's', { attempts: 2, timeoutMs: 150, sleep: noSleep });
    expect(delivery).toMatchObject({ status: 'FAILED', attempts: 2, lastStatusCode: null });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('counts a refused connection as a failed attempt', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(deliverWebhook(new URL(`http://127.0.0.1:${port}/`), '{}', 's', { sleep: noSleep })).resolves.toMatchObject({ status: 'FAILED', attempts: 4, lastStatusCode: null });
  });
});
