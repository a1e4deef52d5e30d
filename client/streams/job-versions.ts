// A job's newest state. Concurrent steps publish concurrently, so updates can arrive out of
// version order; an update older than one already seen is stale and dropped.

export const TERMINAL_JOB_STATUSES: ReadonlySet<string> = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

export const isTerminalJob = (job: { status: string }): boolean => TERMINAL_JOB_STATUSES.has(job.status);

export class NewestVersion<T extends { version: number }> {
  private newest: T | undefined;

  /** Keeps `update` and returns true when it is newer than every update seen; false for a stale or repeated one. */
  offer(update: T): boolean {
    if (this.newest !== undefined && update.version <= this.newest.version) return false;
    this.newest = update;
    return true;
  }

  get current(): T | undefined {
    return this.newest;
  }
}
