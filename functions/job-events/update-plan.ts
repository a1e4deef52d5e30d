// What one event changes on the job item, as an UpdateItem expression planned from the item last
// seen (or from nothing, when the event does not depend on it). The store adds what every change
// carries (version + 1, updatedAt, "exists and not terminal") and retries with the item DynamoDB
// returns on a failed condition. Conditions are as narrow as the change, so concurrent events
// conflict only when they touch the same thing:
// - PROGRESS adds to counters atomically (no read, never conflicts once `progress` is a map);
// - STEP updates its element in place by index, guarded by that element's name (the list only
//   grows, so an index never moves); a new step is appended guarded by the list's size, so two
//   steps starting at once are both kept, in the order their writes landed.
import type { JobEvent } from './event.js';
import type { JobItem, JobStep } from './job.js';

export interface UpdatePlan {
  set: string[];
  add: string[];
  /** ANDed with the store's own condition. */
  condition?: string;
  names: Record<string, string>;
  values: Record<string, unknown>;
  /** SUCCEEDED: the result (JSON) to store on the RESULT item in the same transaction. */
  result?: string;
}

export type Plan = { kind: 'update'; plan: UpdatePlan } | { kind: 'needs-item' } | { kind: 'unchanged' };

const update = (plan: Omit<UpdatePlan, 'add'> & { add?: string[] }): Plan => ({ kind: 'update', plan: { add: [], ...plan } });

const BASE_NAMES = { '#status': 'status', '#steps': 'steps', '#stepName': 'name', '#stepStatus': 'status', '#startedAt': 'startedAt', '#endedAt': 'endedAt' };

function stepsOf(item: JobItem): Partial<JobStep>[] | undefined {
  return Array.isArray(item.steps) ? item.steps : undefined;
}

function planStep(event: Extract<JobEvent, { type: 'STEP' }>, item: JobItem, now: string): Plan {
  const steps = stepsOf(item);
  const index = steps?.findIndex((step) => step.name === event.step) ?? -1;
  const extras: Record<string, unknown> = {
    ...(event.cached === undefined ? {} : { cached: event.cached }),
    ...(event.usage ? { usage: event.usage } : {}),
  };
  const names: Record<string, string> = { ...BASE_NAMES };
  const values: Record<string, unknown> = { ':running': 'RUNNING', ':stepStatus': event.status };

  if (steps && index >= 0) {
    const existing = steps[index];
    const sameStatus = existing?.status === event.status;
    if (sameStatus && Object.keys(extras).length === 0) return { kind: 'unchanged' };
    const path = `#steps[${index}]`;
    const set = ['#status = :running', `${path}.#stepStatus = :stepStatus`];
    if (event.status === 'RUNNING') {
      // Started again (a retried step): a fresh start, no end.
      if (!sameStatus) set.push(`${path}.#startedAt = :now`, `${path}.#endedAt = :null`);
      values[':null'] = null;
    } else if (!sameStatus) {
      set.push(`${path}.#endedAt = :now`);
    }
    for (const [field, value] of Object.entries(extras)) {
      names[`#${field}`] = field;
      values[`:${field}`] = value;
      set.push(`${path}.#${field} = :${field}`);
    }
    values[':now'] = now;
    values[':name'] = event.step;
    return update({ set, condition: `${path}.#stepName = :name`, names, values });
  }

  const step = { name: event.step, status: event.status, startedAt: now, endedAt: event.status === 'RUNNING' ? null : now, ...extras };
  values[':newSteps'] = [step];
  if (steps) {
    values[':stepCount'] = steps.length;
    return update({ set: ['#status = :running', '#steps = list_append(#steps, :newSteps)'], condition: 'size(#steps) = :stepCount', names, values });
  }
  values[':listType'] = 'L';
  return update({ set: ['#status = :running', '#steps = :newSteps'], condition: 'NOT attribute_type(#steps, :listType)', names, values });
}

