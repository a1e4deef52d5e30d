// Reloads the API (schema, resolvers, functions' wiring) into the running AppSync server: a
// synth without Lambda bundling, a new resolver engine (which checks every resolver as AppSync
// does at deploy), then the swap. Anything that fails leaves the previous version serving.
import type { ApiDefinition, ResolverEngine } from '../../appsync/types.js';

export interface ClosableEngine extends ResolverEngine {
  close(): void;
}

export interface ApiReloaderDeps<Engine extends ClosableEngine> {
  /** Synthesizes the app and reads its API (rejects on a schema or wiring error). */
  synthesizeApi(): Promise<ApiDefinition>;
  /**
   * Loads every resolver (throws CodeLoadError naming the file and line of what AppSync would
   * reject); `replacing` is the engine serving now, whose compiled code it may reuse.
   */
  createEngine(api: ApiDefinition, replacing: Engine): Engine;
  replaceApi(api: ApiDefinition, engine: ResolverEngine): void;
  /** The engine serving now; closed once the new one has taken over and in-flight requests had time to end. */
  currentEngine: Engine;
  log(line: string): void;
  /** How long the old engine stays open for requests already running on it (default 30 s, AppSync's limit). */
  drainMs?: number;
}

export interface ReloadOutcome {
  ok: boolean;
  ms: number;
}

export function createApiReloader<Engine extends ClosableEngine>(deps: ApiReloaderDeps<Engine>) {
  let engine = deps.currentEngine;
  const drainMs = deps.drainMs ?? 30_000;
  return {
    async reload(reason: string): Promise<ReloadOutcome> {
      const started = performance.now();
      let next: Engine;
      try {
        const api = await deps.synthesizeApi();
        next = deps.createEngine(api, engine);
        deps.replaceApi(api, next);
      } catch (error) {
        const ms = performance.now() - started;
        deps.log(`hot reload: ${reason} not applied, the previous version keeps serving:\n${error instanceof Error ? error.message : String(error)}`);
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
