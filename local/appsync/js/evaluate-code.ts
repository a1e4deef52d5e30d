// evaluateCode: runs one handler (request or response) of APPSYNC_JS code against
// a given context, without calling any data source. It mirrors AppSync's
// EvaluateCode API (https://docs.aws.amazon.com/appsync/latest/APIReference/API_EvaluateCode.html)
// with the engine's own loader, util/runtime/extensions and handler runner, so a
// test exercises exactly what the local runtime (and the deployed API) runs.
//
// Differences from the AWS API, for convenience in tests: values come back parsed
// rather than as JSON strings; `error` also carries the raised errorType, data and
// errorInfo; `earlyReturn` and the subscription extensions are reported.
import type {
  AppSyncFieldError, AuthenticationType, FieldInvocation, ResolverInfo, SubscriptionFilterSet,
} from '../types.js';
import { CodeLoader, type LoadedCode } from './code-loader.js';
import { handlerContext, type SharedContext } from './context.js';
import { CodeLoadError } from './errors.js';
import { FieldFailure, runHandler } from './handler-runner.js';
import type { InvocationState } from './runtime/invocation-state.js';

/** The `context` of EvaluateCode: what `ctx` holds for the handler (JSON values). */
export interface EvaluateCodeContext {
  arguments: Record<string, unknown>;
  source?: Record<string, unknown> | null;
  /** null for API key (and IAM-less) requests; a Cognito identity has `sub`. */
  identity?: unknown;
  stash?: Record<string, unknown>;
  /** The data source's result, for a response handler. */
  result?: unknown;
  /** The data source's failure, for a response handler (e.g. type 'DynamoDB:ConditionalCheckFailedException'). */
  error?: { message: string; type: string };
  prev?: { result?: unknown };
  info?: Partial<ResolverInfo>;
  request?: Partial<FieldInvocation['request']>;
  env?: Record<string, string>;
}

export interface EvaluateCodeInput {
  code: string;
  /** Names the code in error messages and logs; defaults to 'code.js'. */
  sourceName?: string;
  function: 'request' | 'response';
  context: EvaluateCodeContext;
  /** What util.authType() answers; inferred from `context.identity` when omitted (see inferAuthType). */
  authType?: AuthenticationType;
}

/** https://docs.aws.amazon.com/appsync/latest/APIReference/API_CodeError.html */
export interface CodeError {
  errorType: 'PARSER_ERROR' | 'LINT_ERROR';
  value: string;
  location: { line: number; column: number; span: number };
}

export interface EvaluateCodeError {
  message: string;
  /** util.error's type, 'Unauthorized', or 'Code' for a runtime error in the code. Absent when the code did not load. */
  errorType?: string;
  data?: unknown;
  errorInfo?: unknown;
  /** Why the code could not be loaded (unsupported syntax, parse errors). */
  codeErrors?: CodeError[];
}

export interface EvaluateCodeResult {
  /** The handler's return value (or earlyReturn's value) as JSON; absent when `error` is set. */
  evaluationResult?: unknown;
  error?: EvaluateCodeError;
  /** console.* output of the code, and the runtime's report of a runtime error. */
  logs: string[];
  /** ctx.stash after the handler ran. */
  stash: Record<string, unknown>;
  /** Errors added with util.appendError. */
  outErrors: AppSyncFieldError[];
  /** Set when the handler ended with runtime.earlyReturn. */
  earlyReturn?: { skipTo?: 'END' | 'NEXT' };
  subscriptionFilter?: SubscriptionFilterSet;
  subscriptionInvalidationFilter?: SubscriptionFilterSet;
  invalidations?: Array<{ subscriptionField: string; payload: Record<string, unknown> }>;
}

// One loader for every evaluation, so a bundle is compiled once; its console
// output goes to the logs of the evaluation that is running (handlers are synchronous).
let collectLog: ((line: string) => void) | undefined;
const loader = new CodeLoader((line) => collectLog?.(line));

/**
 * The auth mode an identity implies: null -> API_KEY, `sub` -> Cognito user pools,
 * `accountId`/`userArn` -> IAM, `resolverContext` -> Lambda. OIDC needs an explicit authType.
 */
