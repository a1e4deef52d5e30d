import { describe, expect, it } from 'vitest';
import { imageFormatOf, imageInputOf, toBase64 } from './image-files.js';

describe('image files', () => {
  it('tells the format by the magic number', () => {
    expect(imageFormatOf(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('PNG');
    expect(imageFormatOf(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('JPEG');
    expect(imageFormatOf(new TextEncoder().encode('GIF89a...'))).toBe('GIF');
    expect(imageFormatOf(new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 '))).toBe('WEBP');
    expect(imageFormatOf(new TextEncoder().encode('%PDF-1.7'))).toBeUndefined();
  });

  it('encodes large files as standard base64', () => {
    const bytes = new Uint8Array(100_001).map((_, i) => i % 251);
    const encoded = toBase64(bytes);
    expect(encoded).toMatch(/^[A-Za-z0-9+/]*={0,2}$/);
    expect(Uint8Array.from(atob(encoded), (char) => char.charCodeAt(0))).toEqual(bytes);
  });

  it('turns a file into an image input, and refuses other files', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2]);
    await expect(imageInputOf(Object.assign(new Blob([png]), { name: 'a.png' }))).resolves.toEqual({ format: 'PNG', base64: btoa(String.fromCharCode(...png)) });
    await expect(imageInputOf(Object.assign(new Blob(['hello']), { name: 'a.txt' }))).rejects.toMatchObject({ name: 'UnsupportedImageError' });
  });
});
