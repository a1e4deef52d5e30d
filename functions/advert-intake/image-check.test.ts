import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkImage, decodeBase64Strictly, IMAGE_RULES, ImageRejectedError, type ImageFormat } from './image-check.js';
import { GIF_1X1_BASE64, JPEG_2X3_BASE64, jpegBytes, PNG_1X1_BASE64, pngBytes, WEBP_4X5_BASE64, webpBytes } from './test-images.js';

/** A 1x1 PNG as published in many places (an RGBA pixel), not built by our helper. */
const WELL_KNOWN_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

const rejection = (format: ImageFormat, base64: string): string => {
  try {
    checkImage(format, base64);
  } catch (error) {
    expect(error).toBeInstanceOf(ImageRejectedError);
    return (error as Error).message;
  }
  throw new Error('expected the image to be rejected');
};

describe('decodeBase64Strictly', () => {
  it('decodes canonical base64', () => {
    expect(decodeBase64Strictly('aGk=').toString()).toBe('hi');
    expect([...decodeBase64Strictly('+/8=')]).toEqual([0xfb, 0xff]);
    expect(decodeBase64Strictly('')).toHaveLength(0);
  });

  it.each([
    ['the URL-safe alphabet', '-_8='],
    ['missing padding', 'aGk'],
    ['a line break', 'aGk=\naGk='],
    ['spaces', 'aG k='],
    ['padding in the middle', 'aQ==aGk='],
    ['three padding characters', 'a==='],
    ['non-zero bits after the last byte', 'aR=='],
    ['characters outside the alphabet', 'aGk*'],
    ['non-ASCII characters', 'aGké'],
  ])('rejects %s, which Buffer.from accepts', (_name, text) => {
    expect(() => Buffer.from(text, 'base64')).not.toThrow();
    expect(() => decodeBase64Strictly(text)).toThrow(ImageRejectedError);
  });
});

describe('checkImage', () => {
  it.each([
    ['PNG', PNG_1X1_BASE64, 1, 1],
    ['PNG', WELL_KNOWN_PNG, 1, 1],
    ['JPEG', JPEG_2X3_BASE64, 2, 3],
    ['GIF', GIF_1X1_BASE64, 1, 1],
    ['WEBP', WEBP_4X5_BASE64, 4, 5],
  ] as const)('accepts a %s and measures it', (format, base64, width, height) => {
    const bytes = Buffer.from(base64, 'base64');
    expect(checkImage(format, base64)).toEqual({
      format,
      bytes,
      sizeBytes: bytes.length,
      width,
      height,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
  });

  it('accepts the largest dimensions Bedrock allows', () => {
    expect(checkImage('PNG', pngBytes(8000, 8000, { pixels: false }).toString('base64'))).toMatchObject({ width: 8000, height: 8000 });
  });

  it('rejects a declared format that does not match the magic number', () => {
    expect(rejection('JPEG', PNG_1X1_BASE64)).toBe('is not a JPEG image: the data does not start with its magic number');
    expect(rejection('PNG', GIF_1X1_BASE64)).toMatch(/not a PNG image/);
    expect(rejection('GIF', WEBP_4X5_BASE64)).toMatch(/not a GIF image/);
    expect(rejection('WEBP', JPEG_2X3_BASE64)).toMatch(/not a WEBP image/);
    // "RIFF" alone is not enough: bytes 8..11 must say WEBP.
    const wave = webpBytes(4, 5);
    wave.write('WAVE', 8, 'ascii');
    expect(rejection('WEBP', wave.toString('base64'))).toMatch(/not a WEBP image/);
  });

  it('rejects dimensions over 8,000 or zero', () => {
    expect(rejection('PNG', pngBytes(9000, 10, { pixels: false }).toString('base64'))).toBe('width and height must be 1 to 8000 pixels, got 9000x10');
    expect(rejection('PNG', pngBytes(10, 8001, { pixels: false }).toString('base64'))).toMatch(/got 10x8001/);
    expect(rejection('JPEG', jpegBytes(9000, 100).toString('base64'))).toMatch(/got 9000x100/);
    expect(rejection('WEBP', webpBytes(4, 9000).toString('base64'))).toMatch(/got 4x9000/);
    expect(rejection('PNG', pngBytes(0, 5, { pixels: false }).toString('base64'))).toMatch(/got 0x5/);
  });

  it('rejects data that starts right but cannot be measured', () => {
    const signatureOnly = pngBytes(1, 1).subarray(0, 8).toString('base64');
    expect(rejection('PNG', signatureOnly)).toBe('is not a readable PNG image');
    const webpWithoutImage = webpBytes(4, 5);
    webpWithoutImage.write('JUNK', 12, 'ascii');
    expect(rejection('WEBP', webpWithoutImage.toString('base64'))).toBe('is not a readable WEBP image');
  });

  it('rejects lenient base64 and empty data', () => {
    expect(rejection('PNG', '')).toBe('base64 must not be empty');
    expect(rejection('PNG', `${PNG_1X1_BASE64.slice(0, 20)}\n${PNG_1X1_BASE64.slice(20)}`)).toMatch(/base64/);
    expect(rejection('PNG', PNG_1X1_BASE64.replace(/=+$/, ''))).toMatch(/base64/);
  });

  it('refuses more than 3,750,000 bytes before decoding, and checks exactly that many', () => {
    const over = 'A'.repeat(((IMAGE_RULES.maxBytes + 3) / 3) * 4);
    expect(rejection('PNG', over)).toBe('must decode to at most 3750000 bytes');
    const atLimit = 'A'.repeat((IMAGE_RULES.maxBytes / 3) * 4);
    expect(rejection('PNG', atLimit)).toMatch(/magic number/);
  });
});
