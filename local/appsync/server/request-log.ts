// The request log (SANDBOX_REQUEST_LOG=1): one line per HTTP request, then, for a GraphQL
// operation, one line per resolved field (with the errorTypes it returned) and one per resolver
// step with its duration ("-> error", "-> earlyReturn", "-> ctx.error <type>" when it ended so).
// A subscription start on the real-time endpoint gets a line too, with its resolver's steps.
// Never bodies, variables, values or tokens. Built only when on: nothing is timed otherwise.
import type { ResolverStepTiming } from '../types.js';
import type { OperationOutcome } from './execute.js';

export interface RequestLogEntry {
  method: string;
  path: string;
  status: number;
  authMode: string;
  ms: number;
  outcome?: OperationOutcome | undefined;
}

const ms = (value: number) => `${value.toFixed(1)}ms`;

export function formatRequestLog(entry: RequestLogEntry): string {
  const operation = entry.outcome?.operationLabel ? ` ${entry.outcome.operationLabel}` : '';
  const lines = [`${entry.method} ${entry.path} ${entry.status} ${entry.authMode} ${ms(entry.ms)}${operation}`];
  for (const field of entry.outcome?.fieldTimings ?? []) {
    const errors = field.errorTypes.length > 0 ? ` error ${field.errorTypes.join(', ')}` : '';
    lines.push(`  ${field.path} (${field.field}) ${ms(field.ms)}${errors}`);
    lines.push(...stepLines(field.steps, '    '));
  }
  return lines.join('\n');
}

const stepLines = (steps: ResolverStepTiming[], indent: string) =>
  steps.map((step) => `${indent}${step.step}${step.dataSource ? ` ${step.dataSource}` : ''} ${ms(step.ms)}`);

/** A `start` on the real-time endpoint and how it ended. */
export interface SubscriptionStartLogEntry {
  /** The subscription field, once the query named one. */
  field?: string;
  /** Once authorized. */
  authMode?: string;
  /** 'start_ack', 'error <errorTypes>', or 'connection closed' when the socket went first. */
  outcome: string;
  ms: number;
  /** The subscription resolver's steps, when it has one and it ran. */
  steps?: ResolverStepTiming[];
}

export function formatSubscriptionStartLog(entry: SubscriptionStartLogEntry): string {
  const head = `WS start ${entry.field ?? '-'} ${entry.authMode ?? '-'} ${ms(entry.ms)} -> ${entry.outcome}`;
  return [head, ...stepLines(entry.steps ?? [], '  ')].join('\n');
}
