import { describe, expect, it } from 'vitest';
import { InvalidEventError } from '../shared/errors.js';
import { parseAdvertStreamEvent } from './event.js';

describe('parseAdvertStreamEvent', () => {
  it('reads the event createAdvert and regenerateAdvertVariant send', () => {
    expect(parseAdvertStreamEvent({ advertId: 'A1', owner: 'alice', variants: [{ id: 'V1', generation: 2 }], bypassCache: true })).toEqual({
      advertId: 'A1',
      owner: 'alice',
      variants: [{ id: 'V1', generation: 2 }],
      bypassCache: true,
    });
    expect(parseAdvertStreamEvent({ advertId: 'A1', owner: 'alice', variants: [{ id: 'V1', generation: 1 }] }).bypassCache).toBe(false);
  });

  it.each([
    ['no object', null],
    ['no advertId', { owner: 'alice', variants: [{ id: 'V1', generation: 1 }] }],
    ['no variants', { advertId: 'A1', owner: 'alice', variants: [] }],
    ['a bad generation', { advertId: 'A1', owner: 'alice', variants: [{ id: 'V1', generation: 0 }] }],
    ['a variant without id', { advertId: 'A1', owner: 'alice', variants: [{ generation: 1 }] }],
    ['a non-boolean bypassCache', { advertId: 'A1', owner: 'alice', variants: [{ id: 'V1', generation: 1 }], bypassCache: 'yes' }],
  ])('rejects %s', (_name, payload) => {
    expect(() => parseAdvertStreamEvent(payload)).toThrow(InvalidEventError);
  });
});
