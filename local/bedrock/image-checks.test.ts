import {
  ConverseCommand,
  ConverseStreamCommand,
  InvokeModelCommand,
  ValidationException,
  type ContentBlock,
  type ConverseStreamCommandInput,
  type ImageFormat,
} from '@aws-sdk/client-bedrock-runtime';
import { describe, expect, it } from 'vitest';
import { TEST_MODEL_ID, useModelServer } from './test-model-server.js';


const modelId = TEST_MODEL_ID;
const fixture = useModelServer();

/** Each format's signature followed by a few bytes of "pixels". */
const images = {
  png: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
  jpeg: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46]),
  gif: Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'),
  gif87: Buffer.from('GIF87a\x01\x00\x01\x00', 'latin1'),
  webp: Buffer.from('RIFF\x1a\x00\x00\x00WEBPVP8L', 'latin1'),
};

const image = (format: string, bytes: Uint8Array): ContentBlock => ({ image: { format: format as ImageFormat, source: { bytes } } });

const withImages = (...blocks: ContentBlock[]): ConverseStreamCommandInput => ({
  modelId,
  messages: [{ role: 'user', content: [...blocks, { text: 'What do you see?' }] }],
});

async function streamText(input: ConverseStreamCommandInput): Promise<string> {
  const response = await fixture.client.send(new ConverseStreamCommand(input));
  let text = '';
  for await (const event of response.stream ?? []) text += event.contentBlockDelta?.delta?.text ?? '';
  return text;
}

const rejection = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);

describe('image blocks', () => {
  it('accepts every format whose bytes carry its magic number, and records how many images reached the model', async () => {
    const text = await streamText(
      withImages(image('png', images.png), image('jpeg', images.jpeg), image('gif', images.gif), image('gif', images.gif87), image('webp', images.webp)),
    );
    expect(text).toMatch(/^You said "What do you see\?" with 5 images\./);
    await fixture.client.send(new ConverseCommand(withImages(image('png', images.png))));

    const stats = fixture.server.stats.snapshot();
    expect(stats.streams.map((stream) => stream.imageCount)).toEqual([5]);
    expect(stats.images).toBe(6);
    expect(stats.errors).toEqual({});
  });

  it('counts the images of every turn', async () => {
    await streamText({
      modelId,
      messages: [
        { role: 'user', content: [image('png', images.png), { text: 'first' }] },
        { role: 'assistant', content: [{ text: 'seen' }] },
        { role: 'user', content: [image('jpeg', images.jpeg), image('gif', images.gif), { text: 'second' }] },
      ],
    });
    expect(fixture.server.stats.snapshot().streams.at(-1)?.imageCount).toBe(3);
  });

  it.each([
    ['png bytes declared as jpeg', image('jpeg', images.png), /the image format jpeg does not match the image bytes/],
    ['jpeg bytes declared as png', image('png', images.jpeg), /the image format png does not match the image bytes/],
    ['a GIF without its version', image('gif', Buffer.from('GIF90a\x01\x00', 'latin1')), /format gif does not match/],
    ['a RIFF file that is not WEBP', image('webp', Buffer.from('RIFF\x1a\x00\x00\x00WAVEfmt ', 'latin1')), /format webp does not match/],
    ['bytes too short for the signature', image('png', images.png.subarray(0, 4)), /format png does not match/],
    ['no bytes at all', image('png', new Uint8Array(0)), /empty|source\.bytes/],
    ['an unsupported format', image('bmp', Buffer.from('BM\x00\x00', 'latin1')), /format: expected one of png, jpeg, gif, webp/],
  ])('rejects %s with ValidationException before streaming, counting no image', async (_case, block, message) => {
    const error = await rejection(streamText(withImages(block)));
    expect(error).toBeInstanceOf(ValidationException);
    expect((error as Error).message).toMatch(message);
    const stats = fixture.server.stats.snapshot();
    expect(stats.errors).toEqual({ ValidationException: 1 });
    expect(stats.streams).toEqual([]);
    expect(stats.images).toBe(0);
  });

  it('allows 20 images per request and rejects 21, across turns', async () => {
    const twenty = Array.from({ length: 20 }, () => image('png', images.png));
    await expect(streamText(withImages(...twenty))).resolves.toMatch(/with 20 images/);

    const error = await rejection(
      streamText({
        modelId,
        messages: [
          { role: 'user', content: [image('png', images.png), { text: 'one' }] },
          { role: 'assistant', content: [{ text: 'ok' }] },
          { role: 'user', content: [...twenty, { text: 'twenty more' }] },
        ],
      }),
    );
    expect(error).toBeInstanceOf(ValidationException);
    expect((error as Error).message).toMatch(/Too many images: 21; a request may carry at most 20/);
  });

  it('allows an image of 3,750,000 bytes and rejects one byte more', async () => {
    const largest = Buffer.alloc(3_750_000);
    images.png.copy(largest);
    await expect(fixture.client.send(new ConverseCommand(withImages(image('png', largest))))).resolves.toBeDefined();

    const tooLarge = Buffer.concat([largest, Buffer.from([0])]);
    const error = await rejection(fixture.client.send(new ConverseCommand(withImages(image('png', tooLarge)))));
    expect(error).toBeInstanceOf(ValidationException);
    expect((error as Error).message).toMatch(/3750001 bytes; at most 3750000/);
  });

  it('checks Anthropic InvokeModel images the same way', async () => {
    const body = (data: Buffer) =>
      JSON.stringify({
        anthropic_version: 'bedrock-2023-05-31',
        max_tokens: 10,
        messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: data.toString('base64') } }, { type: 'text', text: 'hi' }] }],
      });
    const invoke = (data: Buffer) => fixture.client.send(new InvokeModelCommand({ modelId: 'anthropic.claude-3-haiku-20240307-v1:0', contentType: 'application/json', body: body(data) }));
    await expect(invoke(images.jpeg)).resolves.toBeDefined();
    expect(await rejection(invoke(images.webp))).toBeInstanceOf(ValidationException);
  });
});
