// Adverts helpers for integration tests and benchmarks: create an advert with every chunk
// collected (the client picks the advert id and subscribes first), regenerate a variant.
import { ulid } from 'ulid';
import {
  AdvertDocument,
  CreateAdvertDocument,
  OnAdvertChunkDocument,
  RegenerateAdvertVariantDocument,
  type AdvertChunkFieldsFragment,
  type AdvertFieldsFragment,
  type Client,
  type CreateAdvertInput,
} from '../../client/index.js';

export type AdvertChunk = AdvertChunkFieldsFragment;

/** Collects an advert's chunks in the background; `untilDone` waits for the given variants' done chunks. */
export function advertChunkCollector(subscription: AsyncIterable<{ onAdvertChunk?: AdvertChunk | null }>) {
  const chunks: AdvertChunk[] = [];
  let failure: unknown;
  let wake: (() => void) | undefined;
  void (async () => {
    try {
      for await (const event of subscription) {
        if (event.onAdvertChunk) chunks.push(event.onAdvertChunk);
        wake?.();
      }
    } catch (error) {
      failure = error;
      wake?.();
    }
  })();
  const doneFor = (variantId: string, generation: number) => chunks.some((c) => c.variantId === variantId && c.generation === generation && c.done);
  return {
    chunks,
    async untilDone(variants: { id: string; generation: number }[], timeoutMs = 20_000): Promise<AdvertChunk[]> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (variants.every((v) => doneFor(v.id, v.generation))) return [...chunks];
        if (failure) throw failure;
        const remaining = deadline - Date.now();
        if (remaining <= 0) throw new Error(`not every variant finished within ${timeoutMs} ms (got ${chunks.length} chunks)`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(remaining, 250));
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    },
  };
}

/** Subscribes with a client-chosen id, creates the advert, and returns it with every chunk of every variant. */
export async function createAdvertAndCollect(client: Client, input: Omit<CreateAdvertInput, 'id'>, timeoutMs?: number) {
  const id = ulid();
  const subscription = client.subscribe(OnAdvertChunkDocument, { advertId: id });
  try {
    await subscription.started;
    const collector = advertChunkCollector(subscription);
    const { createAdvert } = await client.mutate(CreateAdvertDocument, { input: { ...input, id } });
    const chunks = await collector.untilDone(createAdvert.variants, timeoutMs);
    return { advert: createAdvert, chunks };
  } finally {
    subscription.close();
  }
}

/** Regenerates one variant and returns its new chunks (generation + 1). */
export async function regenerateAndCollect(client: Client, advertId: string, variantId: string) {
  const subscription = client.subscribe(OnAdvertChunkDocument, { advertId });
  try {
    await subscription.started;
    const collector = advertChunkCollector(subscription);
    const { regenerateAdvertVariant } = await client.mutate(RegenerateAdvertVariantDocument, { advertId, variantId });
    const chunks = await collector.untilDone([regenerateAdvertVariant]);
    return { variant: regenerateAdvertVariant, chunks: chunks.filter((c) => c.generation === regenerateAdvertVariant.generation) };
  } finally {
    subscription.close();
  }
}

export const chunksOfVariant = (chunks: AdvertChunk[], variantId: string, generation = 1) =>
  chunks.filter((c) => c.variantId === variantId && c.generation === generation);

export const streamedText = (chunks: AdvertChunk[]) => chunks.map((c) => c.text).join('');

export async function readAdvert(client: Client, id: string): Promise<AdvertFieldsFragment | null | undefined> {
  return (await client.query(AdvertDocument, { id })).advert;
}
