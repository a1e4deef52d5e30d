// Runs resolver code in this process with the runtime's full module map (runtime/modules.ts),
// for what evaluateCode cannot show yet: modules the engine's code loader does not map
// ('@aws-appsync/utils/rds', '/ai') and response headers, which it does not report.
import vm from 'node:vm';
import { transformSync } from 'esbuild';
import { EarlyReturnSignal, ResolverRaisedError } from '../../../local/appsync/js/errors.js';
import type { EvaluateCodeInput, EvaluateCodeResult } from '../../../local/appsync/js/index.js';
import { inferAuthType } from '../../../local/appsync/js/index.js';
import { withInvocation, type InvocationState } from '../../../local/appsync/js/runtime/invocation-state.js';
import { APPSYNC_JS_GLOBALS, APPSYNC_JS_MODULES } from '../../../local/appsync/js/runtime/modules.js';

export interface InProcessResult extends EvaluateCodeResult {
  responseHeaders?: Record<string, string>;
}

type Handler = (ctx: unknown) => unknown;

const toJson = (value: unknown): unknown => (value === undefined ? null : (JSON.parse(JSON.stringify(value) ?? 'null') as unknown));

function load(code: string): Record<string, Handler | undefined> {
  const { code: commonJs } = transformSync(code, { loader: 'js', format: 'cjs', target: 'es2022' });
  const context = vm.createContext({ ...APPSYNC_JS_GLOBALS, console });
  const module = { exports: {} as Record<string, Handler | undefined> };
  const require = (specifier: string): unknown => {
    const resolved = APPSYNC_JS_MODULES[specifier];
    if (resolved === undefined) throw new Error(`cannot import '${specifier}'`);
    return resolved;
  };
  vm.compileFunction(commonJs, ['exports', 'require', 'module'], { parsingContext: context })(module.exports, require, module);
  return module.exports;
}

export function runInProcess(input: EvaluateCodeInput): InProcessResult {
  const context = toJson(input.context) as EvaluateCodeInput['context'];
  const info = { fieldName: 'field', parentTypeName: 'Query', variables: {}, selectionSetList: [], selectionSetGraphQL: '', ...context.info };
  const stash = context.stash ?? {};
  const ctx = {
    arguments: context.arguments ?? {}, args: context.arguments ?? {}, source: context.source ?? null,
    identity: context.identity ?? null, info, request: { headers: {}, domainName: null, ...context.request }, stash,
    env: Object.freeze({ ...context.env }), prev: { result: context.prev?.result }, result: context.result,
    ...(context.error ? { error: context.error } : {}),
  };
  const state: InvocationState = {
    typeName: info.parentTypeName, fieldName: info.fieldName,
    authenticationType: input.authType ?? inferAuthType(ctx.identity), errors: [], invalidations: [],
  };
  const handler = load(input.code)[input.function];
  if (!handler) throw new Error(`The code does not export '${input.function}'`);
  const finish = (outcome: Partial<EvaluateCodeResult>): InProcessResult => ({
    ...outcome, logs: [], stash: toJson(stash) as Record<string, unknown>, outErrors: state.errors,
    ...(state.subscriptionFilter ? { subscriptionFilter: state.subscriptionFilter } : {}),
    ...(state.subscriptionInvalidationFilter ? { subscriptionInvalidationFilter: state.subscriptionInvalidationFilter } : {}),
    ...(state.invalidations.length > 0 ? { invalidations: state.invalidations } : {}),
    ...(state.responseHeaders ? { responseHeaders: state.responseHeaders } : {}),
  });
  try {
    return finish({ evaluationResult: toJson(withInvocation(state, () => handler(ctx))) });
  } catch (error) {
    if (error instanceof EarlyReturnSignal) {
      return finish({ evaluationResult: toJson(error.value), earlyReturn: error.skipTo ? { skipTo: error.skipTo } : {} });
    }
    if (error instanceof ResolverRaisedError) {
      return finish({ error: { message: error.message, errorType: error.errorType, ...(error.data === undefined ? {} : { data: toJson(error.data) }) } });
    }
    const thrown = error as { name?: string; message?: string };
    return finish({ error: { message: `${thrown.name ?? 'Error'}: ${thrown.message ?? String(error)}`, errorType: 'Code' } });
  }
}
