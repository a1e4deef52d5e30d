// Test support (imported by *.test.ts only): in-memory stand-ins for the image and advert
// stores, a recording logger, and a valid intake event.
import type { Log } from '../shared/logger.js';
import type { AdvertTokenItem } from '../shared/advert-items.js';
import type { NewAdvert } from './advert-items.js';
import type { AdvertStore, StoredAdvert } from './advert-store.js';
import type { AdvertIntakeEvent } from './event.js';
import type { ImageObject, ImageStore } from './image-store.js';
import { PNG_1X1_BASE64 } from './test-images.js';

export class FakeImageStore implements ImageStore {
  readonly objects = new Map<string, ImageObject>();
  readonly deleteCalls: string[][] = [];
  /** Keys whose put rejects. */
  failPuts = new Set<string>();
  failDeletes = false;

  async put(image: ImageObject): Promise<void> {
    await Promise.resolve();
    if (this.failPuts.has(image.key)) throw Object.assign(new Error('put failed'), { name: 'InternalError' });
    this.objects.set(image.key, image);
  }

  async deleteAll(keys: readonly string[]): Promise<void> {
    this.deleteCalls.push([...keys]);
    if (this.failDeletes) throw Object.assign(new Error('delete failed'), { name: 'ObjectsNotDeletedError' });
    for (const key of keys) this.objects.delete(key);
  }
}

export class FakeAdvertStore implements AdvertStore {
  readonly tokens = new Map<string, AdvertTokenItem>();
  readonly adverts = new Map<string, StoredAdvert>();
  readonly created: NewAdvert[] = [];
  /** Thrown by the next create instead of writing. */
  createError: Error | undefined;

  async readToken(owner: string, clientToken: string): Promise<AdvertTokenItem | undefined> {
    return this.tokens.get(`${owner}/${clientToken}`);
  }

  async readAdvert(advertId: string): Promise<StoredAdvert | undefined> {
    return this.adverts.get(advertId);
  }

  async readAdvertOwner(advertId: string): Promise<string | undefined> {
    return this.adverts.get(advertId)?.advert.owner;
  }

  async create(items: NewAdvert): Promise<void> {
    if (this.createError) throw this.createError;
    this.created.push(items);
    this.adverts.set(items.advert.id, { advert: items.advert, variants: items.variants });
    if (items.token) this.tokens.set(`${items.advert.owner}/${items.token.sk.replace('ADVERT_TOKEN#', '')}`, items.token);
  }
}

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  extra: unknown[];
}

export function recordingLog(): Log & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const record =
    (level: LogEntry['level']) =>
    (message: unknown, ...extra: unknown[]) => {
      entries.push({ level, message: String(message), extra });
    };
  return { entries, debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') } as Log & { entries: LogEntry[] };
}

let sequence = 0;
/** A fresh ULID-shaped id per call (26 Crockford characters). */
export function testUlid(): string {
  sequence += 1;
  return `01J${String(Date.now()).padStart(13, '0')}${String(sequence).padStart(10, '0')}`;
}

export function intakeEvent(overrides: Partial<AdvertIntakeEvent['input']> = {}, event: Partial<Omit<AdvertIntakeEvent, 'input'>> = {}): AdvertIntakeEvent {
  const input = {
    spec: 'Waterproof hiking boots with a recycled sole',
    images: [{ format: 'PNG' as const, base64: PNG_1X1_BASE64 }],
    personas: ['Families', 'Trail runners'],
    tone: 'playful',
    wordCount: 150,
    modelId: 'amazon.nova-lite-v1:0',
    clientToken: 'token-1',
    bypassCache: false,
    ...overrides,
  };
  return {
    owner: 'alice-sub',
    advertId: testUlid(),
    variantIds: input.personas.map(() => testUlid()),
    createdAt: '2026-11-22T10:00:00.000Z',
    input,
    ...event,
  };
}
