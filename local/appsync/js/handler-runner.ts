// Calls one request/response handler and classifies how it ended.
import type { AppSyncFieldError } from '../types.js';
import type { Handler, LoadedCode } from './code-loader.js';
import { formatFailure } from './diagnostics/failure-report.js';
import type { SourceFrame } from './diagnostics/source-frames.js';
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

/** Past this depth a value goes through JSON.stringify, which also reports a cycle. */
const maxPlainDepth = 64;

function jsonRoundTrip(value: unknown): unknown {
  const text = JSON.stringify(value);
  return text === undefined ? null : (JSON.parse(text) as unknown);
}

/** What JSON.stringify makes of an array element or a property (`undefined`: the property is left out). */
function jsonCopy(value: unknown, depth: number): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value + 0 : null; // -0 becomes 0, NaN and Infinity null
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    case 'object': {
      if (value === null) return null;
      if (depth > maxPlainDepth) return jsonRoundTrip(value);
      if (Array.isArray(value)) {
        const copy: unknown[] = new Array(value.length);
        for (let index = 0; index < value.length; index += 1) copy[index] = jsonCopy(value[index], depth + 1) ?? null;
        return copy;
      }
      // A plain object of any realm (resolvers run in their own vm context): its prototype is
      // null or an Object.prototype, whose own prototype is null.
      const prototype = Object.getPrototypeOf(value) as object | null;
      const record = value as Record<string, unknown>;
      if ((prototype !== null && Object.getPrototypeOf(prototype) !== null) || typeof record.toJSON === 'function') return jsonRoundTrip(value);
      const copy: Record<string, unknown> = {};
      for (const key of Object.keys(record)) {
        const property = jsonCopy(record[key], depth + 1);
        if (property !== undefined) copy[key] = property;
      }
      return copy;
    }
    case 'bigint':
      return jsonRoundTrip(value); // JSON.stringify's own TypeError
  }
}

/**
 * Values leave the resolver's realm as JSON, as AppSync serializes them: what
 * JSON.parse(JSON.stringify(value)) gives, built directly for plain objects and arrays (twice
 * as cheap, and it runs on every handler's result); anything else (a Date, a toJSON method, a
 * cycle) takes the round trip itself.
 */
export function toJsonValue(value: unknown): unknown {
  return jsonCopy(value, 0) ?? null;
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

/**
 * With `diagnostics` (the engine), a failure is logged in full: util.error and runtime errors,
 * each with its TypeScript file and line, a code frame and the evaluated ctx. Without (EvaluateCode,
 * whose logs go back to its caller), only a runtime error is logged, in one line.
 */
export function runHandler(
  state: InvocationState,
  call: HandlerCall,
  log: (line: string) => void,
  diagnostics?: HandlerDiagnostics,
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
      const raised: AppSyncFieldError = {
        message: error.message,
        errorType: error.errorType,
        ...(error.data === undefined ? {} : { data: toJsonValue(error.data) }),
        ...(error.errorInfo === undefined ? {} : { errorInfo: toJsonValue(error.errorInfo) }),
      };
      if (diagnostics) log(report(state, call, call.code.locate(error), 'raised an error (util.error)', raised, diagnostics));
      throw new FieldFailure(raised);
    }
    // A bug in the resolver: AppSync reports errorType 'Code' with "file:line:column: Name: message"
    // (see aws/aws-appsync-community#328) and skips the rest of the pipeline.
    const frames = call.code.locate(error);
    const at = frames[0];
    const where = at ? `${at.file}:${at.line}:${at.column}` : call.code.sourceName;
    const thrown = error as { name?: unknown; message?: unknown } | null;
    const description = `${typeof thrown?.name === 'string' ? thrown.name : 'Error'}: ${String(thrown?.message ?? error)}`;
    const failure: AppSyncFieldError = { message: `${where}: ${description}`, errorType: 'Code' };
    log(diagnostics
      ? report(state, call, frames, `threw ${description}`, failure, diagnostics)
      : `[appsync-js] runtime error in ${call.label} ${call.which} at ${where}: ${description}`);
    throw new FieldFailure(failure, { cause: error });
  }
}

function report(
  state: InvocationState,
  call: HandlerCall,
  frames: SourceFrame[],
  what: string,
  returned: AppSyncFieldError,
  diagnostics: HandlerDiagnostics,
): string {
  const field = `${state.typeName}.${state.fieldName}`;
  const handler = `${call.label.includes(field) ? call.label : `${field} ${call.label}`} ${call.which}`;
  return formatFailure(
    { handler, what, frames, returned, ctx: call.ctx, which: call.which, authType: state.authenticationType },
    diagnostics,
  );
}
