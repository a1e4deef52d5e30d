// Runs one resolver: UNIT (request -> data source -> response) or PIPELINE
// (before -> each function's request -> data source -> response -> after).
// https://docs.aws.amazon.com/appsync/latest/devguide/resolver-reference-overview-js.html
// https://docs.aws.amazon.com/appsync/latest/devguide/runtime-utils-js.html (earlyReturn)
import type { ApiDefinition, FieldInvocation, FieldResult, ResolverDefinition, ResolverStepTiming } from '../types.js';
import type { CodeLoader, LoadedCode } from './code-loader.js';
import { handlerContext, sharedContext, type CallState, type SharedContext } from './context.js';
import type { DataSourceRouter } from './datasources/index.js';
import { DataSourceNotSupportedError } from './datasources/index.js';
import { DataSourceError, InvalidRequestError } from './errors.js';
import { FieldFailure, runHandler, type HandlerCall, type HandlerDiagnostics, type HandlerOutcome } from './handler-runner.js';
import type { InvocationState } from './runtime/invocation-state.js';

export interface ExecutorDeps {
  api: ApiDefinition;
  loader: CodeLoader;
  router: DataSourceRouter;
  log: (line: string) => void;
  /** How failed handlers are described in the log. */
  diagnostics?: HandlerDiagnostics;
}

/** Where one field's step timings go; undefined when the request log is off (no clock reads, no strings). */
type Steps = ResolverStepTiming[] | undefined;

/** One data source call of a resolver or of a pipeline function (`functionName`). */
interface DataSourceCall {
  dataSourceName: string | undefined;
  request: unknown;
  label: string;
  maxBatchSize: number | undefined;
  functionName?: string;
  state: InvocationState;
  shared: SharedContext;
}

type StepKind = 'request' | 'response' | 'before' | 'after';

export class ResolverExecutor {
  private readonly diagnostics: HandlerDiagnostics;

  constructor(private readonly deps: ExecutorDeps) {
    this.diagnostics = deps.diagnostics ?? { showValues: false };
  }

  async resolve(resolver: ResolverDefinition, invocation: FieldInvocation): Promise<FieldResult> {
    const state: InvocationState = {
      typeName: invocation.typeName,
      fieldName: invocation.fieldName,
      outputType: invocation.outputType,
      authenticationType: invocation.auth.authenticationType,
      errors: [],
      invalidations: [],
    };
    const shared = sharedContext(invocation, this.deps.api.environmentVariables);
    const steps: Steps = invocation.trace ? [] : undefined;
    let data: unknown = null;
    try {
      data = resolver.kind === 'PIPELINE'
        ? await this.runPipeline(resolver, state, shared, steps)
        : await this.runUnit(resolver, state, shared, steps);
    } catch (error) {
      if (!(error instanceof FieldFailure)) throw error;
      state.errors.push(error.error);
      data = null;
    }
    const result: FieldResult = {
      data,
      errors: state.errors,
      ...(state.subscriptionFilter ? { subscriptionFilter: state.subscriptionFilter } : {}),
      ...(state.subscriptionInvalidationFilter ? { subscriptionInvalidationFilter: state.subscriptionInvalidationFilter } : {}),
      ...(state.invalidations.length > 0 ? { invalidations: state.invalidations } : {}),
      ...(state.responseHeaders ? { responseHeaders: state.responseHeaders } : {}),
    };
    if (steps) result.steps = steps;
    return result;
  }

  private code(code: string, sourceName: string): LoadedCode {
    return this.deps.loader.load(code, sourceName);
  }

  /** Runs one handler, timing it when `steps` is on; the step's name is built only then. */
  private handler(state: InvocationState, call: HandlerCall, steps: Steps, functionName: string | undefined, kind: StepKind): HandlerOutcome {
    if (steps === undefined) return runHandler(state, call, this.deps.log, this.diagnostics);
    const started = performance.now();
    let outcome: HandlerOutcome | undefined;
    try {
      outcome = runHandler(state, call, this.deps.log, this.diagnostics);
      return outcome;
    } finally {
      const name = functionName === undefined ? kind : `${functionName} ${kind}`;
      const ending = outcome === undefined ? ' -> error' : outcome.kind === 'earlyReturn' ? ' -> earlyReturn' : '';
      steps.push({ step: name + ending, ms: performance.now() - started });
    }
  }

  private async runUnit(resolver: ResolverDefinition, state: InvocationState, shared: SharedContext, steps: Steps): Promise<unknown> {
    const label = `resolver ${resolver.typeName}.${resolver.fieldName}`;
    const code = this.code(resolver.code, resolver.sourceName ?? `${resolver.typeName}.${resolver.fieldName}`);
    const request = this.handler(state, { code, which: 'request', label, ctx: handlerContext(shared, {}) }, steps, undefined, 'request');
    // earlyReturn in a unit resolver's request: the value is the field's result.
    if (request.kind === 'earlyReturn') return request.value;
    const call = await this.callDataSource({ dataSourceName: resolver.dataSourceName, request: request.value, label, maxBatchSize: resolver.maxBatchSize, state, shared }, steps);
    return this.handler(state, { code, which: 'response', label, ctx: handlerContext(shared, call) }, steps, undefined, 'response').value;
  }

