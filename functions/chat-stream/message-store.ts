// The assistant message in DynamoDB (README data model): history reads, checkpoints and the final
// write, each conditional so a cancel or a deleted conversation is noticed, never overwritten.
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { GetCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, setUpdate } from '../shared/dynamodb.js';
import type { FinalAnswer, WriteOutcome } from '../shared/streaming/answer-store.js';
import type { HistoryMessage } from './history.js';

export interface MessageKey {
  conversationId: string;
  messageId: string;
}

export type { WriteOutcome };

/** The assistant message's final state: a streamed answer's, under the chat's name. */
export type FinalMessage = FinalAnswer;

/** What the chat turn needs from storage; tests pass a fake. */
export interface MessageStore {
  /** Messages up to and including `upToMessageId`, newest first, read page by page as consumed. */
  historyNewestFirst(conversationId: string, upToMessageId: string): AsyncIterable<HistoryMessage>;
  /** Saves the content so far, only while the message is STREAMING. */
  checkpoint(key: MessageKey, content: string, updatedAt: string): Promise<WriteOutcome>;
  /** The one final write: from STREAMING (or, for CANCELLED, also from CANCELLED). */
  finish(key: MessageKey, final: FinalMessage): Promise<WriteOutcome>;
}

const conversationPk = (conversationId: string) => `CONV#${conversationId}`;
const messageSk = (messageId: string) => `MSG#${messageId}`;

function isConditionalCheckFailed(error: unknown): error is Error & { Item?: Record<string, unknown> } {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/** The old item on a failed condition; marshalled (the DocumentClient does not convert errors). */
function statusOf(item: Record<string, unknown>): string | undefined {
  const raw = item.status;
  if (typeof raw === 'string') return raw;
  const status = unmarshall(item as Parameters<typeof unmarshall>[0]).status;
  return typeof status === 'string' ? status : undefined;
}

export class DynamoMessageStore implements MessageStore {
  constructor(
    private readonly tableName: string,
    private readonly client: DynamoDBDocumentClient = createDocumentClient(),
    private readonly pageSize = 50,
  ) {}

  async *historyNewestFirst(conversationId: string, upToMessageId: string): AsyncGenerator<HistoryMessage> {
    let exclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          // Messages only, and none newer than this answer (a later turn may already exist).
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :last',
          ExpressionAttributeValues: { ':pk': conversationPk(conversationId), ':first': 'MSG#', ':last': messageSk(upToMessageId) },
          ExpressionAttributeNames: { '#id': 'id', '#role': 'role', '#content': 'content', '#status': 'status' },
          ProjectionExpression: '#id, #role, #content, #status',
          ScanIndexForward: false,
          ConsistentRead: true, // the user message was written just before this invoke
          Limit: this.pageSize,
          ExclusiveStartKey: exclusiveStartKey,
        }),
      );
      for (const item of page.Items ?? []) {
        yield {
          id: String(item.id),
          role: item.role === 'ASSISTANT' ? 'ASSISTANT' : 'USER',
          content: typeof item.content === 'string' ? item.content : '',
          status: String(item.status),
        };
      }
      exclusiveStartKey = page.LastEvaluatedKey;
    } while (exclusiveStartKey);
  }

  async checkpoint(key: MessageKey, content: string, updatedAt: string): Promise<WriteOutcome> {
    return this.update(key, {
      set: { content, updatedAt },
      condition: '#status = :streaming',
      conditionValues: { ':streaming': 'STREAMING' },
    });
  }

  async finish(key: MessageKey, final: FinalMessage): Promise<WriteOutcome> {
    const cancelling = final.status === 'CANCELLED';
    return this.update(key, {
      set: {
        status: final.status,
        content: final.content,
        updatedAt: final.updatedAt,
        stopReason: final.stopReason ?? undefined,
        usage: final.usage ?? undefined,
        error: final.error ?? undefined,
      },
      condition: cancelling ? '#status IN (:streaming, :cancelled)' : '#status = :streaming',
      conditionValues: cancelling ? { ':streaming': 'STREAMING', ':cancelled': 'CANCELLED' } : { ':streaming': 'STREAMING' },
    });
  }

  private async update(
    key: MessageKey,
    update: { set: Record<string, unknown>; condition: string; conditionValues: Record<string, string> },
  ): Promise<WriteOutcome> {
    const set = setUpdate(update.set);
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: conversationPk(key.conversationId), sk: messageSk(key.messageId) },
          UpdateExpression: set.UpdateExpression,
          ConditionExpression: update.condition,
          ExpressionAttributeNames: { ...set.ExpressionAttributeNames, '#status': 'status' },
          ExpressionAttributeValues: { ...set.ExpressionAttributeValues, ...update.conditionValues },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return 'written';
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      const status = error.Item ? statusOf(error.Item) : await this.readStatus(key);
      if (status === undefined) return 'gone';
      return status === 'CANCELLED' ? 'cancelled' : 'finished';
    }
  }

  private async readStatus(key: MessageKey): Promise<string | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: conversationPk(key.conversationId), sk: messageSk(key.messageId) },
        ProjectionExpression: '#status',
        ExpressionAttributeNames: { '#status': 'status' },
        ConsistentRead: true,
      }),
    );
    return Item ? String(Item.status) : undefined;
  }
}
