// One advert's generation: read the advert once, its images once, then stream every requested
// variant concurrently, each through the shared answer stream against its own record and
// publisher. One variant failing never stops the others.
import type { ModelClient } from '../shared/bedrock.js';
import { StreamError } from '../shared/errors.js';
import type { Log } from '../shared/logger.js';
import { streamAnswer, type AnswerStatus, type AnswerStreamConfig, type AnswerStreamOptions, type Preparation, type StreamContext } from '../shared/streaming/answer-stream.js';
import type { PublishChunk } from '../shared/streaming/chunk-batcher.js';
import { ADVERT_SYSTEM_PROMPT, advertInferenceConfig, advertMessages } from './advert-prompt.js';
import type { AdvertRecord, AdvertStore, VariantRecord } from './advert-store.js';
import { CachingModelClient, type AnswerCacheStore } from './answer-cache.js';
import type { AdvertChunkAddress } from './chunk-publisher.js';
import type { AdvertStreamEvent, VariantToStream } from './event.js';
import type { ImageSource, ModelImage } from './image-reader.js';

export interface GenerateAdvertDeps extends AnswerStreamOptions {
  config: AnswerStreamConfig & { allowedModelIds: string[] };
  store: AdvertStore;
  images: ImageSource;
  cache: AnswerCacheStore;
  model: ModelClient;
  createPublisher: (address: AdvertChunkAddress, cached: () => boolean) => PublishChunk;
  log: Log;
}

export interface VariantOutcome {
  variantId: string;
  /** GONE also when the variant id is not part of the advert. */
  status: AnswerStatus;
  cached: boolean;
  publishes: number;
}

export type AdvertOutcome = { status: 'GONE' | 'OWNER_MISMATCH' } | { status: 'DONE'; variants: VariantOutcome[] };

/** The same logger, with the variant's id on every line (merged into the line's fields). */
function withVariant(log: Log, variantId: string): Log {
  const fields = (rest: unknown[]) =>
    Object.assign({ variantId }, ...rest.map((part) => (typeof part === 'object' && part !== null && !(part instanceof Error) ? part : { detail: part })));
  return {
    debug: (message, ...rest) => log.debug(message as string, fields(rest)),
    info: (message, ...rest) => log.info(message as string, fields(rest)),
    warn: (message, ...rest) => log.warn(message as string, fields(rest)),
    error: (message, ...rest) => log.error(message as string, fields(rest)),
  };
}

export async function generateAdvert(event: AdvertStreamEvent, context: StreamContext, deps: GenerateAdvertDeps): Promise<AdvertOutcome> {
  const stored = await deps.store.read(event.advertId);
  if (!stored) {
    deps.log.info('Advert deleted before generation');
    return { status: 'GONE' };
  }
  if (stored.advert.owner !== event.owner) {
    // The resolver sends the advert's owner; anything else is a bug, and publishing would leak.
    deps.log.error('Event owner does not own the advert');
    return { status: 'OWNER_MISMATCH' };
  }
  let images: Promise<ModelImage[]> | undefined;
  // Read on first need (a skipped variant needs none), once for all variants.
  const readImages = (signal: AbortSignal) => (images ??= deps.images.read(stored.advert.images, signal));

  const variants = await Promise.all(
    event.variants.map((requested) => {
      const variant = stored.variants.find((candidate) => candidate.id === requested.id);
      if (!variant) return Promise.resolve<VariantOutcome>({ variantId: requested.id, status: 'GONE', cached: false, publishes: 0 });
      return streamVariant(stored.advert, variant, requested, event, context, deps, readImages);
    }),
  );
  return { status: 'DONE', variants };
}

async function streamVariant(
  advert: AdvertRecord,
  variant: VariantRecord,
  requested: VariantToStream,
  event: AdvertStreamEvent,
  context: StreamContext,
  deps: GenerateAdvertDeps,
  readImages: (signal: AbortSignal) => Promise<ModelImage[]>,
): Promise<VariantOutcome> {
  const log = withVariant(deps.log, variant.id);
  const model = new CachingModelClient(deps.model, { store: deps.cache, bypass: event.bypassCache, log });
  const cached = () => model.hit;

  const prepare = async (signal: AbortSignal): Promise<Preparation> => {
    // Finished, or regenerated since this event was sent: the newer stream owns the variant.
    if (variant.status !== 'STREAMING') return { kind: 'skip', storedStatus: variant.status };
    if (variant.generation !== requested.generation) return { kind: 'skip', storedStatus: 'SUPERSEDED' };
    if (!deps.config.allowedModelIds.includes(advert.modelId)) {
      throw new StreamError('ModelError', `The model ${advert.modelId} is not allowed.`);
    }
    const images = await readImages(signal);
    log.info('Variant started', { modelId: advert.modelId, images: images.length, generation: requested.generation });
    return {
      kind: 'ready',
      request: {
        modelId: advert.modelId,
        systemPrompt: ADVERT_SYSTEM_PROMPT,
        messages: advertMessages({ spec: advert.spec, persona: variant.persona, tone: advert.tone, wordCount: advert.wordCount, images }),
        inferenceConfig: advertInferenceConfig(advert.wordCount),
      },
    };
  };

  const address: AdvertChunkAddress = {
    advertId: advert.id,
    variantId: variant.id,
    owner: advert.owner,
    persona: variant.persona,
    generation: requested.generation,
  };
  const result = await streamAnswer(prepare, context, {
    ...deps,
    log,
    model,
    store: deps.store.variantRecord(advert.id, { ...variant, generation: requested.generation }, () => ({ cached: model.hit })),
    publish: deps.createPublisher(address, cached),
  });
  return { variantId: variant.id, status: result.status, cached: model.hit, publishes: result.publishes };
}
