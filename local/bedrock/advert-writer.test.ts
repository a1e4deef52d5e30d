import {
  ConverseCommand,
  ConverseStreamCommand,
  type ContentBlock,
  type ConverseStreamCommandInput,
  type ConverseStreamOutput,
} from '@aws-sdk/client-bedrock-runtime';
import { describe, expect, it } from 'vitest';
import { ADVERT_SYSTEM_PROMPT, advertInferenceConfig, advertMessages } from '../../functions/advert-stream/advert-prompt.js';
import { TEST_MODEL_ID, useModelServer } from './test-model-server.js';


const modelId = TEST_MODEL_ID;
const fixture = useModelServer();

const SPEC = [
  'Aurora 7 family SUV',
  '- Seats: 7 seats in three rows',
  '- Towing: 2,500 kg braked',
  '- Range: 610 km on a full tank',
  '- 5-star Euro NCAP safety rating',
  '- Heated steering wheel',
].join('\n');
const FIGURES = ['7 seats in three rows', '2,500 kg braked', '610 km on a full tank', '5-star Euro NCAP safety rating'];

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46]);

interface AdvertAsk {
  spec?: string;
  persona?: string;
  tone?: string;
  wordCount?: number;
  images?: ContentBlock[];
}

/** The user turn as the advert prompt template writes it (tags around the user's input, images first). */
function advertRequest({ spec = SPEC, persona = 'Young families', tone, wordCount = 120, images = [] }: AdvertAsk): ConverseStreamCommandInput {
  const text = [
    `<product_spec>\n${spec}\n</product_spec>`,
    `<audience>${persona}</audience>`,
    ...(tone === undefined ? [] : [`<tone>${tone}</tone>`]),
    `<word_count>${wordCount}</word_count>`,
  ].join('\n');
  return { modelId, system: [{ text: 'You are a copywriter.' }], messages: [{ role: 'user', content: [...images, { text }] }] };
}

async function collect(input: ConverseStreamCommandInput) {
  const response = await fixture.client.send(new ConverseStreamCommand(input));
  const events: ConverseStreamOutput[] = [];
  for await (const event of response.stream ?? []) events.push(event);
  const deltas = events.flatMap((event) => (event.contentBlockDelta?.delta?.text === undefined ? [] : [event.contentBlockDelta.delta.text]));
  const metadata = events.find((event) => event.metadata)?.metadata;
  const stopReason = events.find((event) => event.messageStop)?.messageStop?.stopReason;
  return { deltas, text: deltas.join(''), usage: metadata?.usage, stopReason };
}

const wordsOf = (text: string) => text.split(/\s+/).filter(Boolean).length;

