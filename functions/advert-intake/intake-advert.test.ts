import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { AdvertExistsError, TokenTakenError } from './advert-store.js';
import { intakeAdvert, MESSAGES, type AdvertIntakeResult } from './intake-advert.js';
import { advertRequestHash } from './request-hash.js';
import { checkImage } from './image-check.js';
import { FakeAdvertStore, FakeImageStore, intakeEvent, recordingLog } from './test-fakes.js';
import { GIF_1X1_BASE64, JPEG_2X3_BASE64, PNG_1X1_BASE64, pngBytes, WEBP_4X5_BASE64 } from './test-images.js';

const NOW_MS = Date.parse('2026-11-22T10:00:00.000Z');
const NOW_S = NOW_MS / 1000;

let images: FakeImageStore;
let adverts: FakeAdvertStore;
let log: ReturnType<typeof recordingLog>;
const deps = () => ({ images, adverts, log, now: () => NOW_MS });

beforeEach(() => {
  images = new FakeImageStore();
  adverts = new FakeAdvertStore();
  log = recordingLog();
});

const sha256 = (base64: string) => createHash('sha256').update(Buffer.from(base64, 'base64')).digest('hex');
const stored = (result: AdvertIntakeResult) => {
  if (!result.ok) throw new Error(`expected ok, got ${result.errorType}: ${result.message}`);
  return result;
};

describe('intakeAdvert: a new advert', () => {
  it('puts the images, writes advert, variants and token, and returns the items as stored', async () => {
    const event = intakeEvent({
      images: [
        { format: 'PNG', base64: PNG_1X1_BASE64 },
        { format: 'JPEG', base64: JPEG_2X3_BASE64 },
        { format: 'GIF', base64: GIF_1X1_BASE64 },
        { format: 'WEBP', base64: WEBP_4X5_BASE64 },
      ],
    });
    const { advertId, owner } = event;
    const result = await intakeAdvert(event, deps());

    const prefix = `adverts/${owner}/${advertId}/${event.variantIds[0]}/`;
    expect([...images.objects.values()].map(({ key, contentType, sha256: sha }) => ({ key, contentType, sha }))).toEqual([
      { key: `${prefix}0.png`, contentType: 'image/png', sha: sha256(PNG_1X1_BASE64) },
      { key: `${prefix}1.jpg`, contentType: 'image/jpeg', sha: sha256(JPEG_2X3_BASE64) },
      { key: `${prefix}2.gif`, contentType: 'image/gif', sha: sha256(GIF_1X1_BASE64) },
      { key: `${prefix}3.webp`, contentType: 'image/webp', sha: sha256(WEBP_4X5_BASE64) },
    ]);
    expect(Buffer.from(images.objects.get(`${prefix}1.jpg`)?.bytes ?? []).toString('base64')).toBe(JPEG_2X3_BASE64);

    const advert = {
      pk: `ADVERT#${advertId}`,
      sk: 'META',
      type: 'Advert',
      id: advertId,
      owner,
      spec: event.input.spec,
      tone: 'playful',
      wordCount: 150,
      modelId: 'amazon.nova-lite-v1:0',
      personas: ['Families', 'Trail runners'],
      bypassCache: false,
      images: [
        { position: 0, format: 'PNG', sizeBytes: Buffer.from(PNG_1X1_BASE64, 'base64').length, width: 1, height: 1, sha256: sha256(PNG_1X1_BASE64), key: `${prefix}0.png` },
        { position: 1, format: 'JPEG', sizeBytes: Buffer.from(JPEG_2X3_BASE64, 'base64').length, width: 2, height: 3, sha256: sha256(JPEG_2X3_BASE64), key: `${prefix}1.jpg` },
        { position: 2, format: 'GIF', sizeBytes: Buffer.from(GIF_1X1_BASE64, 'base64').length, width: 1, height: 1, sha256: sha256(GIF_1X1_BASE64), key: `${prefix}2.gif` },
        { position: 3, format: 'WEBP', sizeBytes: Buffer.from(WEBP_4X5_BASE64, 'base64').length, width: 4, height: 5, sha256: sha256(WEBP_4X5_BASE64), key: `${prefix}3.webp` },
      ],
      createdAt: event.createdAt,
      updatedAt: event.createdAt,
      gsi1pk: `OWNER#${owner}`,
      gsi1sk: event.createdAt,
    };
    const variant = (position: number, persona: string) => ({
      pk: `ADVERT#${advertId}`,
      sk: `VARIANT#0${position}`,
      type: 'AdvertVariant',
      id: event.variantIds[position],
      advertId,
      owner,
      position,
      persona,
      status: 'STREAMING',
      content: '',
      generation: 1,
      cached: false,
      createdAt: event.createdAt,
      updatedAt: event.createdAt,
    });
    const variants = [variant(0, 'Families'), variant(1, 'Trail runners')];
    expect(result).toEqual({ ok: true, replayed: false, advert, variants });

    const checked = event.input.images.map((image) => checkImage(image.format, image.base64));
    expect(adverts.created).toEqual([
      {
        advert,
        variants,
        token: {
          pk: `OWNER#${owner}`,
          sk: 'ADVERT_TOKEN#token-1',
          type: 'AdvertToken',
          advertId,
          requestHash: advertRequestHash(event.input, checked),
          expiresAt: NOW_S + 24 * 60 * 60,
        },
      },
    ]);
    expect(images.deleteCalls).toEqual([]);
  });

  it('writes no token without a clientToken, and handles no images', async () => {
    const event = intakeEvent({ clientToken: null, images: [], personas: ['General audience'], tone: null });
    const result = stored(await intakeAdvert(event, deps()));
    expect(result.advert).toMatchObject({ images: [], tone: null, personas: ['General audience'] });
    expect(result.variants).toHaveLength(1);
    expect(adverts.created[0]?.token).toBeUndefined();
    expect(images.objects.size).toBe(0);
  });

  it('logs ids, counts and sizes, never the spec or image data', async () => {
    const event = intakeEvent({ spec: 'TOP-SECRET-SPEC launch plans' });
    await intakeAdvert(event, deps());
    const logged = JSON.stringify(log.entries);
    expect(logged).toContain(event.advertId);
    expect(logged).toMatch(/"imageBytes":\d+/);
    expect(logged).not.toContain('TOP-SECRET-SPEC');
    expect(logged).not.toContain(PNG_1X1_BASE64.slice(0, 20));
  });
});

