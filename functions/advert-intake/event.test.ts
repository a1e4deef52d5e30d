import { describe, expect, it } from 'vitest';
import { InvalidEventError } from '../shared/errors.js';
import { parseAdvertIntakeEvent } from './event.js';
import { intakeEvent } from './test-fakes.js';

const valid = () => JSON.parse(JSON.stringify(intakeEvent())) as Record<string, unknown> & { input: Record<string, unknown> };

describe('parseAdvertIntakeEvent', () => {
  it('returns a valid event as it is, and takes a missing tone or clientToken as null', () => {
    const event = valid();
    expect(parseAdvertIntakeEvent(event)).toEqual(event);
    delete event.input.tone;
    delete event.input.clientToken;
    expect(parseAdvertIntakeEvent(event).input).toMatchObject({ tone: null, clientToken: null });
  });

  it('takes a client-chosen UUID as the advert id', () => {
    const event = { ...valid(), advertId: '0F8FAD5B-D9CB-469F-A165-70867728950E' };
    expect(parseAdvertIntakeEvent(event).advertId).toBe(event.advertId);
  });

  it('drops fields the contract does not name', () => {
    const event = { ...valid(), extra: 1 };
    expect(parseAdvertIntakeEvent(event)).not.toHaveProperty('extra');
  });

  it.each<[string, (event: ReturnType<typeof valid>) => void, RegExp]>([
    ['no owner', (e) => delete e.owner, /owner/],
    ['an owner with a slash (it goes into S3 keys)', (e) => (e.owner = 'alice/../bob'), /owner/],
    ['a lowercase ULID as advertId', (e) => (e.advertId = String(e.advertId).toLowerCase()), /advertId/],
    ['an advertId that is neither ULID nor UUID', (e) => (e.advertId = 'advert-1'), /advertId/],
    ['fewer variantIds than personas', (e) => (e.variantIds = (e.variantIds as string[]).slice(1)), /one id per persona/],
    ['repeated variantIds', (e) => (e.variantIds = [(e.variantIds as string[])[0], (e.variantIds as string[])[0]]), /distinct/],
    ['a createdAt that is not an ISO instant', (e) => (e.createdAt = '22/11/2026'), /createdAt/],
    ['no input', (e) => delete (e as Record<string, unknown>).input, /input must be an object/],
    ['a blank spec', (e) => (e.input.spec = '   '), /input.spec/],
    ['a spec over 20,000 characters', (e) => (e.input.spec = 'x'.repeat(20_001)), /input.spec/],
    ['images that are not a list', (e) => (e.input.images = null), /input.images must be a list/],
    ['an unknown image format', (e) => (e.input.images = [{ format: 'BMP', base64: 'Qk0=' }]), /format must be one of/],
    ['an image without base64', (e) => (e.input.images = [{ format: 'PNG' }]), /base64 must be a string/],
    ['no personas', (e) => (e.input.personas = []), /1 to 5/],
    ['personas repeated ignoring case', (e) => (e.input.personas = ['Families', 'families ']), /distinct/],
    ['a wordCount out of range', (e) => (e.input.wordCount = 501), /wordCount/],
    ['a fractional wordCount', (e) => (e.input.wordCount = 100.5), /wordCount/],
    ['a blank modelId', (e) => (e.input.modelId = ''), /modelId/],
    ['a malformed clientToken', (e) => (e.input.clientToken = 'has space'), /clientToken/],
    ['a non-boolean bypassCache', (e) => (e.input.bypassCache = 'false'), /bypassCache/],
  ])('rejects %s with InvalidEventError', (_name, breakIt, message) => {
    const event = valid();
    breakIt(event);
    expect(() => parseAdvertIntakeEvent(event)).toThrow(InvalidEventError);
    expect(() => parseAdvertIntakeEvent(event)).toThrow(message);
  });

  it('rejects a payload that is not an object', () => {
    for (const payload of [null, 'event', [intakeEvent()]]) expect(() => parseAdvertIntakeEvent(payload)).toThrow(InvalidEventError);
  });
});
