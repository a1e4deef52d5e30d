// client.adverts: an advert's variants as text streams. create() picks the advert id itself and
// subscribes to its chunks before createAdvert, so no chunk is missed; each variant (one
// generation of it) is followed like a chat answer (answer-tracker.ts), its gaps filled from the
// stored advert. regenerate() follows one variant's next generation.
import { ulid } from 'ulid';
import {
  AdvertDocument,
  CreateAdvertDocument,
  OnAdvertChunkDocument,
  RegenerateAdvertVariantDocument,
  type AdvertChunkFieldsFragment,
  type AdvertFieldsFragment,
  type AdvertVariantFieldsFragment,
  type CreateAdvertInput,
} from '../generated/graphql.js';
import { throwIfAborted, untilAborted } from './abort.js';
import { AnswerTracker, type StoredAnswer, type StreamTiming } from './answer-tracker.js';
import { abortReason, StreamGoneError, StreamSupersededError } from './errors.js';
import { deferred, PieceQueue } from './piece-queue.js';
import { consumeSubscription, type StreamSubscription, type StreamTransport } from './transport.js';

export interface AdvertStreamOptions {
  /** Aborting stops following (there is no cancel for adverts): iterations end, pending promises reject with the reason. */
  signal?: AbortSignal;
}

/**
 * One variant's copy (one generation of it) as text pieces in order; joined they are exactly
 * the stored content. Iterate it once; breaking out stops the buffering only.
 */
export interface VariantStream extends AsyncIterable<string> {
  readonly id: string;
  readonly persona: string;
  readonly position: number;
  /** The generation streamed: 1 for a new advert, +1 for each regenerate. */
  readonly generation: number;
  /** The stored variant once it ended (COMPLETE or FAILED). */
  readonly final: Promise<AdvertVariantFieldsFragment>;
}

export interface AdvertStream {
  /** The advert as createAdvert returned it (variants STREAMING). */
  readonly advert: Promise<AdvertFieldsFragment>;
  /** One stream per variant, in position order. */
  readonly variants: Promise<VariantStream[]>;
  /** The stored advert once every variant ended; rejects with the first variant's failure. */
  readonly final: Promise<AdvertFieldsFragment>;
}

export interface AdvertStreams {
  create(input: Omit<CreateAdvertInput, 'id'>, options?: AdvertStreamOptions): AdvertStream;
  regenerate(advertId: string, variantId: string, options?: AdvertStreamOptions): Promise<VariantStream>;
}

export function createAdvertStreams(transport: StreamTransport, timing?: Partial<StreamTiming>): AdvertStreams {
  return {
    create: (input, options = {}) => createStreamed(transport, timing, input, options),
    regenerate: (advertId, variantId, options = {}) => regenerateStreamed(transport, timing, advertId, variantId, options),
  };
}

/** A stored variant as the tracker following `generation` sees it. */
export function storedVariant(variant: AdvertVariantFieldsFragment, generation: number): StoredAnswer<AdvertVariantFieldsFragment> {
  if (variant.generation > generation) {
    throw new StreamSupersededError(`The variant ${variant.id} was regenerated (generation ${variant.generation}) while generation ${generation} was followed`);
  }
  // A read older than the regenerate that started this generation: nothing of it is stored yet.
  if (variant.generation < generation) return { record: variant, content: '', ended: false, settled: false };
  const ended = variant.status !== 'STREAMING';
  return { record: variant, content: variant.content, ended, settled: ended };
}

/** One advert's chunk subscription, shared by the streams of its variants. */
class AdvertFollower {
  private readonly subscription: StreamSubscription<{ onAdvertChunk?: AdvertChunkFieldsFragment | null }>;
  private readonly trackers = new Map<string, { generation: number; tracker: AnswerTracker<AdvertVariantFieldsFragment> }>();
  // Chunks can arrive before the mutation answers with the variants.
  private early: AdvertChunkFieldsFragment[] | undefined = [];
  private ended: { error: unknown } | undefined;
  private closing = false;
  private reading: Promise<AdvertFieldsFragment | null> | undefined;

  constructor(
    private readonly transport: StreamTransport,
    readonly advertId: string,
    private readonly timing: Partial<StreamTiming> | undefined,
  ) {
    this.subscription = transport.subscribe(OnAdvertChunkDocument, { advertId }, { onResubscribed: () => this.each((t) => t.recover()) });
    consumeSubscription(
      this.subscription,
      (event) => event.onAdvertChunk && this.route(event.onAdvertChunk),
      (error) => {
        if (this.closing) return;
        this.ended = { error };
        this.each((t) => t.subscriptionEnded(error));
      },
    );
  }

  get started(): Promise<void> {
    return this.subscription.started;
  }