describe('the advert writer', () => {
  it("writes a headline naming the product, then copy for the persona with the spec's figures, the photos, the tone and a call to action", async () => {
    const { text, deltas, usage, stopReason } = await collect(
      advertRequest({ tone: 'upbeat', images: [{ image: { format: 'png', source: { bytes: png } } }, { image: { format: 'jpeg', source: { bytes: jpeg } } }] }),
    );
    const [headline, body, ...more] = text.split('\n');
    expect(more).toEqual([]);
    expect(headline).toMatch(/^Aurora 7 family SUV\b/);
    expect(body).toMatch(/^For Young families: /);
    for (const figure of FIGURES) expect(body).toContain(figure);
    expect(body).toContain('2 photos');
    expect(body).toMatch(/upbeat/i);
    expect(body).toMatch(/(today|now and see the difference|for yourself)\.$/);
    expect(text).not.toContain('You said');

    // Tokens: one word each, with its leading space (a newline for the body's first word).
    expect(deltas.slice(1).every((delta) => /^[ \n]\S+$/.test(delta))).toBe(true);
    expect(deltas.filter((delta) => delta.startsWith('\n'))).toHaveLength(1);
    expect(stopReason).toBe('end_turn');
    expect(usage?.outputTokens).toBe(deltas.length);
    expect(usage?.inputTokens).toBeGreaterThan(2 * 256);
    expect(fixture.server.stats.snapshot().streams.at(-1)?.imageCount).toBe(2);
  });

  it('says "the photo" for a single image and nothing about photos without one', async () => {
    const one = await collect(advertRequest({ images: [{ image: { format: 'png', source: { bytes: png } } }] }));
    expect(one.text).toMatch(/the photo\b/);
    const none = await collect(advertRequest({}));
    expect(none.text).not.toMatch(/photo/);
  });

  it('gives the same text for the same request and different text for another persona', async () => {
    const first = await collect(advertRequest({ persona: 'Young families' }));
    const again = await collect(advertRequest({ persona: 'Young families' }));
    expect(again.deltas).toEqual(first.deltas);

    const other = await collect(advertRequest({ persona: 'Driving enthusiasts' }));
    expect(other.text).not.toEqual(first.text);
    expect(other.text).toContain('For Driving enthusiasts:');
    expect(other.text).not.toContain('Young families');
    for (const figure of FIGURES) expect(other.text).toContain(figure);
  });

  it.each([25, 60, 150, 500])('keeps word_count %i within 20 percent, with every figure', async (wordCount) => {
    const { text, deltas } = await collect(advertRequest({ wordCount, tone: 'confident and warm', images: [{ image: { format: 'png', source: { bytes: png } } }] }));
    expect(deltas).toHaveLength(wordsOf(text));
    expect(wordsOf(text)).toBeGreaterThanOrEqual(Math.floor(wordCount * 0.8));
    expect(wordsOf(text)).toBeLessThanOrEqual(Math.ceil(wordCount * 1.2));
    expect(text).toContain('Aurora 7 family SUV');
    expect(text).toContain('Young families');
    for (const figure of FIGURES) expect(text).toContain(figure);
  });

  it('cuts at a sentence end when word_count cannot hold every detail', async () => {
    const spec = ['Atlas lamp', ...Array.from({ length: 12 }, (_, index) => `Feature ${index + 1}: rated for ${(index + 1) * 1000} hours of light`)].join('\n');
    const { text } = await collect(advertRequest({ spec, wordCount: 30 }));
    expect(wordsOf(text)).toBeLessThanOrEqual(36);
    expect(text).toContain('1000 hours');
    expect(text).not.toContain('12000 hours');
    expect(text).toMatch(/\.$/);
  });

  it('still obeys [[tokens=N]], maxTokens and stop sequences', async () => {
    const exact = await collect(advertRequest({ spec: `${SPEC}\n[[tokens=150]]`, wordCount: 120 }));
    expect(exact.deltas).toHaveLength(150);
    expect(exact.text).not.toContain('[[tokens');
    for (const figure of FIGURES) expect(exact.text).toContain(figure);

    const capped = await collect({ ...advertRequest({ spec: `${SPEC}\n[[tokens=150]]` }), inferenceConfig: { maxTokens: 9 } });
    expect(capped.deltas).toEqual(exact.deltas.slice(0, 9));
    expect(capped.stopReason).toBe('max_tokens');

    const stopped = await collect({ ...advertRequest({}), inferenceConfig: { stopSequences: ['2,500'] } });
    expect(stopped.stopReason).toBe('stop_sequence');
    expect(stopped.text).toContain('7 seats');
    expect(stopped.text).not.toContain('2,500');
  });

  it('answers the reviewed advert prompt template in kind, streamed and not', async () => {
    const input = {
      modelId,
      system: [{ text: ADVERT_SYSTEM_PROMPT }],
      messages: advertMessages({ spec: SPEC, persona: 'Outdoor adventurers', tone: null, wordCount: 80, images: [{ format: 'png', bytes: png }] }),
      inferenceConfig: advertInferenceConfig(80),
    };
    const streamed = await collect(input);
    expect(streamed.text).toMatch(/^Aurora 7 family SUV/);
    expect(streamed.text).toContain('For Outdoor adventurers:');
    for (const figure of FIGURES) expect(streamed.text).toContain(figure);
    expect(streamed.text).toContain('the photo');
    expect(streamed.stopReason).toBe('end_turn');

    const answered = await fixture.client.send(new ConverseCommand(input));
    expect(answered.output?.message?.content?.[0]?.text).toBe(streamed.text);
  });

  it('answers as usual when the message has no product spec', async () => {
    const { text } = await collect({ modelId, messages: [{ role: 'user', content: [{ text: 'Write an advert for <audience>cats</audience>' }] }] });
    expect(text).toMatch(/^You said "Write an advert for/);
  });
});
