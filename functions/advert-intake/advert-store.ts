// advert-intake's reads and its one write in the AdvertsTable. The write is a single
// TransactWriteItems: the advert (must be new), its variants, and the create token (new, or the
// stored one expired), so a createAdvert is stored whole or not at all.
import { GetCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, readPartition } from '../shared/dynamodb.js';
import { ADVERT_SK, advertPk, advertTokenSk, ownerPk } from '../shared/advert-items.js';
import type { AdvertItem, AdvertTokenItem, AdvertVariantItem } from '../shared/advert-items.js';
import type { NewAdvert } from './advert-items.js';

export interface StoredAdvert {
  advert: AdvertItem;
  /** In position order. */
  variants: AdvertVariantItem[];
}

/** The token's condition failed: a concurrent createAdvert with the same clientToken got there first. */
export class TokenTakenError extends Error {
  override readonly name = 'TokenTakenError';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/** The advert id is taken (a client-chosen id in use), or another transaction is writing the same id right now. */
export class AdvertExistsError extends Error {
  override readonly name = 'AdvertExistsError';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/** What intake needs from the table; tests pass a fake. */
export interface AdvertStore {
  readToken(owner: string, clientToken: string): Promise<AdvertTokenItem | undefined>;
  readAdvert(advertId: string): Promise<StoredAdvert | undefined>;
  /** The stored advert's owner; undefined when there is no advert with this id. */
  readAdvertOwner(advertId: string): Promise<string | undefined>;
  /** Throws TokenTakenError or AdvertExistsError when a condition fails. */
  create(items: NewAdvert, nowSeconds: number): Promise<void>;
}

interface PutCondition {
  ConditionExpression?: string;
  ExpressionAttributeValues?: Record<string, unknown>;
}

type CancellationReason = { Code?: string };

export class DynamoAdvertStore implements AdvertStore {
  constructor(
    private readonly tableName: string,
    private readonly client: DynamoDBDocumentClient = createDocumentClient(),
  ) {}

  async readToken(owner: string, clientToken: string): Promise<AdvertTokenItem | undefined> {
    const output = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: ownerPk(owner), sk: advertTokenSk(clientToken) }, ConsistentRead: true }),
    );
    return output.Item as AdvertTokenItem | undefined;
  }

  async readAdvert(advertId: string): Promise<StoredAdvert | undefined> {
    const items = await readPartition(this.client, this.tableName, advertPk(advertId));
    const advert = items.find((item) => item.sk === ADVERT_SK && item.type === 'Advert') as AdvertItem | undefined;
    if (!advert) return undefined;
    // sk order (VARIANT#00, VARIANT#01, ...) is position order.
    return { advert, variants: items.filter((item) => item.type === 'AdvertVariant') as unknown as AdvertVariantItem[] };
  }

  async readAdvertOwner(advertId: string): Promise<string | undefined> {
    const output = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: advertPk(advertId), sk: ADVERT_SK },
        ProjectionExpression: '#owner',
        ExpressionAttributeNames: { '#owner': 'owner' },
        ConsistentRead: true,
      }),
    );
    return output.Item ? String(output.Item.owner) : undefined;
  }

  async create(items: NewAdvert, nowSeconds: number): Promise<void> {
    const { advert, variants, token } = items;
    const put = (Item: object, condition: PutCondition = {}) => ({ Put: { TableName: this.tableName, Item: Item as Record<string, unknown>, ...condition } });
    const transactItems = [
      put(advert, { ConditionExpression: 'attribute_not_exists(pk)' }),
      ...variants.map((variant) => put(variant)),
      ...(token ? [put(token, { ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :now', ExpressionAttributeValues: { ':now': nowSeconds } })] : []),
    ];
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: transactItems }));
    } catch (error) {
      if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') throw error;
      const reasons = (error as { CancellationReasons?: CancellationReason[] }).CancellationReasons ?? [];
      const advertReason = reasons[0];
      if (advertReason?.Code === 'ConditionalCheckFailed' || advertReason?.Code === 'TransactionConflict') {
        throw new AdvertExistsError(`Advert ${advert.id} already exists or is being created`, { cause: error });
      }
      // A concurrent transaction on the same token is the same race, still undecided: it is not ours.
      const tokenCode = token ? reasons[transactItems.length - 1]?.Code : undefined;
      if (tokenCode === 'ConditionalCheckFailed' || tokenCode === 'TransactionConflict') {
        throw new TokenTakenError('The clientToken was taken by a concurrent request', { cause: error });
      }
      throw error;
    }
  }
}
