// Loads bundled APPSYNC_JS code (ESM that imports only @aws-appsync/utils and its modules):
// checks it for unsupported syntax, transforms
// it to CommonJS with esbuild and evaluates it once in its own node:vm context.
import { SourceMap } from 'node:module';
import vm from 'node:vm';
import { transformSync } from 'esbuild';
import { CodeLoadError } from './errors.js';
import { APPSYNC_JS_GLOBALS, APPSYNC_JS_MODULES } from './runtime/modules.js';
import { findUnsupportedSyntax } from './syntax-check.js';

export type Handler = (ctx: unknown) => unknown;

export interface LoadedCode {
  sourceName: string;
  request?: Handler;
  response?: Handler;
  /** Maps a stack trace from this code to `sourceName:line` of the original source, when it can. */
  locate(error: unknown): { line?: number; column?: number; handler?: string };
}

const FILE_PREFIX = 'appsync-js:';

export class CodeLoader {
  private readonly cache = new Map<string, LoadedCode>();

  constructor(private readonly log: (line: string) => void) {}

  /** Throws CodeLoadError naming `sourceName` and the line of the first problem. */
  load(code: string, sourceName: string): LoadedCode {
    const cached = this.cache.get(code);
    if (cached) return cached;
    const loaded = this.compile(code, sourceName);
    this.cache.set(code, loaded);
    return loaded;
  }

  private compile(code: string, sourceName: string): LoadedCode {
    const problems = findUnsupportedSyntax(code);
    if (problems.length > 0) {
      const first = problems[0];
      const listing = problems.map((p) => `  ${sourceName}:${p.line}:${p.column + 1}: ${p.message}`).join('\n');
      throw new CodeLoadError(`The code contains one or more errors (APPSYNC_JS):\n${listing}`, sourceName, first?.line);
    }
    let transformed;
    try {
      transformed = transformSync(code, {
        loader: 'js', format: 'cjs', target: 'es2022', sourcemap: 'external', sourcefile: sourceName,
      });
    } catch (error) {
      throw new CodeLoadError(`${sourceName}: esbuild could not transform the code: ${(error as Error).message}`, sourceName, undefined, { cause: error });
    }
    const sourceMap = new SourceMap(JSON.parse(transformed.map) as ConstructorParameters<typeof SourceMap>[0]);
    const filename = `${FILE_PREFIX}${sourceName}`;
    const context = vm.createContext(this.sandboxGlobals(sourceName), { name: sourceName, codeGeneration: { strings: false, wasm: false } });
    const moduleObject: { exports: Record<string, unknown> } = { exports: {} };
    const require = (specifier: string): unknown => {
      const resolved = APPSYNC_JS_MODULES[specifier];
      if (resolved === undefined) {
        throw new CodeLoadError(`${sourceName}: cannot import '${specifier}': APPSYNC_JS code may import only ${Object.keys(APPSYNC_JS_MODULES).join(', ')}`, sourceName);
      }
      return resolved;
    };
    const locate = (error: unknown): { line?: number; column?: number; handler?: string } => {
      const stack = String((error as { stack?: unknown } | null)?.stack ?? '');
      for (const frame of stack.split('\n')) {
        const at = frame.indexOf(filename + ':');
        if (at < 0) continue;
        const match = /:(\d+):(\d+)\)?\s*$/.exec(frame.slice(at + filename.length));
        if (!match) continue;
        const entry = sourceMap.findEntry(Number(match[1]) - 1, Number(match[2]) - 1) as { originalLine?: number; originalColumn?: number };
        const handler = /^\s*at (?:Object\.)?([\w$]+) \(/.exec(frame)?.[1];
        if (entry.originalLine === undefined) return { handler };
        return { line: entry.originalLine + 1, column: (entry.originalColumn ?? 0) + 1, handler };
      }
      return {};
    };
    try {
      const evaluate = vm.compileFunction(transformed.code, ['exports', 'require', 'module'], {
        parsingContext: context, filename,
      });
      evaluate(moduleObject.exports, require, moduleObject);
    } catch (error) {
      if (error instanceof CodeLoadError) throw error;
      const { line } = locate(error);
      throw new CodeLoadError(`${sourceName}${line ? `:${line}` : ''}: the code failed to load: ${String((error as Error).message ?? error)}`, sourceName, line, { cause: error });
    }
    const pick = (name: string): Handler | undefined => {
      const value = moduleObject.exports[name];
      return typeof value === 'function' ? (value as Handler) : undefined;
    };
    return { sourceName, request: pick('request'), response: pick('response'), locate };
  }

  private sandboxGlobals(sourceName: string): Record<string, unknown> {
    // console.* in a resolver goes to the runtime log, as AppSync sends it to CloudWatch.
    const write = (level: string) => (...args: unknown[]) =>
      this.log(`[${sourceName}] console.${level}: ${args.map((a) => (typeof a === 'string' ? a : safeJson(a))).join(' ')}`);
    return { ...APPSYNC_JS_GLOBALS, console: { log: write('log'), info: write('info'), warn: write('warn'), error: write('error'), debug: write('debug') } };
  }
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