describe('intakeAdvert: image rules give ValidationError and write nothing', () => {
  const png = { format: 'PNG' as const, base64: PNG_1X1_BASE64 };
  const invalid = async (imagesInput: { format: 'PNG' | 'JPEG' | 'GIF' | 'WEBP'; base64: string }[]) => {
    const result = await intakeAdvert(intakeEvent({ images: imagesInput }), deps());
    expect(images.objects.size).toBe(0);
    expect(adverts.created).toHaveLength(0);
    if (result.ok) throw new Error('expected a ValidationError');
    expect(result.errorType).toBe('ValidationError');
    return result.message;
  };

  it('names the position of the broken image', async () => {
    await expect(invalid([png, png, { format: 'JPEG', base64: PNG_1X1_BASE64 }])).resolves.toBe(
      'images[2]: is not a JPEG image: the data does not start with its magic number',
    );
    await expect(invalid([png, { format: 'PNG', base64: pngBytes(9000, 10, { pixels: false }).toString('base64') }])).resolves.toBe(
      'images[1]: width and height must be 1 to 8000 pixels, got 9000x10',
    );
    await expect(invalid([{ format: 'PNG', base64: PNG_1X1_BASE64.replaceAll('A', '-') }])).resolves.toMatch(/^images\[0\]: base64/);
    await expect(invalid([png, { format: 'GIF', base64: ` ${GIF_1X1_BASE64.slice(1)}` }])).resolves.toMatch(/^images\[1\]: base64/);
    await expect(invalid([{ format: 'PNG', base64: '' }])).resolves.toBe('images[0]: base64 must not be empty');
  });

  it('allows at most 5 images', async () => {
    await expect(invalid(Array.from({ length: 6 }, () => png))).resolves.toBe('images allows at most 5 entries');
  });

  it('allows at most 3,750,000 bytes together', async () => {
    // Two images of 1,875,003 bytes each: each under the per-image limit, together over.
    const big = { format: 'PNG' as const, base64: 'A'.repeat(2_500_004) };
    await expect(invalid([big, big])).resolves.toBe('images together must decode to at most 3750000 bytes');
  });
});

describe('intakeAdvert: clientToken', () => {
  it('replays the first advert for the same token and input, writing nothing', async () => {
    const first = stored(await intakeAdvert(intakeEvent(), deps()));
    const putsBefore = images.objects.size;
    const retry = intakeEvent(); // a new advertId and variantIds, as the resolver makes on every call
    const result = await intakeAdvert(retry, deps());
    expect(result).toEqual({ ok: true, replayed: true, advert: first.advert, variants: first.variants });
    expect(adverts.created).toHaveLength(1);
    expect(images.objects.size).toBe(putsBefore);
  });

  it('answers IdempotencyConflict for the same token with another input', async () => {
    await intakeAdvert(intakeEvent(), deps());
    for (const change of [{ spec: 'Another spec' }, { images: [{ format: 'GIF' as const, base64: GIF_1X1_BASE64 }] }, { bypassCache: true }, { personas: ['Trail runners', 'Families'] }]) {
      await expect(intakeAdvert(intakeEvent(change), deps())).resolves.toEqual({
        ok: false,
        errorType: 'IdempotencyConflict',
        message: MESSAGES.idempotencyConflict,
      });
    }
    expect(adverts.created).toHaveLength(1);
  });

  it('treats an expired token as absent and replaces it', async () => {
    const first = stored(await intakeAdvert(intakeEvent(), deps()));
    const later = () => NOW_MS + 24 * 60 * 60 * 1000; // expiresAt <= now: expired
    const result = stored(await intakeAdvert(intakeEvent({ spec: 'Another spec' }), { images, adverts, log, now: later }));
    expect(result.replayed).toBe(false);
    expect(result.advert.id).not.toBe(first.advert.id);
    expect(adverts.created).toHaveLength(2);
  });

  it('answers Conflict when the token is live but its advert was deleted', async () => {
    const first = stored(await intakeAdvert(intakeEvent(), deps()));
    adverts.adverts.delete(first.advert.id);
    await expect(intakeAdvert(intakeEvent(), deps())).resolves.toEqual({ ok: false, errorType: 'Conflict', message: MESSAGES.replayedAdvertGone });
  });
});

