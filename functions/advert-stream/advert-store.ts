// The advert's items in the AdvertsTable (README "Adverts"): one read of the partition, then each
// variant's checkpoints and final write, conditional on the variant still being this stream's
// (STREAMING, same generation), so a regenerate or a delete stops an old stream instead of losing to it.
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ADVERT_SK, advertPk, VARIANT_SK_PREFIX, variantSk, type AdvertImageFormat, type AdvertImageItem, type AdvertItem } from '../shared/advert-items.js';
import type { TokenUsage } from '../shared/bedrock.js';
import { createDocumentClient, readPartition, setUpdate } from '../shared/dynamodb.js';
import type { AnswerStore, FinalAnswer, WriteOutcome } from '../shared/streaming/answer-store.js';

export type StoredImageFormat = AdvertImageFormat;

/** What generation reads of an image item. */
export type StoredImage = Pick<AdvertImageItem, 'position' | 'format' | 'sizeBytes' | 'sha256' | 'key'>;

/** What generation reads of the advert item. */
export type AdvertRecord = Pick<AdvertItem, 'id' | 'owner' | 'spec' | 'tone' | 'wordCount' | 'modelId'> & { images: StoredImage[] };

export interface VariantRecord {
  id: string;
  position: number;
  persona: string;
  status: string;
  generation: number;
}

export interface StoredAdvert {
  advert: AdvertRecord;
  variants: VariantRecord[];
}

/** What generating an advert needs from the table; tests pass a fake. */
export interface AdvertStore {
  /** The advert and its variants, or undefined when the advert is gone. */
  read(advertId: string): Promise<StoredAdvert | undefined>;
  /** The record one stream writes: this variant, at this generation. */
  variantRecord(advertId: string, variant: VariantRecord, extra: () => { cached: boolean }): AnswerStore;
}


function isConditionalCheckFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

function toImage(raw: Record<string, unknown>): StoredImage {
  return {
    position: Number(raw.position),
    format: String(raw.format) as StoredImageFormat,
    sizeBytes: Number(raw.sizeBytes),
    sha256: String(raw.sha256),
    key: String(raw.key),
  };
}

export class DynamoAdvertStore implements AdvertStore {
  constructor(
    private readonly tableName: string,
    private readonly client: DynamoDBDocumentClient = createDocumentClient(),
  ) {}

  async read(advertId: string): Promise<StoredAdvert | undefined> {
    const items = await readPartition(this.client, this.tableName, advertPk(advertId));
    const meta = items.find((item) => item.sk === ADVERT_SK);
    if (!meta) return undefined;
    const advert: AdvertRecord = {
      id: String(meta.id),
      owner: String(meta.owner),
      spec: String(meta.spec),
      tone: typeof meta.tone === 'string' ? meta.tone : null,
      wordCount: Number(meta.wordCount),
      modelId: String(meta.modelId),
      images: Array.isArray(meta.images) ? (meta.images as Record<string, unknown>[]).map(toImage) : [],
    };
    const variants = items
      .filter((item) => typeof item.sk === 'string' && item.sk.startsWith(VARIANT_SK_PREFIX))
      .map((item) => ({
        id: String(item.id),
        position: Number(item.position),
        persona: String(item.persona),
        status: String(item.status),
        generation: Number(item.generation),
      }));
    return { advert, variants };
  }

  variantRecord(advertId: string, variant: VariantRecord, extra: () => { cached: boolean }): AnswerStore {
    const key = { pk: advertPk(advertId), sk: variantSk(variant.position) };
    return {
      checkpoint: (content, updatedAt) => this.update(key, variant.generation, { content, updatedAt }),
      finish: (final: FinalAnswer) =>
        this.update(key, variant.generation, {
          status: final.status,
          content: final.content,
          updatedAt: final.updatedAt,
          stopReason: final.stopReason ?? undefined,
          usage: (final.usage as TokenUsage | null | undefined) ?? undefined,
          error: final.error ?? undefined,
          cached: extra().cached,
        }),
    };
  }

  private async update(key: { pk: string; sk: string }, generation: number, set: Record<string, unknown>): Promise<WriteOutcome> {
    const update = setUpdate(set);
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: update.UpdateExpression,
          ConditionExpression: '#status = :streaming AND #generation = :generation',
          ExpressionAttributeNames: { ...update.ExpressionAttributeNames, '#status': 'status', '#generation': 'generation' },
          ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ':streaming': 'STREAMING', ':generation': generation },
        }),
      );
      return 'written';
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      // Deleted (the advert is gone), or finished / regenerated by someone else.
      const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: key, ProjectionExpression: 'pk', ConsistentRead: true }));
      return Item ? 'finished' : 'gone';
    }
  }
}
