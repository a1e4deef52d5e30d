import {
  ConverseCommand,
  ConverseStreamCommand,
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
  ModelStreamErrorException,
  ThrottlingException,
  ValidationException,
  type ConverseStreamCommandInput,
  type ConverseStreamOutput,
} from '@aws-sdk/client-bedrock-runtime';
import { request as httpRequest, createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handleModelAdminRequest } from './index.js';
import { TEST_MODEL_ID, useModelServer } from './test-model-server.js';


const modelId = TEST_MODEL_ID;
const fixture = useModelServer();

beforeEach(() => {
  fixture.server.setRate({ tokensPerSecond: 0, firstTokenLatencyMs: 0 });
});

const userTurn = (text: string): ConverseStreamCommandInput => ({
  modelId,
  messages: [{ role: 'user', content: [{ text }] }],
});

async function collectStream(input: ConverseStreamCommandInput) {
  const response = await fixture.client.send(new ConverseStreamCommand(input));
  const events: ConverseStreamOutput[] = [];
  for await (const event of response.stream ?? []) events.push(event);
  const deltas = events.flatMap((event) => (event.contentBlockDelta?.delta?.text === undefined ? [] : [event.contentBlockDelta.delta.text]));
  return { events, deltas, text: deltas.join('') };
}

describe('Converse', () => {
  it('answers with text that quotes the user, usage and metrics', async () => {
    const response = await fixture.client.send(new ConverseCommand(userTurn('What is the capital of France?')));
    const text = response.output?.message?.content?.[0]?.text ?? '';
    expect(text).toMatch(/^You said "What is the capital of France\?"\./);
    expect(response.stopReason).toBe('end_turn');
    const words = text.split(' ').length;
    expect(words).toBeGreaterThanOrEqual(20);
    expect(words).toBeLessThanOrEqual(80);
    expect(response.usage?.outputTokens).toBe(words);
    expect(response.usage?.inputTokens).toBe(Math.ceil('What is the capital of France?'.length / 4));
    expect(response.metrics?.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('accepts image blocks and a system prompt, and counts the images', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]);
    const response = await fixture.client.send(
      new ConverseCommand({
        modelId,
        system: [{ text: 'You write adverts.' }],
        messages: [{ role: 'user', content: [{ text: 'Describe these' }, { image: { format: 'png', source: { bytes: png } } }, { image: { format: 'jpeg', source: { bytes: jpeg } } }] }],
      }),
    );
    expect(response.output?.message?.content?.[0]?.text).toMatch(/^You said "Describe these" with 2 images\./);
    expect(response.usage?.inputTokens).toBeGreaterThan(2 * 256);
  });

  it('rejects a conversation that does not start with a user turn as ValidationException', async () => {
    const error = await fixture.client
      .send(new ConverseCommand({ modelId, messages: [{ role: 'assistant', content: [{ text: 'hi' }] }] }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationException);
    expect(fixture.server.stats.snapshot().errors).toEqual({ ValidationException: 1 });
  });
});

describe('ConverseStream', () => {
  it('streams ordered deltas between messageStart and metadata, deterministically', async () => {
    const first = await collectStream(userTurn('Tell me about streams'));
    const kinds = first.events.map((event) => Object.keys(event).find((key) => key !== '$unknown'));
    expect(kinds[0]).toBe('messageStart');
    expect(kinds.slice(-3)).toEqual(['contentBlockStop', 'messageStop', 'metadata']);
    expect(kinds.slice(1, -3).every((kind) => kind === 'contentBlockDelta')).toBe(true);
    expect(first.deltas.slice(1).every((delta) => delta.startsWith(' '))).toBe(true);
    expect(first.text).toMatch(/^You said "Tell me about streams"\./);
    const stop = first.events.find((event) => event.messageStop)?.messageStop;
    expect(stop?.stopReason).toBe('end_turn');
    const metadata = first.events.at(-1)?.metadata;
    expect(metadata?.usage?.outputTokens).toBe(first.deltas.length);
    expect(metadata?.usage?.totalTokens).toBe((metadata?.usage?.inputTokens ?? 0) + first.deltas.length);

    const second = await collectStream(userTurn('Tell me about streams'));
    expect(second.deltas).toEqual(first.deltas);
    const other = await collectStream(userTurn('Tell me about rivers'));
    expect(other.text).not.toEqual(first.text);

    const streams = fixture.server.stats.snapshot().streams;
    expect(streams).toHaveLength(3);
    expect(streams[0]).toMatchObject({ operation: 'converse-stream', modelId, outcome: 'complete', stopReason: 'end_turn' });
    expect(streams[0]?.tokenTimes).toHaveLength(first.deltas.length);
    expect(fixture.server.stats.snapshot().requests.byOperation).toEqual({ 'converse-stream': 3 });
  });

  it('honours [[tokens=N]], maxTokens and stop sequences', async () => {
    const exact = await collectStream(userTurn('Count to many [[tokens=150]]'));
    expect(exact.deltas).toHaveLength(150);
    expect(exact.text).not.toContain('[[tokens');

    const capped = await collectStream({ ...userTurn('Count to many [[tokens=150]]'), inferenceConfig: { maxTokens: 7 } });
    expect(capped.deltas).toEqual(exact.deltas.slice(0, 7));
    expect(capped.events.find((event) => event.messageStop)?.messageStop?.stopReason).toBe('max_tokens');

    const stopped = await collectStream({ ...userTurn('Count to many [[tokens=150]]'), inferenceConfig: { stopSequences: ['many'] } });
    expect(stopped.text).toBe('You said "Count to ');
    expect(stopped.events.find((event) => event.messageStop)?.messageStop?.stopReason).toBe('stop_sequence');
  });

  it('surfaces injected throttling as ThrottlingException, only for the marked message', async () => {
    fixture.server.faults.throttle(1, { marker: '#throttle-me' });
    await expect(collectStream(userTurn('plain request'))).resolves.toBeDefined();
    await expect(collectStream(userTurn('please #throttle-me'))).rejects.toBeInstanceOf(ThrottlingException);
    await expect(collectStream(userTurn('please #throttle-me'))).resolves.toBeDefined();
    expect(fixture.server.stats.snapshot().errors).toEqual({ ThrottlingException: 1 });
  });

  it('breaks a stream after K tokens with modelStreamErrorException, which the SDK throws', async () => {
    fixture.server.faults.failMidStream(1, 5);
    const response = await fixture.client.send(new ConverseStreamCommand(userTurn('break me [[tokens=30]]')));
    const deltas: string[] = [];
    const error = await (async () => {
      for await (const event of response.stream ?? []) if (event.contentBlockDelta?.delta?.text) deltas.push(event.contentBlockDelta.delta.text);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelStreamErrorException);
    expect(deltas).toHaveLength(5);
    const record = fixture.server.stats.snapshot().streams.at(-1);
    expect(record).toMatchObject({ outcome: 'failed', exceptionType: 'modelStreamErrorException' });
    await expect(collectStream(userTurn('break me [[tokens=30]]'))).resolves.toMatchObject({ deltas: expect.any(Array) as unknown });
  });

  it('stops streaming when the fixture.client goes away and records the stream as aborted', async () => {
    fixture.server.setRate({ tokensPerSecond: 50 });
    const controller = new AbortController();
    const response = await fixture.client.send(new ConverseStreamCommand(userTurn('walk away [[tokens=200]]')), { abortSignal: controller.signal });
    let deltas = 0;
    await (async () => {
      for await (const event of response.stream ?? []) {
        if (event.contentBlockDelta) deltas += 1;
        if (deltas === 3) controller.abort();
      }
    })().catch(() => undefined);
    await expect.poll(() => fixture.server.stats.snapshot().streams.at(-1)?.outcome).toBe('aborted');
    expect(fixture.server.stats.snapshot().streams.at(-1)?.tokenTimes.length).toBeLessThan(20);
  });

  it('paces tokens at the configured rate after the first-token latency', async () => {
    fixture.server.setRate({ tokensPerSecond: 100, firstTokenLatencyMs: 50 });
    const started = performance.timeOrigin + performance.now();
    const { deltas } = await collectStream(userTurn('pace me [[tokens=20]]'));
    const elapsed = performance.timeOrigin + performance.now() - started;
    expect(deltas).toHaveLength(20);
    // 50 ms + 19 intervals of 10 ms.
    expect(elapsed).toBeGreaterThanOrEqual(230);
    expect(elapsed).toBeLessThan(1500);
    const times = fixture.server.stats.snapshot().streams.at(-1)?.tokenTimes ?? [];
    expect((times.at(-1) ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(180);
  });
});

describe('InvokeModel', () => {
  it('answers the Anthropic messages format in kind', async () => {
    const response = await fixture.client.send(
      new InvokeModelCommand({
        modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
        contentType: 'application/json',
        body: JSON.stringify({
          anthropic_version: 'bedrock-2023-05-31',
          max_tokens: 5,
          system: 'Be brief.',
          messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello there [[tokens=40]]' }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } }] }],
        }),
      }),
    );
    const body = JSON.parse(new TextDecoder().decode(response.body)) as Record<string, unknown>;
    expect(body).toMatchObject({ type: 'message', role: 'assistant', stop_reason: 'max_tokens', usage: { output_tokens: 5 } });
    expect((body.content as Array<{ text: string }>)[0]?.text).toBe('You said "Hello there" with');
  });

  it('streams the Amazon Nova format as chunk events', async () => {
    const response = await fixture.client.send(
      new InvokeModelWithResponseStreamCommand({
        modelId,
        body: JSON.stringify({ schemaVersion: 'messages-v1', messages: [{ role: 'user', content: [{ text: 'Nova stream [[tokens=12]]' }] }], inferenceConfig: { max_new_tokens: 100 } }),
      }),
    );
    const chunks: Array<Record<string, unknown>> = [];
    for await (const event of response.body ?? []) {
      if (event.chunk?.bytes) chunks.push(JSON.parse(new TextDecoder().decode(event.chunk.bytes)) as Record<string, unknown>);
    }
    const deltas = chunks.flatMap((chunk) => (chunk.contentBlockDelta ? [chunk.contentBlockDelta as { delta: { text: string } }] : []));
    expect(deltas).toHaveLength(12);
    expect(chunks[0]).toEqual({ messageStart: { role: 'assistant' } });
    expect(chunks.find((chunk) => chunk.messageStop)).toEqual({ messageStop: { stopReason: 'end_turn' } });
  });
});

describe('admin routes', () => {
  let admin: Server;
  let adminUrl: string;

  beforeAll(async () => {
    admin = createServer((req, res) => {
      void handleModelAdminRequest(fixture.server, req, res).then((handled) => {
        if (!handled) res.writeHead(418).end();
      });
    });
    await new Promise<void>((resolve) => admin.listen(0, '127.0.0.1', resolve));
    adminUrl = `http://127.0.0.1:${(admin.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => admin.close(() => resolve())));

  const call = (method: string, path: string, body?: unknown) =>
    new Promise<{ status: number; json: unknown }>((resolve, reject) => {
      const req = httpRequest(`${adminUrl}${path}`, { method }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: text ? (JSON.parse(text) as unknown) : undefined }));
      });
      req.on('error', reject);
      req.end(body === undefined ? undefined : JSON.stringify(body));
    });

  it('sets faults, reads stats, resets, and leaves other paths to the caller', async () => {
    expect((await call('POST', '/__sandbox/model/faults', { throttle: { count: 1 }, latencyMs: 5 })).status).toBe(200);
    await expect(fixture.client.send(new ConverseCommand(userTurn('x')))).rejects.toBeInstanceOf(ThrottlingException);
    const stats = await call('GET', '/__sandbox/model/stats');
    expect(stats.json).toMatchObject({ requests: { total: 1, byModel: { [modelId]: 1 } }, errors: { ThrottlingException: 1 } });
    expect((await call('POST', '/__sandbox/model/rate', { tokensPerSecond: 50 })).json).toEqual({ tokensPerSecond: 50, firstTokenLatencyMs: 0 });
    expect((await call('DELETE', '/__sandbox/model/faults')).json).toEqual({ rejects: [], midStream: [], invalidToolOutput: [], latencyMs: 0 });
    expect((await call('POST', '/__sandbox/model/stats/reset')).status).toBe(200);
    expect(fixture.server.stats.snapshot().requests.total).toBe(0);
    expect((await call('POST', '/__sandbox/model/faults', { reject: { count: 1, errorType: 'Nope' } })).status).toBe(400);
    expect((await call('GET', '/elsewhere')).status).toBe(418);
  });
});
