// Workflow helpers for integration tests: follow the caller's job updates from
// before the job starts, so no update is missed.
import {
  OnJobUpdatedDocument,
  StartWorkflowDocument,
  type Client,
  type JobFieldsFragment,
  type StartWorkflowInput,
} from '../../client/index.js';

export type JobUpdate = JobFieldsFragment;
export const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

/** Subscribes to all of the client's jobs and keeps every update, in arrival order. */
export async function followJobs(client: Client) {
  const subscription = client.subscribe(OnJobUpdatedDocument, {});
  await subscription.started;
  const updates: JobUpdate[] = [];
  let failure: unknown;
  let wake: (() => void) | undefined;
  void (async () => {
    try {
      for await (const event of subscription) {
        if (event.onJobUpdated) updates.push(event.onJobUpdated);
        wake?.();
      }
    } catch (error) {
      failure = error;
      wake?.();
    }
  })();
  const waitFor = async <T>(check: () => T | undefined, what: string, timeoutMs: number): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = check();
      if (found !== undefined) return found;
      if (failure) throw failure;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(remaining, 200));
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  };
  return {
    updates,
    of: (jobId: string) => updates.filter((u) => u.id === jobId),
    /** Resolves with the job's updates once one has a terminal status. */
    untilTerminal: (jobId: string, timeoutMs = 30_000) =>
      waitFor(() => (updates.some((u) => u.id === jobId && TERMINAL.has(u.status)) ? updates.filter((u) => u.id === jobId) : undefined), `job ${jobId} to end`, timeoutMs),
    until: (predicate: (u: JobUpdate) => boolean, what: string, timeoutMs = 30_000) =>
      waitFor(() => updates.find(predicate), what, timeoutMs),
    close: () => subscription.close(),
  };
}

/** Starts a workflow with a subscription already in place, and waits for its end. */
export async function runJob(client: Client, input: Omit<StartWorkflowInput, 'input'> & { input: unknown }, timeoutMs?: number) {
  const follower = await followJobs(client);
  try {
    const { startWorkflow } = await client.mutate(StartWorkflowDocument, { input: { ...input, input: JSON.stringify(input.input) } });
    const updates = await follower.untilTerminal(startWorkflow.id, timeoutMs);
    // Concurrent steps publish concurrently, so arrival order can differ from version order:
    // like a client, take the newest version as the job's state.
    const final = updates.reduce((newest, update) => (update.version > newest.version ? update : newest));
    return { started: startWorkflow, updates, final };
  } finally {
    follower.close();
  }
}

/** The (step, status) transitions in the order the updates revealed them. */
export function stepTransitions(updates: JobUpdate[]): string[] {
  const seen = new Set<string>();
  const transitions: string[] = [];
  for (const update of updates) {
    for (const step of update.steps) {
      const key = `${step.name}:${step.status}`;
      if (!seen.has(key)) {
        seen.add(key);
        transitions.push(key);
      }
    }
  }
  return transitions;
}

export const resultOf = <T>(job: { result?: string | null }): T => JSON.parse(job.result ?? 'null') as T;
