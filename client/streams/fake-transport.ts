// A scripted StreamTransport for the helpers' unit tests: operations answered by handlers keyed
// by operation name, subscriptions the test feeds, resubscribes and ends.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { deferred } from './piece-queue.js';
import type { ResubscribeOptions, StreamSubscription, StreamTransport } from './transport.js';

type Handler = (variables: never) => unknown;

export function operationName(document: TypedDocumentNode<unknown, unknown>): string {
  const definition = document.definitions.find((d) => d.kind === 'OperationDefinition');
  return definition && 'name' in definition && definition.name ? definition.name.value : 'anonymous';
}

export class FakeSubscription<T> implements StreamSubscription<T> {
  private readonly startedSignal = deferred<void>();
  private readonly queue: T[] = [];
  private ending: { error: unknown } | undefined;
  private wake: (() => void) | undefined;
  closed = false;

  constructor(
    readonly operation: string,
    readonly variables: unknown,
    private readonly options: ResubscribeOptions | undefined,
  ) {}

  get started(): Promise<void> {
    return this.startedSignal.promise;
  }

  ack(): void {
    this.startedSignal.resolve();
  }

  refuse(error: unknown): void {
    this.startedSignal.reject(error);
    this.end(error);
  }

  emit(event: T): void {
    this.queue.push(event);
    this.notify();
  }

  /** Ends the iteration: with an error (connection lost for good), or normally (server complete). */
  end(error?: unknown): void {
    this.ending = { error };
    this.notify();
  }

  resubscribe(): void {
    this.options?.onResubscribed?.();
  }

  close(): void {
    this.closed = true;
    this.end();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for (;;) {
      const next = this.queue.shift();
      if (next !== undefined) {
        yield next;
        continue;
      }
      if (this.ending) {
        if (this.ending.error !== undefined) throw this.ending.error;
        return;
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

export class FakeTransport implements StreamTransport {
  readonly calls: { operation: string; variables: unknown }[] = [];
  readonly subscriptions: FakeSubscription<unknown>[] = [];
  /** Acknowledge new subscriptions at once (start_ack); false leaves it to the test. */
  autoAck = true;

  constructor(private readonly handlers: Record<string, Handler> = {}) {}

  on(operation: string, handler: Handler): this {
    this.handlers[operation] = handler;
    return this;
  }

  query<TData, TVariables>(document: TypedDocumentNode<TData, TVariables>, variables: TVariables): Promise<TData> {
    return this.call(document, variables);
  }

  mutate<TData, TVariables>(document: TypedDocumentNode<TData, TVariables>, variables: TVariables): Promise<TData> {
    return this.call(document, variables);
  }

  subscribe<TData, TVariables>(document: TypedDocumentNode<TData, TVariables>, variables: TVariables, options?: ResubscribeOptions): FakeSubscription<TData> {
    const subscription = new FakeSubscription<TData>(operationName(document as TypedDocumentNode<unknown, unknown>), variables, options);
    this.subscriptions.push(subscription as FakeSubscription<unknown>);
    if (this.autoAck) subscription.ack();
    return subscription;
  }

  /** The latest subscription, typed for the test's events. */
  subscription<T>(): FakeSubscription<T> {
    const latest = this.subscriptions.at(-1);
    if (!latest) throw new Error('no subscription yet');
    return latest as FakeSubscription<T>;
  }

  count(operation: string): number {
    return this.calls.filter((c) => c.operation === operation).length;
  }

  private async call<TData>(document: TypedDocumentNode<TData, never>, variables: unknown): Promise<TData> {
    const operation = operationName(document as TypedDocumentNode<unknown, unknown>);
    this.calls.push({ operation, variables });
    const handler = this.handlers[operation];
    if (!handler) throw new Error(`FakeTransport: no handler for ${operation}`);
    return (await handler(variables as never)) as TData;
  }
}