export function inferAuthType(identity: unknown): AuthenticationType {
  if (identity === null || identity === undefined || typeof identity !== 'object') return 'API_KEY';
  if ('sub' in identity) return 'AMAZON_COGNITO_USER_POOLS';
  if ('accountId' in identity || 'userArn' in identity) return 'AWS_IAM';
  if ('resolverContext' in identity) return 'AWS_LAMBDA';
  return 'API_KEY';
}

/** The context arrives as JSON in the AWS API: the same round trip drops undefined and host objects. */
const fromJson = <T>(value: T): T => (value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T));

export function evaluateCode(input: EvaluateCodeInput): EvaluateCodeResult {
  const sourceName = input.sourceName ?? 'code.js';
  const logs: string[] = [];
  const context = fromJson(input.context);
  const info: ResolverInfo = {
    fieldName: 'field', parentTypeName: 'Query', variables: {}, selectionSetList: [], selectionSetGraphQL: '', ...context.info,
  };
  const shared: SharedContext = {
    arguments: context.arguments ?? {},
    source: context.source ?? null,
    identity: context.identity ?? null,
    info,
    request: { headers: {}, domainName: null, ...context.request },
    stash: context.stash ?? {},
    env: Object.freeze({ ...context.env }),
  };
  const state: InvocationState = {
    typeName: info.parentTypeName,
    fieldName: info.fieldName,
    authenticationType: input.authType ?? inferAuthType(shared.identity),
    errors: [],
    invalidations: [],
  };
  const finish = (outcome: Pick<EvaluateCodeResult, 'evaluationResult' | 'error' | 'earlyReturn'>): EvaluateCodeResult => ({
    ...outcome,
    logs,
    stash: fromJson(shared.stash),
    outErrors: state.errors,
    ...(state.subscriptionFilter ? { subscriptionFilter: state.subscriptionFilter } : {}),
    ...(state.subscriptionInvalidationFilter ? { subscriptionInvalidationFilter: state.subscriptionInvalidationFilter } : {}),
    ...(state.invalidations.length > 0 ? { invalidations: state.invalidations } : {}),
  });

  const previousCollector = collectLog;
  collectLog = (line) => logs.push(line);
  try {
    let code: LoadedCode;
    try {
      code = loader.load(input.code, sourceName);
    } catch (error) {
      if (error instanceof CodeLoadError) return finish({ error: { message: error.message, codeErrors: codeErrorsOf(error) } });
      throw error;
    }
    const ctx = handlerContext(shared, {
      prevResult: context.prev?.result,
      result: context.result,
      ...(context.error ? { error: context.error } : {}),
    });
    const outcome = runHandler(state, { code, which: input.function, label: sourceName, ctx }, (line) => logs.push(line));
    return outcome.kind === 'earlyReturn'
      ? finish({ evaluationResult: outcome.value, earlyReturn: outcome.skipTo ? { skipTo: outcome.skipTo } : {} })
      : finish({ evaluationResult: outcome.value });
  } catch (error) {
    if (error instanceof FieldFailure) return finish({ error: { ...error.error } });
    throw error;
  } finally {
    collectLog = previousCollector;
  }
}

// CodeLoadError lists unsupported syntax as "  <source>:<line>:<column>: <message>" lines.
const LISTED_PROBLEM = /^\s+.*:(\d+):(\d+): (.*)$/;

function codeErrorsOf(error: CodeLoadError): CodeError[] {
  const listed = error.message.split('\n').flatMap((line): CodeError[] => {
    const match = LISTED_PROBLEM.exec(line);
    if (!match) return [];
    const value = match[3] ?? line;
    const errorType = value.startsWith('syntax error') ? 'PARSER_ERROR' : 'LINT_ERROR';
    return [{ errorType, value, location: { line: Number(match[1]), column: Number(match[2]), span: -1 } }];
  });
  if (listed.length > 0) return listed;
  return [{ errorType: 'PARSER_ERROR', value: error.message, location: { line: error.line ?? 0, column: 0, span: -1 } }];
}