  follow(variant: AdvertVariantFieldsFragment): VariantStream {
    const { id, generation } = variant;
    const pieces = new PieceQueue<string>();
    const tracker = new AnswerTracker<AdvertVariantFieldsFragment>({
      output: pieces,
      timing: this.timing,
      read: async () => {
        const stored = (await this.readAdvert())?.variants.find((v) => v.id === id);
        if (!stored) throw new StreamGoneError(`The advert ${this.advertId} or its variant ${id} no longer exists`);
        return storedVariant(stored, generation);
      },
    });
    this.trackers.set(id, { generation, tracker });
    tracker.accept(storedVariant(variant, generation)); // a replayed advert's variant may have ended already
    for (const chunk of this.early ?? []) if (chunk.variantId === id && chunk.generation === generation) tracker.push(chunk);
    if (this.ended) tracker.subscriptionEnded(this.ended.error);
    return {
      id,
      persona: variant.persona,
      position: variant.position,
      generation,
      final: tracker.final,
      [Symbol.asyncIterator]: () => pieces[Symbol.asyncIterator](),
    };
  }

  /** Every followed variant is registered: chunks of others are dropped from now on. */
  stopBuffering(): void {
    this.early = undefined;
  }

  recoverAll(): void {
    this.each((t) => t.recover());
  }

  stop(reason: unknown): void {
    this.each((t) => t.stop(reason));
    this.close();
  }

  close(): void {
    this.closing = true;
    this.subscription.close();
  }

  private route(chunk: AdvertChunkFieldsFragment): void {
    const followed = this.trackers.get(chunk.variantId);
    if (followed) {
      if (chunk.generation === followed.generation) followed.tracker.push(chunk);
    } else {
      this.early?.push(chunk);
    }
  }

  /** One read serves every variant that asks while it is in flight. */
  private readAdvert(): Promise<AdvertFieldsFragment | null> {
    this.reading ??= this.transport
      .query(AdvertDocument, { id: this.advertId })
      .then(({ advert }) => advert)
      .finally(() => {
        this.reading = undefined;
      });
    return this.reading;
  }

  private each(action: (tracker: AnswerTracker<AdvertVariantFieldsFragment>) => void): void {
    for (const { tracker } of this.trackers.values()) action(tracker);
  }
}

function createStreamed(
  transport: StreamTransport,
  timing: Partial<StreamTiming> | undefined,
  input: Omit<CreateAdvertInput, 'id'>,
  options: AdvertStreamOptions,
): AdvertStream {
  const { signal } = options;
  const advert = deferred<AdvertFieldsFragment>();
  const variants = deferred<VariantStream[]>();
  const final = deferred<AdvertFieldsFragment>();
  let follower: AdvertFollower | undefined;
  const onAbort = () => follower?.stop(abortReason(signal!));
  signal?.addEventListener('abort', onAbort, { once: true });

  const run = async (): Promise<void> => {
    throwIfAborted(signal);
    const chosenId = ulid();
    follower = new AdvertFollower(transport, chosenId, timing);
    await untilAborted(follower.started, signal);
    // Not passed the signal: once sent, the advert exists whatever the caller does.
    const { createAdvert } = await transport.mutate(CreateAdvertDocument, { input: { ...input, id: chosenId } });
    advert.resolve(createAdvert);
    const replayed = createAdvert.id !== chosenId;
    if (replayed) {
      // A repeated clientToken returns the first advert (another id) and starts nothing: follow that one.
      follower.close();
      follower = new AdvertFollower(transport, createAdvert.id, timing);
      await untilAborted(follower.started, signal);
    }
    throwIfAborted(signal);
    const following = follower;
    const streams = createAdvert.variants.map((variant) => following.follow(variant));
    following.stopBuffering();
    if (replayed) following.recoverAll();
    variants.resolve(streams);
    const ended = await Promise.allSettled(streams.map((stream) => stream.final));
    const failed = ended.find((outcome) => outcome.status === 'rejected');
    if (failed) throw failed.reason;
    const { advert: stored } = await transport.query(AdvertDocument, { id: createAdvert.id });
    if (!stored) throw new StreamGoneError(`The advert ${createAdvert.id} no longer exists`);
    final.resolve(stored);
  };

  void run()
    .catch((error: unknown) => {
      advert.reject(error);
      variants.reject(error);
      final.reject(error);
      follower?.stop(error);
    })
    .finally(() => {
      follower?.close();
      signal?.removeEventListener('abort', onAbort);
    });

  return { advert: advert.promise, variants: variants.promise, final: final.promise };
}

async function regenerateStreamed(
  transport: StreamTransport,
  timing: Partial<StreamTiming> | undefined,
  advertId: string,
  variantId: string,
  options: AdvertStreamOptions,
): Promise<VariantStream> {
  const { signal } = options;
  throwIfAborted(signal);
  const follower = new AdvertFollower(transport, advertId, timing);
  try {
    await untilAborted(follower.started, signal);
    const { regenerateAdvertVariant } = await transport.mutate(RegenerateAdvertVariantDocument, { advertId, variantId });
    throwIfAborted(signal);
    const stream = follower.follow(regenerateAdvertVariant);
    follower.stopBuffering();
    const onAbort = () => follower.stop(abortReason(signal!));
    signal?.addEventListener('abort', onAbort, { once: true });
    void stream.final
      .catch(() => undefined)
      .finally(() => {
        follower.close();
        signal?.removeEventListener('abort', onAbort);
      });
    return stream;
  } catch (error) {
    follower.close();
    throw error;
  }
}
