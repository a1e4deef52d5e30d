// A model answer cache keyed by the request's content: the same model, prompt, images and
// parameters get the stored answer, streamed like a fresh one, without a model call.
import { createHash } from 'node:crypto';
import type { ContentBlock } from '@aws-sdk/client-bedrock-runtime';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ConverseStreamInput, ModelClient, ModelStreamEvent, TokenUsage } from '../shared/bedrock.js';
import { createDocumentClient } from '../shared/dynamodb.js';
import type { Log } from '../shared/logger.js';

export interface CachedAnswer {
  text: string;
  stopReason: string;
  usage: TokenUsage;
}

export interface AnswerCacheStore {
  get(key: string): Promise<CachedAnswer | undefined>;
  put(key: string, answer: CachedAnswer, modelId: string): Promise<void>;
}

/** Answers worth reusing: the model ended on its own terms, not on a filter or an error. */
const CACHEABLE_STOP_REASONS = new Set(['end_turn', 'max_tokens', 'stop_sequence']);

function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

// The variants of one advert send the same image arrays: each is hashed once, not once per variant.
const imageDigests = new WeakMap<Uint8Array, string>();

function imageDigest(bytes: Uint8Array): string {
  let digest = imageDigests.get(bytes);
  if (digest === undefined) {
    digest = sha256Hex(bytes);
    imageDigests.set(bytes, digest);
  }
  return digest;
}

/** Image bytes enter the key as their digest; everything else as it is sent. */
function keyBlock(block: ContentBlock): unknown {
  if (block.image?.source?.bytes) return { image: { format: block.image.format, sha256: imageDigest(block.image.source.bytes) } };
  return block;
}

export function answerCacheKey(request: ConverseStreamInput): string {
  const canonical = JSON.stringify({
    modelId: request.modelId,
    system: request.systemPrompt ?? null,
    messages: request.messages.map((message) => ({ role: message.role, content: (message.content ?? []).map(keyBlock) })),
    inferenceConfig: request.inferenceConfig ?? null,
  });
  return sha256Hex(canonical);
}

/** Splits stored text into word-sized deltas, so a cached answer streams like a fresh one. */
export function replayDeltas(text: string): string[] {
  return text.match(/\s*\S+/g) ?? (text ? [text] : []);
}

export interface CachingOptions {
  store: AnswerCacheStore;
  /** Skip the lookup (the answer is still stored for next time). */
  bypass: boolean;
  log: Log;
}

/** A ModelClient for one answer that reads through the cache; `hit` tells whether it did. */
export class CachingModelClient implements ModelClient {
  hit = false;

  constructor(
    private readonly model: ModelClient,
    private readonly options: CachingOptions,
  ) {}

  async *converseStream(input: ConverseStreamInput, signal: AbortSignal): AsyncGenerator<ModelStreamEvent> {
    const key = answerCacheKey(input);
    const cached = this.options.bypass ? undefined : await this.lookup(key);
    if (cached) {
      this.hit = true;
      for (const text of replayDeltas(cached.text)) yield { type: 'text', text };
      yield { type: 'stop', stopReason: cached.stopReason };
      yield { type: 'usage', usage: cached.usage };
      return;
    }
    let text = '';
    let stopReason: string | undefined;
    let usage: TokenUsage | undefined;
    for await (const event of this.model.converseStream(input, signal)) {
      if (event.type === 'text') text += event.text;
      if (event.type === 'stop') stopReason = event.stopReason;
      if (event.type === 'usage') usage = event.usage;
      yield event;
    }
    // Reached only when the stream ran to its end (an abort or error never caches a partial answer).
    if (stopReason && CACHEABLE_STOP_REASONS.has(stopReason) && usage && text.length > 0) {
      await this.save(key, { text, stopReason, usage }, input.modelId);
    }
  }

  private async lookup(key: string): Promise<CachedAnswer | undefined> {
    try {
      return await this.options.store.get(key);
    } catch (error) {
      // A cache outage costs a model call, not the answer.
      this.options.log.warn('Answer cache read failed', { error });
      return undefined;
    }
  }

  private async save(key: string, answer: CachedAnswer, modelId: string): Promise<void> {
    try {
      await this.options.store.put(key, answer, modelId);
    } catch (error) {
      this.options.log.warn('Answer cache write failed', { error });
    }
  }
}

const cacheKeyItem = (key: string) => ({ pk: `ADVERT_CACHE#${key}`, sk: 'META' });

/** Cached answers as items of the AdvertsTable, removed by its TTL. */
export class DynamoAnswerCache implements AnswerCacheStore {
  constructor(
    private readonly tableName: string,
    private readonly ttlSeconds: number,
    private readonly client: DynamoDBDocumentClient = createDocumentClient(),
    private readonly now: () => number = Date.now,
  ) {}

  async get(key: string): Promise<CachedAnswer | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: cacheKeyItem(key) }));
    // TTL deletes lazily: an expired item is a miss.
    if (!Item || Number(Item.expiresAt) <= Math.floor(this.now() / 1000)) return undefined;
    const usage = Item.usage as TokenUsage | undefined;
    if (typeof Item.text !== 'string' || typeof Item.stopReason !== 'string' || !usage) return undefined;
    return { text: Item.text, stopReason: Item.stopReason, usage: { inputTokens: Number(usage.inputTokens), outputTokens: Number(usage.outputTokens) } };
  }

  async put(key: string, answer: CachedAnswer, modelId: string): Promise<void> {
    const nowSeconds = Math.floor(this.now() / 1000);
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...cacheKeyItem(key),
          type: 'AdvertCache',
          ...answer,
          modelId,
          createdAt: new Date(this.now()).toISOString(),
          expiresAt: nowSeconds + this.ttlSeconds,
        },
      }),
    );
  }
}
