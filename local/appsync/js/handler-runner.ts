// Calls one request/response handler and classifies how it ended.
import type { AppSyncFieldError } from '../types.js';
import type { Handler, LoadedCode } from './code-loader.js';
import { codeFrame } from './diagnostics/code-frame.js';
import { summarizeContext } from './diagnostics/context-summary.js';
import { EarlyReturnSignal, ResolverRaisedError } from './errors.js';
import { withInvocation, type InvocationState } from './runtime/invocation-state.js';

export type HandlerOutcome = { kind: 'value'; value: unknown } | { kind: 'earlyReturn'; value: unknown; skipTo?: 'END' | 'NEXT' };

/** Stops the whole field: util.error, util.unauthorized, a runtime error, a bad request object. */
export class FieldFailure extends Error {
  override name = 'FieldFailure';
  constructor(readonly error: AppSyncFieldError, options?: { cause?: unknown }) {
    super(error.message, options);
  }
}

/** Values leave the resolver's realm as JSON, as AppSync serializes them. */
export function toJsonValue(value: unknown): unknown {
  if (value === undefined) return null;
  const text = JSON.stringify(value);
  return text === undefined ? null : (JSON.parse(text) as unknown);
}

export interface HandlerCall {
  code: LoadedCode;
  which: 'request' | 'response';
  /** For logs: e.g. "resolver Mutation.sendMessage (before)" or "function authorize". */
  label: string;
  ctx: Record<string, unknown>;
}

export interface HandlerDiagnostics {
  /** Print the strings of a failed handler's ctx (off: they may be prompts or model output). */
  showValues: boolean;
}

export function runHandler(
  state: InvocationState,
  call: HandlerCall,
  log: (line: string) => void,
  diagnostics: HandlerDiagnostics = { showValues: false },
): HandlerOutcome {
  const handler: Handler | undefined = call.code[call.which];
  if (!handler) {
    throw new FieldFailure({
      message: `${call.code.sourceName}: the code does not export a '${call.which}' function`,
      errorType: 'Code',
    });
  }
  try {
    const value = withInvocation(state, () => handler(call.ctx));
    return { kind: 'value', value: toJsonValue(value) };
  } catch (error) {
    if (error instanceof EarlyReturnSignal) return { kind: 'earlyReturn', value: toJsonValue(error.value), skipTo: error.skipTo };
    if (error instanceof ResolverRaisedError) {
      throw new FieldFailure({
        message: error.message,
        errorType: error.errorType,
        ...(error.data === undefined ? {} : { data: toJsonValue(error.data) }),
        ...(error.errorInfo === undefined ? {} : { errorInfo: toJsonValue(error.errorInfo) }),
      });
    }
    // A bug in the resolver: AppSync reports errorType 'Code' with "file:line:column: Name: message"
    // (see aws/aws-appsync-community#328) and skips the rest of the pipeline.
    const { line, column, handler: frameName } = call.code.locate(error);
    const where = `${call.code.sourceName}${line ? `:${line}${column ? `:${column}` : ''}` : ''}`;
    const thrown = error as { name?: unknown; message?: unknown } | null;
    const description = `${typeof thrown?.name === 'string' ? thrown.name : 'Error'}: ${String(thrown?.message ?? error)}`;
    log(describeFailure(call, { where, description, frameName, line, column }, diagnostics));
    throw new FieldFailure({ message: `${where}: ${description}`, errorType: 'Code' }, { cause: error });
  }
}

function describeFailure(
  call: HandlerCall,
  failure: { where: string; description: string; frameName: string | undefined; line: number | undefined; column: number | undefined },
  diagnostics: HandlerDiagnostics,
): string {
  const inner = failure.frameName && failure.frameName !== call.which ? ` (in ${failure.frameName})` : '';
  const frame = failure.line ? codeFrame(call.code.sourceName, failure.line, failure.column) : undefined;
  const contextTitle = diagnostics.showValues ? 'ctx:' : 'ctx (strings hidden; SANDBOX_LOG_VALUES=1 shows them):';
  return [
    `[appsync-js] runtime error in ${call.label} ${call.which}${inner} at ${failure.where}: ${failure.description}`,
    ...(frame ? [frame] : []),
    contextTitle,
    summarizeContext(call.ctx, diagnostics),
  ].join('\n');
}
