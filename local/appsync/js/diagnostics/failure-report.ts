// What the sandbox log says when a handler fails: where (the TypeScript file and line, with the
// chain of calls inside the resolver's code and a code frame), what the client gets back, and the
// evaluated ctx with its strings hidden unless values are switched on.
import type { AppSyncFieldError } from '../../types.js';
import { codeFrame } from './code-frame.js';
import { redact, summarizeContext, type ContextSummaryOptions, type SummarizedCall } from './context-summary.js';
import type { SourceFrame } from './source-frames.js';

export interface HandlerFailure extends SummarizedCall {
  /** e.g. "Mutation.createAdvert function intake request" or "Query.ask resolver request". */
  handler: string;
  /** 'threw TypeError: ...' for a bug, 'raised an error' for util.error / util.unauthorized. */
  what: string;
  frames: SourceFrame[];
  /** The field's error as the client receives it. */
  returned: AppSyncFieldError;
}

const indent = (text: string, by: string) => text.split('\n').map((line) => `${by}${line}`).join('\n');

export function formatFailure(failure: HandlerFailure, options: ContextSummaryOptions): string {
  const [innermost] = failure.frames;
  const frame = innermost ? codeFrame(innermost.path, innermost.line, innermost.column) : undefined;
  const returned = failure.returned;
  const extras = [
    ...(returned.data === undefined || returned.data === null ? [] : [`data ${JSON.stringify(redact(returned.data, options))}`]),
    ...(returned.errorInfo === undefined || returned.errorInfo === null ? [] : [`errorInfo ${JSON.stringify(redact(returned.errorInfo, options))}`]),
  ];
  const position = (at: SourceFrame) => `${at.file}:${at.line}:${at.column}`;
  return [
    `[appsync-js] ${failure.handler}${innermost ? ` at ${position(innermost)}` : ''} ${failure.what}`,
    // The way there, when the failure is in a helper the handler called.
    ...(failure.frames.length > 1 ? failure.frames.map((at) => `  at ${at.functionName ? `${at.functionName} (${position(at)})` : position(at)}`) : []),
    ...(frame ? [indent(frame, '    ')] : []),
    `  returned to the client: errorType ${JSON.stringify(returned.errorType)}, message ${JSON.stringify(returned.message)}${extras.map((extra) => `, ${extra}`).join('')}`,
    options.showValues ? '  ctx:' : '  ctx (strings hidden; SANDBOX_LOG_VALUES=1 shows them):',
    ...summarizeContext(failure, options).map((line) => `    ${line}`),
  ].join('\n');
}
