// Watches the source folders and reports, after a short quiet period, which of them changed.
// Editors save in bursts (write, rename, chmod): one report per burst, not per event.
import { watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';

export interface WatchedFolder<K extends string> {
  kind: K;
  path: string;
}

export interface SourceWatcherOptions<K extends string> {
  folders: Array<WatchedFolder<K>>;
  /** Called once per burst with the kinds of folder that changed and the changed files. */
  onChange(kinds: Set<K>, files: string[]): void;
  /** Quiet period before reporting (default 80 ms). */
  debounceMs?: number;
}

export interface SourceWatcher {
  close(): void;
}

/** Swap files, backups and the generated client types never change what the sandbox runs. */
const IGNORED = /(^|\/)(\.#|#)|~$|\.sw[a-p]$|\.tmp$|(^|\/)node_modules\//;

export function watchSources<K extends string>(options: SourceWatcherOptions<K>): SourceWatcher {
  const debounceMs = options.debounceMs ?? 80;
  const kinds = new Set<K>();
  const files = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    const changed = new Set(kinds);
    const changedFiles = [...files];
    kinds.clear();
    files.clear();
    options.onChange(changed, changedFiles);
  };
  const watchers: FSWatcher[] = options.folders.map(({ kind, path }) =>
    // Recursive watching works on Linux from Node 20.
    watch(path, { recursive: true }, (_event, filename) => {
      const name = filename ? String(filename) : '';
      if (IGNORED.test(name)) return;
      kinds.add(kind);
      files.add(join(path, name));
      if (timer) clearTimeout(timer);
      timer = setTimeout(flush, debounceMs);
    }),
  );
  return {
    close() {
      if (timer) clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
    },
  };
}
