// client.jobs.start: a workflow job as a stream of its states. It subscribes to the caller's job
// updates before startWorkflow (so none is missed), yields this job's states in version order
// (stale ones dropped), and ends at a terminal status. After a resubscribe it reads the job; when
// the subscription is lost for good it polls the job until it ends.
import { CancelJobDocument, JobDocument, OnJobUpdatedDocument, StartWorkflowDocument, type JobFieldsFragment, type StartWorkflowInput } from '../generated/graphql.js';
import { NetworkError } from '../errors.js';
import { throwIfAborted, untilAborted } from './abort.js';
import { defaultTiming, retryDelay, type StreamTiming } from './answer-tracker.js';
import { StreamClosedError, StreamGoneError } from './errors.js';
import { isTerminalJob, NewestVersion } from './job-versions.js';
import { deferred, PieceQueue, type PieceSink } from './piece-queue.js';
import { consumeSubscription, type StreamSubscription, type StreamTransport } from './transport.js';

export interface JobStreamOptions {
  /** Aborting cancels the job (cancelJob) and ends the iteration; `final` still resolves with the job as it ended. */
  signal?: AbortSignal;
}

/**
 * The job's states in version order, from the one startWorkflow returned to a terminal one
 * (SUCCEEDED, FAILED or CANCELLED). Iterate it once; breaking out stops the buffering only.
 */
export interface JobStream extends AsyncIterable<JobFieldsFragment> {
  /** The job as startWorkflow returned it. */
  readonly job: Promise<JobFieldsFragment>;
  /** The job once it ended, with its result (read from the API when the pushed one was too large). */
  readonly final: Promise<JobFieldsFragment>;
}

export interface JobStreams {
  start(input: StartWorkflowInput, options?: JobStreamOptions): JobStream;
}

export function createJobStreams(transport: StreamTransport, timing?: Partial<StreamTiming>): JobStreams {
  return { start: (input, options = {}) => startStreamed(transport, { ...defaultTiming, ...timing }, input, options) };
}

/** Follows one job's states once its id is known. */
export class JobFollower {
  private readonly newest = new NewestVersion<JobFieldsFragment>();
  private readonly result = deferred<JobFieldsFragment>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private polling = false;
  private readFailures = 0;
  private done = false;

  constructor(
    private readonly jobId: string,
    private readonly output: PieceSink<JobFieldsFragment>,
    private readonly read: () => Promise<JobFieldsFragment | null>,
    private readonly timing: StreamTiming,
  ) {}

  get final(): Promise<JobFieldsFragment> {
    return this.result.promise;
  }

  offer(update: JobFieldsFragment): void {
    if (this.done || update.id !== this.jobId || !this.newest.offer(update)) return;
    if (!isTerminalJob(update)) return this.output.push(update);
    this.done = true;
    clearTimeout(this.timer);
    void this.finish(update);
  }

  /** Reads the job now (after a resubscribe: updates may have been missed). */
  refresh(): void {
    if (this.done) return;
    clearTimeout(this.timer);
    this.read().then(
      (job) => {
        this.readFailures = 0;
        if (!job) return this.fail(new StreamGoneError(`The job ${this.jobId} no longer exists`));
        this.offer(job);
        if (this.polling) this.schedule();
      },
      (error: unknown) => {
        this.readFailures += 1;
        if (error instanceof NetworkError && this.readFailures < this.timing.maxReadFailures) this.schedule(retryDelay(this.timing, this.readFailures));
        else this.fail(error);
      },
    );
  }

  /** The subscription ended for good: lost (an error) means poll the job until it ends; a normal end means the client was closed. */
  subscriptionEnded(error: unknown): void {
    if (error === undefined) return this.fail(new StreamClosedError());
    this.polling = true;
    this.refresh();
  }

  private schedule(delay = this.timing.pollIntervalMs): void {
    if (this.done) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.refresh(), delay);
  }

  private async finish(terminal: JobFieldsFragment): Promise<void> {
    let job = terminal;
    if (terminal.result == null && terminal.resultTruncated) {
      // Results over 100 KB are not pushed: the stored job has it.
      job = (await this.read().catch(() => null)) ?? terminal;
    }
    this.output.push(job);
    this.output.end();
    this.result.resolve(job);
  }

  private fail(error: unknown): void {
    if (this.done) return;
    this.done = true;
    clearTimeout(this.timer);
    this.output.fail(error);
    this.result.reject(error);
  }
}

function startStreamed(transport: StreamTransport, timing: StreamTiming, input: StartWorkflowInput, options: JobStreamOptions): JobStream {
  const { signal } = options;
  const updates = new PieceQueue<JobFieldsFragment>();
  const job = deferred<JobFieldsFragment>();
  const final = deferred<JobFieldsFragment>();
  let subscription: StreamSubscription<unknown> | undefined;
  let follower: JobFollower | undefined;
  // Updates can arrive before startWorkflow answers with the job id (and other jobs' updates too).
  let early: JobFieldsFragment[] = [];
  let subscriptionEnd: { error: unknown } | undefined;

  const cancel = (id: string) =>
    transport.mutate(CancelJobDocument, { id }).then(
      ({ cancelJob }) => follower?.offer(cancelJob),
      () => undefined, // best effort: `final` tells how the job ended
    );
  let startedId: string | undefined;
  const onAbort = () => {
    updates.end();
    if (startedId) void cancel(startedId);
  };
  signal?.addEventListener('abort', onAbort, { once: true });

  const run = async (): Promise<void> => {
    throwIfAborted(signal);
    const jobUpdates = transport.subscribe(OnJobUpdatedDocument, {}, { onResubscribed: () => follower?.refresh() });
    subscription = jobUpdates;
    consumeSubscription(
      jobUpdates,
      ({ onJobUpdated }) => {
        if (!onJobUpdated) return;
        if (follower) follower.offer(onJobUpdated);
        else early.push(onJobUpdated);
      },
      (error) => {
        subscriptionEnd = { error };
        follower?.subscriptionEnded(error);
      },
    );
    await untilAborted(jobUpdates.started, signal);
    // Not passed the signal: once started, the job id is needed to cancel it.
    const { startWorkflow } = await transport.mutate(StartWorkflowDocument, { input });
    const id = startWorkflow.id;
    startedId = id;
    follower = new JobFollower(id, updates, async () => (await transport.query(JobDocument, { id })).job, timing);
    job.resolve(startWorkflow);
    follower.offer(startWorkflow);
    for (const update of early) follower.offer(update);
    early = [];
    if (subscriptionEnd) follower.subscriptionEnded(subscriptionEnd.error);
    if (signal?.aborted) onAbort();
    final.resolve(await follower.final);
  };

  void run()
    .catch((error: unknown) => {
      if (signal?.aborted) updates.end();
      else updates.fail(error);
      job.reject(error);
      final.reject(error);
    })
    .finally(() => {
      subscription?.close();
      signal?.removeEventListener('abort', onAbort);
    });

  return {
    job: job.promise,
    final: final.promise,
    [Symbol.asyncIterator]: () => updates[Symbol.asyncIterator](),
  };
}
