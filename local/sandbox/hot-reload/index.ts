// Hot reload for `npm start`: an edit in schema/ or resolvers/ reloads the API, an edit in
// functions/ rebuilds the changed Lambda bundles; both while connections stay open. Reloads run
// one at a time; edits made during one are picked up by the next.
import type { createApiReloader } from './api-reloader.js';
import type { BuildableFunction, BuiltFunction, FunctionBuilder } from './function-builder.js';
import { watchSources, type SourceWatcher } from './source-watcher.js';

export { createApiReloader, type ApiReloaderDeps, type ClosableEngine, type ReloadOutcome } from './api-reloader.js';
export { FunctionBuilder, type BuildableFunction, type BuiltFunction } from './function-builder.js';
export { watchSources, type SourceWatcher } from './source-watcher.js';

type SourceKind = 'schema' | 'resolvers' | 'functions';

export interface HotReloadOptions {
  folders: Record<SourceKind, string>;
  api: ReturnType<typeof createApiReloader>;
  functions: {
    list: BuildableFunction[];
    builder: FunctionBuilder;
    /** Switches the runner to the new bundles. */
    apply(built: BuiltFunction[]): void;
  };
  log(line: string): void;
}

export interface HotReload {
  /** Resolves when no reload is running or queued (tests wait on it). */
  whenIdle(): Promise<void>;
  close(): void;
}

export function startHotReload(options: HotReloadOptions): HotReload {
  // The first build learns what each function is made of (and its bundle's hash), so that the
  // first edit rebuilds only what it touches; the bundles running now stay.
  let queue: Promise<void> = options.functions.builder.rebuild(options.functions.list).then(
    () => undefined,
    (error: unknown) => options.log(`hot reload: the functions could not be built for watching: ${error instanceof Error ? error.message : String(error)}`),
  );
  const run = (kinds: Set<SourceKind>, files: string[]) => {
    queue = queue.then(async () => {
      if (kinds.has('schema') || kinds.has('resolvers')) {
        options.api.reload([...kinds].filter((kind) => kind !== 'functions').join(' and '));
      }
      if (kinds.has('functions')) await reloadFunctions(options, files);
    });
  };
  const watcher: SourceWatcher = watchSources<SourceKind>({
    folders: (Object.entries(options.folders) as Array<[SourceKind, string]>).map(([kind, path]) => ({ kind, path })),
    onChange: (kinds, files) => run(kinds, files),
  });
  return {
    whenIdle: () => queue,
    close: () => {
      watcher.close();
      void options.functions.builder.close();
    },
  };
}

async function reloadFunctions(options: HotReloadOptions, changedFiles: string[]): Promise<void> {
  const started = performance.now();
  let built: BuiltFunction[];
  try {
    built = await options.functions.builder.rebuild(options.functions.list, changedFiles);
  } catch (error) {
    options.log(`hot reload: functions not rebuilt, the previous bundles keep running:\n${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  if (built.length === 0) return;
  options.functions.apply(built);
  options.log(`hot reload: ${built.map((fn) => fn.logicalId).join(', ')} reloaded in ${Math.round(performance.now() - started)} ms`);
}
