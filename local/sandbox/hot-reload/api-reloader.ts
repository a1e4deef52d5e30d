// Reloads the API (schema, resolvers, functions' wiring) into the running AppSync server: a
// synth without Lambda bundling, a new resolver engine (which checks every resolver as AppSync
// does at deploy), then the swap. Anything that fails leaves the previous version serving.
import type { ApiDefinition, ResolverEngine } from '../../appsync/types.js';

export interface ClosableEngine extends ResolverEngine {
  close(): void;
}

export interface ApiReloaderDeps {
  /** Synthesizes the app and reads its API (throws on a schema or wiring error). */
  synthesizeApi(): ApiDefinition;
  /** Loads every resolver (throws CodeLoadError naming the file and line of what AppSync would reject). */
  createEngine(api: ApiDefinition): ClosableEngine;
  replaceApi(api: ApiDefinition, engine: ResolverEngine): void;
  /** The engine serving now; closed once the new one has taken over and in-flight requests had time to end. */
  currentEngine: ClosableEngine;
  log(line: string): void;
  /** How long the old engine stays open for requests already running on it (default 30 s, AppSync's limit). */
  drainMs?: number;
}

export interface ReloadOutcome {
  ok: boolean;
  ms: number;
}

export function createApiReloader(deps: ApiReloaderDeps) {
  let engine = deps.currentEngine;
  const drainMs = deps.drainMs ?? 30_000;
  return {
    reload(reason: string): ReloadOutcome {
      const started = performance.now();
      let next: ClosableEngine;
      try {
        const api = deps.synthesizeApi();
        next = deps.createEngine(api);
        deps.replaceApi(api, next);
      } catch (error) {
        const ms = performance.now() - started;
        deps.log(`hot reload: ${reason} not applied, the previous version keeps serving:\n${describeFailure(error)}`);
        return { ok: false, ms };
      }
      const previous = engine;
      engine = next;
      setTimeout(() => previous.close(), drainMs).unref();
      const ms = performance.now() - started;
      deps.log(`hot reload: ${reason} reloaded in ${Math.round(ms)} ms`);
      return { ok: true, ms };
    },
    close(): void {
      engine.close();
    },
  };
}

/** The message, plus the line a GraphQL syntax error points at (the schema merge names only the file). */
function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const location = (error.cause as { locations?: ReadonlyArray<{ line: number; column: number }> } | undefined)?.locations?.[0];
  return location ? `${error.message} (line ${location.line}, column ${location.column})` : error.message;
}
