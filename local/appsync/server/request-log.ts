// The request log (SANDBOX_REQUEST_LOG=1): one line per HTTP request, then, for a GraphQL
// operation, one line per resolved field and one per resolver step with its duration.
// Never bodies, variables, values or tokens.
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
    lines.push(`  ${field.path} (${field.field}) ${ms(field.ms)}`);
    for (const step of field.steps) lines.push(`    ${step.step}${step.dataSource ? ` ${step.dataSource}` : ''} ${ms(step.ms)}`);
  }
  return lines.join('\n');
}