function planProgress(event: Extract<JobEvent, { type: 'PROGRESS' }>, item: JobItem | undefined): Plan {
  const counter = event.outcome === 'SUCCEEDED' ? 'completed' : 'failed';
  const names = { '#status': 'status', '#progress': 'progress', '#counter': counter, '#total': 'total' };
  const progressIsMap = item === undefined || (item.progress !== null && typeof item.progress === 'object');
  if (progressIsMap) {
    return update({
      set: ['#status = :running', '#progress.#total = :total'],
      add: ['#progress.#counter :one'],
      condition: 'attribute_type(#progress, :mapType)',
      names,
      values: { ':running': 'RUNNING', ':total': event.total, ':one': 1, ':mapType': 'M' },
    });
  }
  // The first progress event creates the map; if another created it meanwhile, the condition
  // fails and the retry adds to it instead.
  const initial = { completed: 0, failed: 0, total: event.total, [counter]: 1 };
  return update({
    set: ['#status = :running', '#progress = :initial'],
    condition: 'NOT attribute_type(#progress, :mapType)',
    names: { '#status': 'status', '#progress': 'progress' },
    values: { ':running': 'RUNNING', ':initial': initial, ':mapType': 'M' },
  });
}

/** Ends the job; steps still RUNNING are marked FAILED (the execution is over, they did not finish). */
function planEnd(status: 'FAILED' | 'CANCELLED', error: { errorType: string; message: string; step: string | null } | undefined, item: JobItem, now: string): Plan {
  const set = ['#status = :endStatus'];
  const names: Record<string, string> = { '#status': 'status' };
  const values: Record<string, unknown> = { ':endStatus': status };
  if (error) {
    set.push('#error = :error');
    names['#error'] = 'error';
    values[':error'] = error;
  }
  const steps = stepsOf(item) ?? [];
  const conditions: string[] = [];
  if (error && error.step === null) {
    // EventBridge does not say which step failed: the one still running did.
    const running = steps.find((step) => step.status === 'RUNNING' && typeof step.name === 'string');
    if (running?.name) values[':error'] = { ...error, step: running.name };
  }
  steps.forEach((step, index) => {
    if (step.status !== 'RUNNING') return;
    Object.assign(names, BASE_NAMES);
    Object.assign(values, { ':stepFailed': 'FAILED', ':stepRunning': 'RUNNING', ':now': now });
    set.push(`#steps[${index}].#stepStatus = :stepFailed`, `#steps[${index}].#endedAt = :now`);
    conditions.push(`#steps[${index}].#stepStatus = :stepRunning`);
  });
  return update({ set, ...(conditions.length ? { condition: conditions.join(' AND ') } : {}), names, values });
}

/** `item` is the job as last seen, or undefined before any read. */
export function planUpdate(event: JobEvent, item: JobItem | undefined, now: string, resultJson?: string): Plan {
  switch (event.type) {
    case 'STARTED':
      if (item && item.status !== 'QUEUED') return { kind: 'unchanged' };
      return update({ set: ['#status = :running'], condition: '#status = :queued', names: { '#status': 'status' }, values: { ':running': 'RUNNING', ':queued': 'QUEUED' } });
    case 'STEP':
      return item ? planStep(event, item, now) : { kind: 'needs-item' };
    case 'PROGRESS':
      return planProgress(event, item);
    case 'SUCCEEDED':
      return update({
        set: ['#status = :succeeded'],
        names: { '#status': 'status' },
        values: { ':succeeded': 'SUCCEEDED' },
        result: resultJson ?? JSON.stringify(event.result),
      });
    case 'FAILED':
      return item ? planEnd('FAILED', { ...event.error, step: event.step ?? null }, item, now) : { kind: 'needs-item' };
    case 'EXECUTION_ENDED':
      return item ? planEnd(event.status, event.error ? { ...event.error, step: null } : undefined, item, now) : { kind: 'needs-item' };
  }
}