  private async runPipeline(resolver: ResolverDefinition, state: InvocationState, shared: SharedContext, steps: Steps): Promise<unknown> {
    const label = `resolver ${resolver.typeName}.${resolver.fieldName}`;
    const code = this.code(resolver.code, resolver.sourceName ?? `${resolver.typeName}.${resolver.fieldName}`);
    const before = this.handler(state, { code, which: 'request', label: `${label} (before)`, ctx: handlerContext(shared, {}) }, steps, undefined, 'before');
    let prevResult = before.value;
    // earlyReturn in the before handler skips every function.
    if (before.kind === 'value') {
      for (const functionName of resolver.functions ?? []) {
        const step = await this.runFunction(functionName, state, shared, prevResult, steps);
        prevResult = step.value;
        if (step.skipToEnd) break;
      }
    }
    const after = this.handler(state, {
      code, which: 'response', label: `${label} (after)`, ctx: handlerContext(shared, { prevResult, result: prevResult }),
    }, steps, undefined, 'after');
    return after.value;
  }

  private async runFunction(
    functionName: string,
    state: InvocationState,
    shared: SharedContext,
    prevResult: unknown,
    steps: Steps,
  ): Promise<{ value: unknown; skipToEnd: boolean }> {
    const definition = this.deps.api.functions[functionName];
    if (!definition) {
      throw new FieldFailure({ message: `Pipeline function '${functionName}' is not defined in the API`, errorType: 'MappingTemplate' });
    }
    const label = `function ${functionName}`;
    const code = this.code(definition.code, definition.sourceName ?? functionName);
    const request = this.handler(state, { code, which: 'request', label, ctx: handlerContext(shared, { prevResult }) }, steps, functionName, 'request');
    // earlyReturn in a function's request skips its data source and response ('NEXT', the default), or the rest ('END').
    if (request.kind === 'earlyReturn') return { value: request.value, skipToEnd: request.skipTo === 'END' };
    const call = await this.callDataSource({ dataSourceName: definition.dataSourceName, request: request.value, label, maxBatchSize: definition.maxBatchSize, functionName, state, shared }, steps);
    const response = this.handler(state, { code, which: 'response', label, ctx: handlerContext(shared, { ...call, prevResult }) }, steps, functionName, 'response');
    return { value: response.value, skipToEnd: response.kind === 'earlyReturn' && response.skipTo === 'END' };
  }

  /**
   * A data source failure becomes ctx.error for the response handler; it reaches
   * the client only if the handler raises it (util.error / appendError), as with
   * AppSync's 2018-05-29 semantics.
   * https://docs.aws.amazon.com/appsync/latest/devguide/resolver-mapping-template-changelog.html
   */
  private async callDataSource(call: DataSourceCall, steps: Steps): Promise<CallState> {
    const { dataSourceName, request, label, functionName } = call;
    const dataSource = dataSourceName === undefined ? undefined : this.deps.api.dataSources[dataSourceName];
    if (!dataSource) {
      throw new FieldFailure({ message: `${label}: data source '${String(dataSourceName)}' is not defined in the API`, errorType: 'MappingTemplate' });
    }
    const started = steps ? performance.now() : 0;
    let ending = '';
    try {
      const field = {
        typeName: call.state.typeName,
        fieldName: call.state.fieldName,
        outputType: call.state.outputType,
        arguments: call.shared.arguments,
        identity: call.shared.identity,
      };
      return { result: await this.deps.router.invoke(dataSource, request, { batchKey: label, maxBatchSize: call.maxBatchSize, field }) };
    } catch (error) {
      ending = error instanceof DataSourceError ? ` -> ctx.error ${error.type}` : ' -> error';
      if (error instanceof DataSourceError) {
        this.deps.log(`[appsync-js] ${label}: data source '${dataSource.name}' failed: ${error.type}`);
        return { result: error.result, error: { message: error.message, type: error.type } };
      }
      if (error instanceof InvalidRequestError) {
        throw new FieldFailure({ message: error.message, errorType: 'MappingTemplate' }, { cause: error });
      }
      if (error instanceof DataSourceNotSupportedError) {
        throw new FieldFailure({ message: error.message, errorType: 'UnsupportedOperation' }, { cause: error });
      }
      throw error;
    } finally {
      steps?.push({
        step: functionName === undefined ? 'data source' : `${functionName} data source`,
        dataSource: `${dataSource.name} (${dataSource.type})${ending}`,
        ms: performance.now() - started,
      });
    }
  }
}
