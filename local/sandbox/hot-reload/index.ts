// Hot reload for `npm start`: an edit in schema/ or resolvers/ reloads the API, an edit in
// functions/ rebuilds the changed Lambda bundles; both while connections stay open. Reloads run
// one at a time; edits made during one are picked up by the next. An edit in a folder the sandbox
// reads only at start (infra/) is reported with what to do, instead of being silently ignored.
import { basename, dirname } from 'node:path';
import type { createApiReloader } from './api-reloader.js';
import type { BuildableFunction, BuiltFunction, FunctionBuilder } from './function-builder.js';
import { watchSources, type SourceWatcher } from './source-watcher.js';

export { createApiReloader, type ApiReloaderDeps, type ClosableEngine, type ReloadOutcome } from './api-reloader.js';
export { FunctionBuildError, FunctionBuilder, type BuildableFunction, type BuiltFunction, type FailedFunction, type RebuildOutcome } from './function-builder.js';
export { watchSources, type SourceWatcher } from './source-watcher.js';

type SourceKind = 'schema' | 'resolvers' | 'functions';

export interface HotReloadOptions {
  folders: Record<SourceKind, string>;
  api: ReturnType<typeof createApiReloader>;
  functions: {
    list: BuildableFunction[];
    /**
     * Has built the functions of `list` once (so it knows what each bundle is made of); one it
     * has not is built on the first edit in functions/ and compared with its running bundle.
     */
    builder: FunctionBuilder;
    /** Switches the runner to the new bundles. */
    apply(built: BuiltFunction[]): void;
  };
  /** Folders read only at start, by the name to report them under (e.g. `infra/`). */
  restartOnly?: Record<string, string>;
  log(line: string): void;
}

export interface HotReload {
  /** Resolves when no reload is running or queued (tests wait on it). */
  whenIdle(): Promise<void>;
  close(): void;
}

export function startHotReload(options: HotReloadOptions): HotReload {
  let queue: Promise<void> = Promise.resolve();
  const run = (kinds: Set<SourceKind>, files: string[]) => {
    queue = queue.then(async () => {
      if (kinds.has('schema') || kinds.has('resolvers')) {
        await options.api.reload([...kinds].filter((kind) => kind !== 'functions').join(' and '));
      }
      if (kinds.has('functions')) await reloadFunctions(options, files);
    });
  };
  const watcher: SourceWatcher = watchSources<SourceKind>({
    folders: (Object.entries(options.folders) as Array<[SourceKind, string]>).map(([kind, path]) => ({ kind, path })),
    onChange: (kinds, files) => run(kinds, files),
  });
  const restartWatcher = watchRestartOnly(options);
  return {
    whenIdle: () => queue,
    close: () => {
      watcher.close();
      restartWatcher?.close();
      void options.functions.builder.close();
    },
  };
}

function watchRestartOnly(options: HotReloadOptions): SourceWatcher | undefined {
  const folders = Object.entries(options.restartOnly ?? {}).map(([kind, path]) => ({ kind, path }));
  if (folders.length === 0) return undefined;
  return watchSources<string>({
    folders,
    onChange: (kinds, files) => {
      const names = files.map((file) => basename(file)).join(', ');
      options.log(
        `hot reload: ${[...kinds].join(' and ')} changed (${names}); the sandbox builds its tables, functions and API from it ` +
          'only when it starts: restart `npm start` to apply it',
      );
    },
  });
}

/** `functions/chat-purge/handler.ts` -> `chat-purge`. */
const functionLabel = (entry: string): string => basename(dirname(entry));

async function reloadFunctions(options: HotReloadOptions, changedFiles: string[]): Promise<void> {
  const started = performance.now();
  try {
    const { built, failed } = await options.functions.builder.rebuildChanged(options.functions.list, changedFiles);
    for (const { entry, error } of failed) {
      options.log(`hot reload: ${functionLabel(entry)} not rebuilt, its previous bundle keeps running:\n${error instanceof Error ? error.message : String(error)}`);
    }
    if (built.length === 0) return;
    options.functions.apply(built);
    options.log(`hot reload: functions ${built.map((fn) => functionLabel(fn.entry)).join(', ')} reloaded in ${Math.round(performance.now() - started)} ms`);
  } catch (error) {
    options.log(`hot reload: functions not rebuilt, the previous bundles keep running:\n${error instanceof Error ? error.message : String(error)}`);
  }
}
