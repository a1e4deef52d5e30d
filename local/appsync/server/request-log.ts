// The request log (SANDBOX_REQUEST_LOG=1): one line per HTTP request, then, for a GraphQL
// operation, one line per resolved field (with the errorTypes it returned) and one per resolver
// step with its duration ("-> error", "-> earlyReturn", "-> ctx.error <type>" when it ended so).
// Never bodies, variables, values or tokens. Built only when on: nothing is timed otherwise.
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
    for (const step of field.steps) lines.push(`    ${step.step}${step.dataSource ? ` ${step.dataSource}` : ''} ${ms(step.ms)}`);
  }
  return lines.join('\n');
}
