import { createServer, type Http2Server } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BedrockModelClient, compactInferenceConfig, createBedrockRuntimeClient, type ModelStreamEvent } from './bedrock.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const codec = new EventStreamCodec((bytes) => decoder.decode(bytes), (text) => encoder.encode(text));

const frame = (messageType: 'event' | 'exception', type: string, body: unknown) =>
  codec.encode({
    headers: {
      ':message-type': { type: 'string', value: messageType },
      [messageType === 'event' ? ':event-type' : ':exception-type']: { type: 'string', value: type },
      ':content-type': { type: 'string', value: 'application/json' },
    },
    body: encoder.encode(JSON.stringify(body)),
  });

/** A cleartext HTTP/2 server speaking ConverseStream's event stream, like the sandbox's model server. */
let server: Http2Server;
let endpoint: string;
const requests: { path: string; body: unknown }[] = [];

beforeAll(async () => {
  server = createServer();
  server.on('stream', (stream, headers) => {
    let body = '';
    stream.on('data', (data: Buffer) => (body += data.toString()));
    stream.on('end', () => {
      const path = String(headers[':path']);
      requests.push({ path, body: JSON.parse(body) });
      stream.respond({ ':status': 200, 'content-type': 'application/vnd.amazon.eventstream' });
      stream.write(frame('event', 'messageStart', { role: 'assistant' }));
      stream.write(frame('event', 'contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Hel' } }));
      stream.write(frame('event', 'contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'lo' } }));
      if (path.includes('throttled')) {
        stream.end(frame('exception', 'throttlingException', { message: 'slow down' }));
        return;
      }
      stream.write(frame('event', 'contentBlockStop', { contentBlockIndex: 0 }));
      stream.write(frame('event', 'messageStop', { stopReason: 'max_tokens' }));
      stream.end(frame('event', 'metadata', { usage: { inputTokens: 5, outputTokens: 2, totalTokens: 7 }, metrics: { latencyMs: 1 } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const model = () =>
  new BedrockModelClient(
    createBedrockRuntimeClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' } }),
  );

async function collect(modelId: string): Promise<ModelStreamEvent[]> {
  const events: ModelStreamEvent[] = [];
  const stream = model().converseStream(
    { modelId, messages: [{ role: 'user', content: [{ text: 'hi' }] }], systemPrompt: 'sys', inferenceConfig: { maxTokens: 2, stopSequences: [] } },
    new AbortController().signal,
  );
  for await (const event of stream) events.push(event);
  return events;
}

describe('BedrockModelClient', () => {
  it('runs ConverseStream and yields text, stop and usage events', async () => {
    await expect(collect('amazon.nova-lite-v1:0')).resolves.toEqual([
      { type: 'text', text: 'Hel' },
      { type: 'text', text: 'lo' },
      { type: 'stop', stopReason: 'max_tokens' },
      { type: 'usage', usage: { inputTokens: 5, outputTokens: 2 } },
    ]);
    expect(requests.at(-1)).toEqual({
      path: '/model/amazon.nova-lite-v1%3A0/converse-stream',
      body: { messages: [{ role: 'user', content: [{ text: 'hi' }] }], system: [{ text: 'sys' }], inferenceConfig: { maxTokens: 2 } },
    });
  });

  it('surfaces an exception frame as an error with the exception name', async () => {
    const events: ModelStreamEvent[] = [];
    const error = await (async () => {
      const stream = model().converseStream({ modelId: 'throttled', messages: [] }, new AbortController().signal);
      for await (const event of stream) events.push(event);
    })().catch((e: unknown) => e);
    expect(events).toHaveLength(2);
    expect(error).toMatchObject({ name: 'ThrottlingException' });
  });
});

describe('compactInferenceConfig', () => {
  it('drops unset values and empty stop sequences', () => {
    expect(compactInferenceConfig({ temperature: 0, topP: undefined, stopSequences: [] })).toEqual({ temperature: 0 });
    expect(compactInferenceConfig({})).toBeUndefined();
  });
});
