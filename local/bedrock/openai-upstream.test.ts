import { BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand, ThrottlingException } from '@aws-sdk/client-bedrock-runtime';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startModelServer, type ModelServer } from './index.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

/** The PNG signature: enough for the server's image check. */
const pngMagic = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

// A stand-in for an OpenAI-compatible server: streams three pieces, or answers 429 when asked to.
let upstream: Server;
const received: Array<Record<string, unknown>> = [];
let modelServer: ModelServer;
let client: BedrockRuntimeClient;

beforeAll(async () => {
  upstream = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const request = JSON.parse(body) as Record<string, unknown>;
      received.push(request);
      if (JSON.stringify(request).includes('busy')) {
        res.writeHead(429).end('{}');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const chunks = [
        { choices: [{ delta: { content: 'Hello' } }] },
        { choices: [{ delta: { content: ' from' } }] },
        { choices: [{ delta: { content: ' upstream' }, finish_reason: 'length' }] },
        { choices: [], usage: { prompt_tokens: 11, completion_tokens: 3 } },
      ];
      for (const chunk of chunks) res.write(`data: ${JSON.stringify(chunk)}\n\n`);
      res.end('data: [DONE]\n\n');
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/v1`;
  modelServer = await startModelServer({ upstream: { baseUrl, model: 'local-llm' } });
  client = new BedrockRuntimeClient({ endpoint: modelServer.url, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' }, maxAttempts: 1 });
});

afterAll(async () => {
  client.destroy();
  await modelServer.close();
  await new Promise<void>((resolve) => upstream.close(() => resolve()));
});

describe('OpenAI-compatible upstream', () => {
  it('streams the upstream tokens as Bedrock events, with its usage and stop reason', async () => {
    const response = await client.send(
      new ConverseStreamCommand({
        modelId: 'amazon.nova-lite-v1:0',
        system: [{ text: 'Be brief.' }],
        messages: [{ role: 'user', content: [{ text: 'hi' }, { image: { format: 'png', source: { bytes: pngMagic } } }] }],
        inferenceConfig: { maxTokens: 3 },
      }),
    );
    const deltas: string[] = [];
    let stopReason: string | undefined;
    let outputTokens: number | undefined;
    for await (const event of response.stream ?? []) {
      if (event.contentBlockDelta?.delta?.text) deltas.push(event.contentBlockDelta.delta.text);
      if (event.messageStop) stopReason = event.messageStop.stopReason;
      if (event.metadata) outputTokens = event.metadata.usage?.outputTokens;
    }
    expect(deltas).toEqual(['Hello', ' from', ' upstream']);
    expect(stopReason).toBe('max_tokens');
    expect(outputTokens).toBe(3);
    expect(received.at(-1)).toMatchObject({
      model: 'local-llm',
      stream: true,
      max_tokens: 3,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: [{ type: 'text', text: 'hi' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }] },
      ],
    });
  });

  it('answers Converse from the upstream and maps its 429 to ThrottlingException', async () => {
    const response = await client.send(new ConverseCommand({ modelId: 'm', messages: [{ role: 'user', content: [{ text: 'hi' }] }] }));
    expect(response.output?.message?.content?.[0]?.text).toBe('Hello from upstream');
    expect(response.usage).toMatchObject({ inputTokens: 11, outputTokens: 3 });
    await expect(client.send(new ConverseCommand({ modelId: 'm', messages: [{ role: 'user', content: [{ text: 'busy' }] }] }))).rejects.toBeInstanceOf(
      ThrottlingException,
    );
  });
});
