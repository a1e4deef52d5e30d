// The job items in JobsTable. Every event is one conditional write: "the job exists and is not
// terminal" plus the plan's own condition, `version` + 1 and `updatedAt` on every change. On a
// failed condition DynamoDB returns the current item (ReturnValuesOnConditionCheckFailure), so a
// conflict is re-planned without another read; a terminal job is left as it is.
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { GetCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../shared/dynamodb.js';
import { backoffDelay, sleep as defaultSleep, type Sleep } from '../shared/retry.js';
import type { JobEvent } from './event.js';
import { isTerminal, jobPk, META_SK, RESULT_SK, TERMINAL_STATUSES, type JobItem, type WebhookDelivery } from './job.js';
import { planUpdate, type UpdatePlan } from './update-plan.js';

export type ApplyOutcome =
  | { outcome: 'applied'; job: JobItem }
  | { outcome: 'unchanged'; job: JobItem }
  /** The job was already SUCCEEDED, FAILED or CANCELLED: nothing changed. */
  | { outcome: 'terminal'; job: JobItem }
  | { outcome: 'not-found' };

export class JobConflictError extends Error {
  override readonly name = 'JobConflictError';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/** What the event handling needs from storage; tests may pass a fake. */
export interface JobStore {
  apply(event: JobEvent, now: string, resultJson?: string): Promise<ApplyOutcome>;
  /** The stored result (JSON string) of a job, if any. */
  result(jobId: string): Promise<string | null>;
  /** Marks a terminal job's webhook PENDING; undefined when another invocation claimed it first. */
  claimWebhook(jobId: string, url: string, now: string): Promise<JobItem | undefined>;
  /** Records the delivery outcome on the claimed webhook. */
  recordWebhook(jobId: string, delivery: WebhookDelivery, now: string): Promise<JobItem | undefined>;
}

export interface DynamoJobStoreOptions {
  client?: DynamoDBDocumentClient;
  /** Writes per event before giving up on conflicts. Default 25. */
  maxAttempts?: number;
  sleep?: Sleep;
}

type RawItem = Record<string, unknown>;

/** The item DynamoDB returned with a failed condition is marshalled: the DocumentClient does not convert errors. */
function fromConditionItem(item: RawItem | undefined): JobItem | undefined {
  if (!item) return undefined;
  const looksMarshalled = Object.values(item).every((value) => value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 1);
  return (looksMarshalled ? unmarshall(item as Parameters<typeof unmarshall>[0]) : item) as JobItem;
}

function conditionFailure(error: unknown): { item: JobItem | undefined } | undefined {
  if (!(error instanceof Error)) return undefined;
  if (error.name === 'ConditionalCheckFailedException') return { item: fromConditionItem((error as { Item?: RawItem }).Item) };
  if (error.name === 'TransactionCanceledException') {
    const reasons = (error as { CancellationReasons?: { Code?: string; Item?: RawItem }[] }).CancellationReasons ?? [];
    const failed = reasons.find((reason) => reason.Code === 'ConditionalCheckFailed');
    if (failed) return { item: fromConditionItem(failed.Item) };
  }
  return undefined;
}

/** DynamoDB rejects unused placeholders: keep those the expressions mention. */
function usedOnly<T>(placeholders: Record<string, T>, expressions: string): Record<string, T> {
  return Object.fromEntries(Object.entries(placeholders).filter(([key]) => new RegExp(`${key}(?![A-Za-z0-9_])`).test(expressions)));
}

function expression(update: string, condition: string, names: Record<string, string>, values: Record<string, unknown>) {
  const text = `${update} ${condition}`;
  return {
    UpdateExpression: update,
    ConditionExpression: condition,
    ExpressionAttributeNames: usedOnly(names, text),
    ExpressionAttributeValues: usedOnly(values, text),
  };
}

const COMMON_NAMES = { '#_pk': 'pk', '#_status': 'status', '#_version': 'version', '#_updatedAt': 'updatedAt' };
const NOT_TERMINAL = 'attribute_exists(#_pk) AND NOT (#_status IN (:_succeeded, :_failed, :_cancelled))';
const TERMINAL_VALUES = { ':_succeeded': TERMINAL_STATUSES[0], ':_failed': TERMINAL_STATUSES[1], ':_cancelled': TERMINAL_STATUSES[2] };

export class DynamoJobStore implements JobStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly maxAttempts: number;
  private readonly sleep: Sleep;

  constructor(
    private readonly tableName: string,
    options: DynamoJobStoreOptions = {},
  ) {
    this.client = options.client ?? createDocumentClient();
    this.maxAttempts = options.maxAttempts ?? 25;
    this.sleep = options.sleep ?? defaultSleep;
  }

  async apply(event: JobEvent, now: string, resultJson?: string): Promise<ApplyOutcome> {
    let item: JobItem | undefined;
    for (let attempt = 0; attempt < this.maxAttempts; ) {
      const planned = planUpdate(event, item, now, resultJson);
      if (planned.kind === 'unchanged') return { outcome: 'unchanged', job: item as JobItem };
      if (planned.kind === 'needs-item') {
        item = await this.read(event.jobId);
        if (!item) return { outcome: 'not-found' };
        if (isTerminal(item.status)) return { outcome: 'terminal', job: item };
        continue;
      }
      attempt++;
      try {
        return { outcome: 'applied', job: await this.write(event.jobId, planned.plan, now) };
      } catch (error) {
        const failure = conditionFailure(error);
        if (!failure) throw error;
        if (!failure.item) return { outcome: 'not-found' };
        if (isTerminal(failure.item.status)) return { outcome: 'terminal', job: failure.item };
        // A concurrent event changed what this one's condition guards: re-plan from the item now.
        item = failure.item;
        if (attempt > 2) await this.sleep(backoffDelay(attempt - 2, { baseDelayMs: 10, maxDelayMs: 200 }));
      }
    }
    throw new JobConflictError(`Job ${event.jobId}: still conflicting after ${this.maxAttempts} attempts`);
  }

  async result(jobId: string): Promise<string | null> {
    const output = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: jobPk(jobId), sk: RESULT_SK }, ConsistentRead: true }));
    const result = output.Item?.result;
    return typeof result === 'string' ? result : null;
  }

  async claimWebhook(jobId: string, url: string, now: string): Promise<JobItem | undefined> {
    return this.updateIfAllowed(jobId, now, {
      set: ['#webhook = :webhook', '#claimedAt = :_now'],
      // The claim has its own marker: startWorkflow already stores webhook { status: PENDING }
      // so clients see a delivery is due.
      condition: 'attribute_exists(#_pk) AND attribute_not_exists(#claimedAt) AND #_status IN (:_succeeded, :_failed, :_cancelled)',
      names: { '#webhook': 'webhook', '#claimedAt': 'webhookClaimedAt' },
      values: { ...TERMINAL_VALUES, ':webhook': { url, status: 'PENDING', attempts: 0, lastStatusCode: null, lastAttemptAt: null } },
    });
  }

  async recordWebhook(jobId: string, delivery: WebhookDelivery, now: string): Promise<JobItem | undefined> {
    return this.updateIfAllowed(jobId, now, {
      set: ['#webhook = :webhook'],
      condition: 'attribute_exists(#_pk) AND #webhook.#deliveryStatus = :pending',
      names: { '#webhook': 'webhook', '#deliveryStatus': 'status' },
      values: { ':webhook': delivery, ':pending': 'PENDING' },
    });
  }

  /** One conditional change of the job (version +1, updatedAt): the new item, or undefined when the condition failed. */
  private async updateIfAllowed(
    jobId: string,
    now: string,
    change: { set: string[]; condition: string; names: Record<string, string>; values: Record<string, unknown> },
  ): Promise<JobItem | undefined> {
    try {
      const output = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: jobPk(jobId), sk: META_SK },
          ...expression(
            `SET ${[...change.set, '#_version = if_not_exists(#_version, :_zero) + :_one', '#_updatedAt = :_now'].join(', ')}`,
            change.condition,
            { ...COMMON_NAMES, ...change.names },
            { ...change.values, ':_zero': 0, ':_one': 1, ':_now': now },
          ),
          ReturnValues: 'ALL_NEW',
        }),
      );
      return output.Attributes as JobItem;
    } catch (error) {
      if (conditionFailure(error)) return undefined;
      throw error;
    }
  }

  private async read(jobId: string): Promise<JobItem | undefined> {
    const output = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: jobPk(jobId), sk: META_SK }, ConsistentRead: true }));
    return output.Item as JobItem | undefined;
  }

  private async write(jobId: string, plan: UpdatePlan, now: string): Promise<JobItem> {
    const set = [...plan.set, '#_version = if_not_exists(#_version, :_zero) + :_one', '#_updatedAt = :_now'];
    const update = {
      TableName: this.tableName,
      Key: { pk: jobPk(jobId), sk: META_SK },
      ...expression(
        `SET ${set.join(', ')}${plan.add.length ? ` ADD ${plan.add.join(', ')}` : ''}`,
        plan.condition ? `${NOT_TERMINAL} AND (${plan.condition})` : NOT_TERMINAL,
        { ...COMMON_NAMES, ...plan.names },
        { ...TERMINAL_VALUES, ':_zero': 0, ':_one': 1, ':_now': now, ...plan.values },
      ),
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
    };
    if (plan.result === undefined) {
      const output = await this.client.send(new UpdateCommand({ ...update, ReturnValues: 'ALL_NEW' }));
      return output.Attributes as JobItem;
    }
    // The result and the status change land together: never SUCCEEDED without its result, and no
    // result stored for a job that had already ended otherwise.
    await this.client.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: this.tableName, Item: { pk: jobPk(jobId), sk: RESULT_SK, result: plan.result, size: Buffer.byteLength(plan.result, 'utf8') } } },
          { Update: update },
        ],
      }),
    );
    const job = await this.read(jobId);
    if (!job) throw new JobConflictError(`Job ${jobId} disappeared after it succeeded`);
    return job;
  }
}