describe('intakeAdvert: a client-chosen advert id', () => {
  it('accepts a UUID as the id and uses it in the keys', async () => {
    const advertId = '0f8fad5b-d9cb-469f-a165-70867728950e';
    const event = intakeEvent({}, { advertId });
    const result = stored(await intakeAdvert(event, deps()));
    expect(result.advert).toMatchObject({ id: advertId, pk: `ADVERT#${advertId}` });
    expect([...images.objects.keys()]).toEqual([`adverts/alice-sub/${advertId}/${event.variantIds[0]}/0.png`]);
  });

  it('answers Conflict for an id in use without touching its images', async () => {
    const first = stored(await intakeAdvert(intakeEvent({ clientToken: null }), deps()));
    const before = new Map(images.objects);
    const again = intakeEvent({ clientToken: null, images: [{ format: 'GIF', base64: GIF_1X1_BASE64 }] }, { advertId: first.advert.id });
    await expect(intakeAdvert(again, deps())).resolves.toEqual({ ok: false, errorType: 'Conflict', message: MESSAGES.idTaken });
    expect(images.objects).toEqual(before);
    expect(images.deleteCalls).toEqual([]);
    expect(adverts.created).toHaveLength(1);
  });

  it('still replays for the same id, token and input', async () => {
    const first = stored(await intakeAdvert(intakeEvent(), deps()));
    const retry = intakeEvent({}, { advertId: first.advert.id, variantIds: first.variants.map((v) => v.id) });
    await expect(intakeAdvert(retry, deps())).resolves.toMatchObject({ ok: true, replayed: true, advert: first.advert });
  });
});

describe('intakeAdvert: compensation', () => {
  const twoImages = () => intakeEvent({ images: [{ format: 'PNG', base64: PNG_1X1_BASE64 }, { format: 'GIF', base64: GIF_1X1_BASE64 }] });

  it('deletes the images and answers Conflict when a concurrent request took the token', async () => {
    adverts.createError = new TokenTakenError('taken');
    const event = twoImages();
    await expect(intakeAdvert(event, deps())).resolves.toEqual({ ok: false, errorType: 'Conflict', message: MESSAGES.tokenRace });
    const prefix = `adverts/${event.owner}/${event.advertId}/${event.variantIds[0]}/`;
    expect(images.deleteCalls).toEqual([[`${prefix}0.png`, `${prefix}1.gif`]]);
    expect(images.objects.size).toBe(0);
  });

  it('deletes the images and rethrows any other transaction failure', async () => {
    const failure = Object.assign(new Error('throttled'), { name: 'ProvisionedThroughputExceededException' });
    adverts.createError = failure;
    await expect(intakeAdvert(twoImages(), deps())).rejects.toBe(failure);
    expect(images.deleteCalls).toHaveLength(1);
    expect(images.objects.size).toBe(0);
  });

  it('deletes its own images when a concurrent create took the id (each request has its own keys)', async () => {
    adverts.createError = new AdvertExistsError('exists');
    await expect(intakeAdvert(twoImages(), deps())).resolves.toMatchObject({ ok: false, errorType: 'Conflict' });
    expect(images.deleteCalls).toHaveLength(1);
    expect(images.objects.size).toBe(0);
  });

  it('keeps the original error when the compensating delete fails, and logs it', async () => {
    adverts.createError = new TokenTakenError('taken');
    images.failDeletes = true;
    await expect(intakeAdvert(twoImages(), deps())).resolves.toMatchObject({ ok: false, errorType: 'Conflict' });
    expect(log.entries.filter((e) => e.level === 'error').map((e) => e.message)).toEqual(['Advert images could not be removed']);
  });

  it('deletes the images already put when one put fails, rethrows, and writes nothing', async () => {
    const event = twoImages();
    const prefix = `adverts/${event.owner}/${event.advertId}/${event.variantIds[0]}/`;
    images.failPuts.add(`${prefix}1.gif`);
    await expect(intakeAdvert(event, deps())).rejects.toThrow('put failed');
    expect(images.deleteCalls).toEqual([[`${prefix}0.png`]]);
    expect(images.objects.size).toBe(0);
    expect(adverts.created).toHaveLength(0);
  });
});
