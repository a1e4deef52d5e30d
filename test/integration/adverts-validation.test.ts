// Each input rule of createAdvert: a clear error with an errorType, and nothing written
// (no advert listed, no object in S3) for the caller.
import { describe, expect, it } from 'vitest';
import { AdvertsDocument, CreateAdvertDocument, type CreateAdvertInput } from '../../client/index.js';
import { imagesBucket, subOf } from '../support/advert-storage.js';
import { imageInput, jpeg, png, pngDeclaring } from '../support/images.js';
import { clientAs } from '../support/sandbox-context.js';

const valid: CreateAdvertInput = { spec: 'Water bottle, 750 ml, keeps drinks cold for 24 hours' };
const tooBig = Buffer.alloc(3_750_001, 1);
png().copy(tooBig); // a PNG's magic number, then filler

const cases: Array<[string, Partial<CreateAdvertInput>, string]> = [
  ['an empty spec', { spec: '' }, 'ValidationError'],
  ['a blank spec', { spec: '   \n ' }, 'ValidationError'],
  ['a spec over 20,000 characters', { spec: 'x'.repeat(20_001) }, 'ValidationError'],
  ['six personas', { personas: ['a', 'b', 'c', 'd', 'e', 'f'] }, 'ValidationError'],
  ['the same persona twice', { personas: ['Parents', 'parents'] }, 'ValidationError'],
  ['a word count of 24', { wordCount: 24 }, 'ValidationError'],
  ['a word count of 501', { wordCount: 501 }, 'ValidationError'],
  ['an unknown model', { modelId: 'acme.unknown-model-v1:0' }, 'UnsupportedModel'],
  ['six images', { images: Array.from({ length: 6 }, () => imageInput('PNG')) }, 'ValidationError'],
  ['base64 that does not decode', { images: [{ format: 'PNG', base64: 'iVBORw0K*GgoAAAA' }] }, 'ValidationError'],
  ['a PNG declared as JPEG', { images: [{ format: 'JPEG', base64: png().toString('base64') }] }, 'ValidationError'],
  ['a JPEG declared as WEBP', { images: [{ format: 'WEBP', base64: jpeg().toString('base64') }] }, 'ValidationError'],
  ['an image over 3,750,000 bytes', { images: [imageInput('PNG', tooBig)] }, 'ValidationError'],
  ['an image 9,000 pixels wide', { images: [imageInput('PNG', pngDeclaring(9000, 10))] }, 'ValidationError'],
  ['a bad client token', { clientToken: 'not a token!' }, 'ValidationError'],
];

describe('createAdvert input rules', () => {
  it.each(cases)('rejects %s, writing nothing', async (_rule, overrides, errorType) => {
    const carol = clientAs('carol');
    const s3 = imagesBucket();
    const prefix = `adverts/${subOf('carol')}/`;
    const listedBefore = (await carol.query(AdvertsDocument, { limit: 100 })).adverts.items.length;
    const objectsBefore = (await s3.keys(prefix)).length;

    const attempt = carol.mutate(CreateAdvertDocument, { input: { ...valid, ...overrides } });
    await expect(attempt).rejects.toMatchObject({ errorType });
    await expect(attempt).rejects.toThrow(/\S/); // a message a person can read

    expect((await carol.query(AdvertsDocument, { limit: 100 })).adverts.items).toHaveLength(listedBefore);
    expect(await s3.keys(prefix)).toHaveLength(objectsBefore);
    s3.close();
    carol.close();
  });
});
