// The APPSYNC_JS resolver engine of the local AppSync runtime.
import type { ApiDefinition, DataSourceServices, FieldInvocation, FieldResult, ResolverEngine } from '../types.js';
import { CodeLoader } from './code-loader.js';
import { DataSourceRouter } from './datasources/index.js';
import { CodeLoadError } from './errors.js';
import { ResolverExecutor } from './resolver-executor.js';

export { CodeLoadError } from './errors.js';
export {
  evaluateCode, inferAuthType,
  type CodeError, type EvaluateCodeContext, type EvaluateCodeError, type EvaluateCodeInput, type EvaluateCodeResult,
} from './evaluate-code.js';

export interface ResolverEngineOptions {
  log?: (line: string) => void;
  /** A failed handler's log shows the strings of its ctx (default: lengths only; they may be prompts). */
  logValues?: boolean;
  /** The engine this one replaces (hot reload): code it already compiled is not compiled again. */
  replacing?: LocalResolverEngine;
}

export interface LocalResolverEngine extends ResolverEngine {
  /** Releases the DynamoDB client's sockets. */
  close(): void;
  /** The compiled resolver and function code, for the engine that replaces this one. */
  readonly codeLoader: CodeLoader;
}

/**
 * Loads and checks every resolver and function up front, as AppSync does when
 * the API is deployed: a CodeLoadError lists each file that AppSync would reject.
 */
export function createResolverEngine(
  api: ApiDefinition,
  services: DataSourceServices,
  options: ResolverEngineOptions = {},
): LocalResolverEngine {
  const log = options.log ?? ((line: string) => console.error(line));
  const loader = new CodeLoader(log);
  if (options.replacing) loader.reuse(options.replacing.codeLoader, [...api.resolvers, ...Object.values(api.functions)].map((unit) => unit.code));
  const problems: CodeLoadError[] = [];
  const tryLoad = (code: string, sourceName: string): void => {
    try {
      loader.load(code, sourceName);
    } catch (error) {
      if (error instanceof CodeLoadError) problems.push(error);
      else throw error;
    }
  };
  for (const resolver of api.resolvers) tryLoad(resolver.code, resolver.sourceName ?? `${resolver.typeName}.${resolver.fieldName}`);
  for (const fn of Object.values(api.functions)) tryLoad(fn.code, fn.sourceName ?? fn.name);
  if (problems.length > 0) {
    const first = problems[0] as CodeLoadError;
    throw new CodeLoadError(problems.map((p) => p.message).join('\n'), first.sourceName, first.line, { cause: problems });
  }

  const resolvers = new Map(api.resolvers.map((r) => [`${r.typeName}.${r.fieldName}`, r]));
  const router = new DataSourceRouter(services);
  const executor = new ResolverExecutor({ api, loader, router, log, diagnostics: { showValues: options.logValues ?? false } });

  return {
    hasResolver: (typeName: string, fieldName: string): boolean => resolvers.has(`${typeName}.${fieldName}`),
    async resolveField(invocation: FieldInvocation): Promise<FieldResult> {
      const resolver = resolvers.get(`${invocation.typeName}.${invocation.fieldName}`);
      if (!resolver) throw new Error(`No resolver is attached to ${invocation.typeName}.${invocation.fieldName}`);
      return executor.resolve(resolver, invocation);
    },
    close: () => router.close(),
    codeLoader: loader,
  };
}
