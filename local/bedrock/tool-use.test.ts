import {
  ConverseCommand,
  ConverseStreamCommand,
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
  ValidationException,
  type ConverseCommandInput,
  type ToolConfiguration,
} from '@aws-sdk/client-bedrock-runtime';
import { request as httpRequest, createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { handleModelAdminRequest } from './index.js';
import { TEST_MODEL_ID, useModelServer } from './test-model-server.js';


const modelId = TEST_MODEL_ID;
const fixture = useModelServer();

const sentiments = ['positive', 'neutral', 'negative'];

/** A CONTENT_INSIGHTS-like schema: every kind of constraint the generator honours. */
const insightsSchema = {
  type: 'object',
  properties: {
    summary: { type: 'string', description: 'One-paragraph summary', minLength: 10, maxLength: 120 },
    sentiment: { type: 'string', enum: sentiments },
    score: { type: 'number', minimum: 0, maximum: 1 },
    readingMinutes: { type: 'integer', minimum: 1, maximum: 30 },
    keywords: { type: 'array', items: { type: 'string' }, minItems: 3, maxItems: 6 },
    isSpam: { type: 'boolean' },
    audience: {
      type: 'object',
      properties: { segment: { type: 'string', maxLength: 12 }, ageMin: { type: 'integer', minimum: 18, maximum: 99 } },
      required: ['segment', 'ageMin'],
    },
  },
  required: ['summary', 'sentiment', 'score', 'keywords', 'audience'],
};

interface Insights {
  summary: string;
  sentiment: string;
  score: number;
  readingMinutes: number;
  keywords: string[];
  isSpam: boolean;
  audience: { segment: string; ageMin: number };
}

const toolConfig: ToolConfiguration = {
  tools: [{ toolSpec: { name: 'record_insights', description: 'Record content insights', inputSchema: { json: insightsSchema } } }],
  toolChoice: { tool: { name: 'record_insights' } },
};

const article =
  'Solar panels on community rooftops cut electricity bills for families across the valley, ' +
  'while volunteers trained neighbours to maintain inverters and batteries.';

const forcedTool = (text: string): ConverseCommandInput => ({ modelId, messages: [{ role: 'user', content: [{ text }] }], toolConfig });

/** The schema above, checked by hand. */
function expectInsights(value: unknown, sourceText: string): asserts value is Insights {
  const input = value as Insights;
  for (const field of insightsSchema.required) expect(input).toHaveProperty(field);
  expect(typeof input.summary).toBe('string');
  expect(input.summary.length).toBeGreaterThanOrEqual(10);
  expect(input.summary.length).toBeLessThanOrEqual(120);
  expect(sentiments).toContain(input.sentiment);
  expect(input.score).toBeGreaterThanOrEqual(0);
  expect(input.score).toBeLessThanOrEqual(1);
  expect(Number.isInteger(input.readingMinutes)).toBe(true);
  expect(input.readingMinutes).toBeGreaterThanOrEqual(1);
  expect(input.readingMinutes).toBeLessThanOrEqual(30);
  expect(typeof input.isSpam).toBe('boolean');
  expect(input.keywords.length).toBeGreaterThanOrEqual(3);
  expect(input.keywords.length).toBeLessThanOrEqual(6);
  expect(new Set(input.keywords).size).toBe(input.keywords.length);
  // Free text refers to the input: every keyword is a word of the message.
  for (const keyword of input.keywords) expect(sourceText).toContain(keyword);
  expect(input.audience.segment.length).toBeLessThanOrEqual(12);
  expect(Number.isInteger(input.audience.ageMin)).toBe(true);
  expect(input.audience.ageMin).toBeGreaterThanOrEqual(18);
  expect(input.audience.ageMin).toBeLessThanOrEqual(99);
}

describe('Converse with a forced tool', () => {
  it('answers with one toolUse whose input conforms to the schema and quotes the message', async () => {
    const response = await fixture.client.send(new ConverseCommand(forcedTool(article)));
    expect(response.stopReason).toBe('tool_use');
    const content = response.output?.message?.content ?? [];
    expect(content).toHaveLength(1);
    const toolUse = content[0]?.toolUse;
    expect(toolUse?.name).toBe('record_insights');
    expect(toolUse?.toolUseId).toMatch(/^tooluse_[A-Za-z0-9]{22}$/);
    expectInsights(toolUse?.input, article);
    // The summary is an excerpt of the message (cut at a word boundary to fit maxLength).
    const firstWord = toolUse?.input.summary.split(' ')[0] ?? '';
    expect(article).toContain(firstWord);
    expect(response.usage?.outputTokens).toBe(Math.ceil(JSON.stringify(toolUse?.input).length / 4));
    // The tool definition counts as input.
    expect(response.usage?.inputTokens).toBeGreaterThan(Math.ceil(article.length / 4));
  });

  it('is deterministic for the same request and varies with the message', async () => {
    const first = await fixture.client.send(new ConverseCommand(forcedTool(article)));
    const again = await fixture.client.send(new ConverseCommand(forcedTool(article)));
    expect(again.output?.message?.content).toEqual(first.output?.message?.content);
    const other = `${article} Grants from the council paid for ladders.`;
    const different = await fixture.client.send(new ConverseCommand(forcedTool(other)));
    expect(different.output?.message?.content?.[0]?.toolUse?.input).not.toEqual(first.output?.message?.content?.[0]?.toolUse?.input);
  });

  it('conforms across many messages', async () => {
    for (let index = 0; index < 25; index += 1) {
      const text = `Message ${index}: ${article.split(' ').slice(index % 7).join(' ')}`;
      const response = await fixture.client.send(new ConverseCommand(forcedTool(text)));
      expectInsights(response.output?.message?.content?.[0]?.toolUse?.input, text);
    }
  });

  it('calls one of the tools for `any`, and answers in text for `auto`', async () => {
    const tools = [
      ...(toolConfig.tools ?? []),
      { toolSpec: { name: 'flag', inputSchema: { json: { type: 'object', properties: { reason: { type: 'string' } }, required: ['reason'] } } } },
    ];
    const any = await fixture.client.send(new ConverseCommand({ ...forcedTool(article), toolConfig: { tools, toolChoice: { any: {} } } }));
    expect(any.stopReason).toBe('tool_use');
    expect(['record_insights', 'flag']).toContain(any.output?.message?.content?.[0]?.toolUse?.name);
    const auto = await fixture.client.send(new ConverseCommand({ ...forcedTool(article), toolConfig: { tools, toolChoice: { auto: {} } } }));
    expect(auto.stopReason).toBe('end_turn');
    expect(auto.output?.message?.content?.[0]?.text).toMatch(/^You said "Solar panels/);
  });

  it('rejects a tool choice naming a tool that was not offered', async () => {
    const error = await fixture.client
      .send(new ConverseCommand({ ...forcedTool(article), toolConfig: { ...toolConfig, toolChoice: { tool: { name: 'nope' } } } }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationException);
  });
});

describe('ConverseStream with a forced tool', () => {
  it('streams contentBlockStart, input JSON pieces, and stops with tool_use', async () => {
    const response = await fixture.client.send(new ConverseStreamCommand(forcedTool(article)));
    const kinds: string[] = [];
    let start: { toolUseId?: string; name?: string } | undefined;
    let json = '';
    let stopReason: string | undefined;
    for await (const event of response.stream ?? []) {
      kinds.push(Object.keys(event).find((key) => key !== '$unknown') ?? '?');
      if (event.contentBlockStart) start = event.contentBlockStart.start?.toolUse;
      if (event.contentBlockDelta?.delta?.toolUse) json += event.contentBlockDelta.delta.toolUse.input ?? '';
      if (event.messageStop) stopReason = event.messageStop.stopReason;
    }
    expect(kinds.slice(0, 2)).toEqual(['messageStart', 'contentBlockStart']);
    expect(kinds.slice(-3)).toEqual(['contentBlockStop', 'messageStop', 'metadata']);
    expect(kinds.filter((kind) => kind === 'contentBlockDelta').length).toBeGreaterThan(1);
    expect(stopReason).toBe('tool_use');
    expect(start?.name).toBe('record_insights');
    // The assembled input is what Converse answers for the same request.
    const whole = await fixture.client.send(new ConverseCommand(forcedTool(article)));
    expect(start?.toolUseId).toBe(whole.output?.message?.content?.[0]?.toolUse?.toolUseId);
    expect(JSON.parse(json)).toEqual(whole.output?.message?.content?.[0]?.toolUse?.input);
    expect(fixture.server.stats.snapshot().streams[0]).toMatchObject({ outcome: 'complete', stopReason: 'tool_use' });
  });
});

describe('InvokeModel with tools', () => {
  const novaBody = (text: string) =>
    JSON.stringify({ schemaVersion: 'messages-v1', messages: [{ role: 'user', content: [{ text }] }], toolConfig, inferenceConfig: { max_new_tokens: 500 } });

  it('answers the Amazon Nova format with a toolUse block', async () => {
    const response = await fixture.client.send(new InvokeModelCommand({ modelId, body: novaBody(article) }));
    const body = JSON.parse(new TextDecoder().decode(response.body)) as {
      output: { message: { role: string; content: Array<{ toolUse?: { toolUseId: string; name: string; input: unknown } }> } };
      stopReason: string;
    };
    expect(body.stopReason).toBe('tool_use');
    expect(body.output.message.role).toBe('assistant');
    expect(body.output.message.content[0]?.toolUse?.name).toBe('record_insights');
    expectInsights(body.output.message.content[0]?.toolUse?.input, article);
  });

  it('streams the Nova tool use as chunk events', async () => {
    const response = await fixture.client.send(new InvokeModelWithResponseStreamCommand({ modelId, body: novaBody(article) }));
    const chunks: Array<Record<string, { delta?: { toolUse?: { input: string } }; start?: { toolUse?: { name: string } }; stopReason?: string }>> = [];
    for await (const event of response.body ?? []) {
      if (event.chunk?.bytes) chunks.push(JSON.parse(new TextDecoder().decode(event.chunk.bytes)) as (typeof chunks)[number]);
    }
    expect(chunks[1]?.contentBlockStart?.start?.toolUse?.name).toBe('record_insights');
    const json = chunks.map((chunk) => chunk.contentBlockDelta?.delta?.toolUse?.input ?? '').join('');
    expectInsights(JSON.parse(json), article);
    expect(chunks.find((chunk) => chunk.messageStop)?.messageStop?.stopReason).toBe('tool_use');
  });

  const anthropicBody = (stream = false) =>
    JSON.stringify({
      anthropic_version: 'bedrock-2023-05-31',
      max_tokens: 400,
      tools: [{ name: 'record_insights', description: 'Record content insights', input_schema: insightsSchema }],
      tool_choice: { type: 'tool', name: 'record_insights' },
      messages: [{ role: 'user', content: stream ? [{ type: 'text', text: article }] : article }],
    });

  it('answers the Anthropic format with a tool_use block', async () => {
    const response = await fixture.client.send(new InvokeModelCommand({ modelId: 'anthropic.claude-3-haiku-20240307-v1:0', body: anthropicBody() }));
    const body = JSON.parse(new TextDecoder().decode(response.body)) as {
      content: Array<{ type: string; id: string; name: string; input: unknown }>;
      stop_reason: string;
    };
    expect(body.stop_reason).toBe('tool_use');
    expect(body.content).toHaveLength(1);
    expect(body.content[0]).toMatchObject({ type: 'tool_use', name: 'record_insights', id: expect.stringMatching(/^toolu_bdrk_01/) as unknown });
    expectInsights(body.content[0]?.input, article);
  });

  it('streams the Anthropic tool use as input_json_delta events', async () => {
    const response = await fixture.client.send(
      new InvokeModelWithResponseStreamCommand({ modelId: 'anthropic.claude-3-haiku-20240307-v1:0', body: anthropicBody(true) }),
    );
    const events: Array<{ type: string; content_block?: { type: string }; delta?: { type?: string; partial_json?: string; stop_reason?: string } }> = [];
    for await (const event of response.body ?? []) {
      if (event.chunk?.bytes) events.push(JSON.parse(new TextDecoder().decode(event.chunk.bytes)) as (typeof events)[number]);
    }
    expect(events[1]?.content_block?.type).toBe('tool_use');
    const json = events.map((event) => (event.delta?.type === 'input_json_delta' ? event.delta.partial_json : '')).join('');
    expectInsights(JSON.parse(json), article);
    expect(events.find((event) => event.type === 'message_delta')?.delta?.stop_reason).toBe('tool_use');
  });
});

describe('the invalid-tool-output fault', () => {
  it('drops a required field from the next marked tool use only, and text answers do not consume it', async () => {
    fixture.server.faults.invalidToolOutput(1, { marker: '#bad-output' });
    const marked = `${article} #bad-output`;
    // A text answer for the marked message leaves the fault in place.
    await fixture.client.send(new ConverseCommand({ modelId, messages: [{ role: 'user', content: [{ text: marked }] }] }));
    await fixture.client.send(new ConverseCommand(forcedTool(article)));
    expect(fixture.server.faults.snapshot().invalidToolOutput).toHaveLength(1);

    const broken = await fixture.client.send(new ConverseCommand(forcedTool(marked)));
    const input = broken.output?.message?.content?.[0]?.toolUse?.input as Record<string, unknown>;
    expect(broken.stopReason).toBe('tool_use');
    expect(input).not.toHaveProperty('summary');
    expect(input).toHaveProperty('sentiment');
    expect(fixture.server.faults.snapshot().invalidToolOutput).toHaveLength(0);

    const healthy = await fixture.client.send(new ConverseCommand(forcedTool(marked)));
    expectInsights(healthy.output?.message?.content?.[0]?.toolUse?.input, marked);
  });

  it('is set through the admin route', async () => {
    const admin: Server = createServer((req, res) => void handleModelAdminRequest(fixture.server, req, res));
    await new Promise<void>((resolve) => admin.listen(0, '127.0.0.1', resolve));
    try {
      const status = await new Promise<number>((resolve, reject) => {
        const req = httpRequest(`http://127.0.0.1:${(admin.address() as AddressInfo).port}/__sandbox/model/faults`, { method: 'POST' }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end(JSON.stringify({ invalidToolOutput: { count: 1 } }));
      });
      expect(status).toBe(200);
      expect(fixture.server.faults.snapshot().invalidToolOutput).toEqual([{ remaining: 1 }]);
      const response = await fixture.client.send(new ConverseStreamCommand(forcedTool(article)));
      let json = '';
      for await (const event of response.stream ?? []) json += event.contentBlockDelta?.delta?.toolUse?.input ?? '';
      expect(JSON.parse(json)).not.toHaveProperty('summary');
    } finally {
      await new Promise<void>((resolve) => admin.close(() => resolve()));
    }
  });
});
