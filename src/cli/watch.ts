// --watch: lint, then lint again whenever a manifest under the named paths changes, until interrupted.
// Every run is framed by a begin line and an end line so that an editor's background task (VS Code's
// problemMatcher.background beginsPattern/endsPattern) knows when a run's problems are complete.
import { watch, statSync, type FSWatcher } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { isDynamicPattern } from 'globby';
import type { CliOptions } from './args.js';
import type { CliEnvironment } from './run.js';

export const WATCH_BEGIN = '[svclint] lint started';
export const WATCH_END = '[svclint] lint finished';
/** Quiet time after the last change before a run starts: one save is often several file system events. */
export const DEBOUNCE_MS = 150;
/** A watched tree bigger than this is most likely a mistake (a home folder); watching stops growing there. */
const MAX_DIRECTORIES = 5000;
const MANIFEST = /\.(ya?ml|json)$/i;
const SKIPPED_DIRECTORY = (name: string) => name === 'node_modules' || name.startsWith('.');

/**
 * Runs `lint` now and after every change; resolves with exit code 0 once the interrupt signal fires. `lint` must not
 * throw (the CLI reports errors itself and returns what the end line should say), so no error ends the loop.
 * `changed` hears of every relevant change (the absolute path, or null when the watcher cannot name it), so that
 * the next run reads only those files again.
 */
export async function watchAndLint(
  options: CliOptions,
  io: CliEnvironment,
  lint: () => Promise<string>,
  changed?: (file: string | null) => void,
): Promise<number> {
  const signal = io.interrupts?.() ?? new AbortController().signal;
  const watchers = new Map<string, FSWatcher>();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let warnedLimit = false;
  /** Folders already warned about, so that every run does not repeat it. */
  const unwatchable = new Set<string>();

  const relevant = (dir: string, filename: string | null): boolean => {
    if (filename === null || MANIFEST.test(filename)) return true;
    const full = path.join(dir, filename);
    if (watchers.has(full)) return true; // a watched folder was renamed or removed
    if (SKIPPED_DIRECTORY(path.basename(filename))) return false;
    try {
      return statSync(full).isDirectory(); // a new folder: watch it and lint what it holds
    } catch {
      return false;
    }
  };

  /** Watches what exists now; true when a folder was added after the first run (it may have filled up unseen). */
  const sync = async (): Promise<boolean> => {
    const first = watchers.size === 0;
    let added = false;
    const { directories, truncated } = await watchedDirectories(options, io.cwd);
    if (truncated && !warnedLimit) {
      warnedLimit = true;
      io.stderr(
        `svclint: warning: --watch watches the first ${MAX_DIRECTORIES} folders only; name fewer or smaller paths\n`,
      );
    }
    for (const [dir, watcher] of watchers) {
      if (!directories.has(dir)) {
        watcher.close();
        watchers.delete(dir);
      }
    }
    for (const dir of directories) {
      if (watchers.has(dir) || signal.aborted) continue;
      try {
        const watcher = watch(dir, { persistent: true }, (_event, filename) => {
          const name = filename === null ? null : String(filename);
          if (!relevant(dir, name)) return;
          changed?.(name === null ? null : path.join(dir, name));
          schedule();
        });
        // A removed folder's watcher errors on some platforms: drop it; the next run watches what exists then.
        watcher.on('error', () => {
          watcher.close();
          if (watchers.get(dir) === watcher) watchers.delete(dir);
          changed?.(null);
          schedule();
        });
        watchers.set(dir, watcher);
        added = true;
      } catch (error) {
        // ENOENT: gone since it was listed; ENOSPC: out of inotify watches. Keep going with what is watched.
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'ENOENT' && !unwatchable.has(dir))
          io.stderr(`svclint: warning: cannot watch ${dir}: ${(error as Error).message}\n`);
        unwatchable.add(dir);
      }
    }
    return added && !first;
  };

  const cycle = async () => {
    io.stdout(`${WATCH_BEGIN}\n`);
    const outcome = await lint();
    let newFolders = false;
    try {
      newFolders = await sync();
    } catch (error) {
      io.stderr(`svclint: warning: cannot list the folders to watch: ${(error as Error).message}\n`);
    }
    io.stdout(`${WATCH_END}: ${outcome}; watching for changes (Ctrl-C to stop)\n`);
    // Files written into a new folder between this run's read and its watcher are seen by one more run.
    if (newFolders) again = true;
  };

  const start = () => {
    timer = null;
    if (signal.aborted) return;
    if (running) {
      again = true;
      return;
    }
    running = cycle().finally(() => {
      running = null;
      if (again && !signal.aborted) {
        again = false;
        schedule();
      }
    });
  };

  function schedule() {
    if (signal.aborted) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(start, DEBOUNCE_MS);
  }

  return new Promise<number>((resolve) => {
    const stop = async () => {
      if (timer) clearTimeout(timer);
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
      await running;
      // Watchers made by a run that was in flight when the signal came.
      for (const watcher of watchers.values()) watcher.close();
      resolve(0);
    };
    if (signal.aborted) {
      void stop();
      return;
    }
    signal.addEventListener('abort', () => void stop(), { once: true });
    start();
  });
}

/**
 * The folders to watch (each without recursion, which is portable and skips node_modules): the trees of named
 * folders and of the fixed start of globs, the folders of named files, and for a path that does not exist yet the
 * nearest folder above it that does, so that creating it starts a run.
 */
export async function watchedDirectories(
  options: Pick<CliOptions, 'paths' | 'context'>,
  cwd: string,
): Promise<{ directories: Set<string>; truncated: boolean }> {
  const directories = new Set<string>();
  let truncated = false;
  const addTree = async (root: string) => {
    const queue = [root];
    while (queue.length > 0) {
      const dir = queue.shift()!;
      if (directories.has(dir)) continue;
      if (directories.size >= MAX_DIRECTORIES) {
        truncated = true;
        return;
      }
      directories.add(dir);
      const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const entry of entries)
        if (entry.isDirectory() && !SKIPPED_DIRECTORY(entry.name)) queue.push(path.join(dir, entry.name));
    }
  };
  const nearestExisting = async (file: string): Promise<string> => {
    let dir = path.dirname(file);
    while (!(await stat(dir).catch(() => null))?.isDirectory()) {
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
    return dir;
  };
  const patterns = [...options.paths, ...options.context.filter((c) => !c.startsWith('!'))].filter((p) => p !== '-');
  for (const pattern of patterns) {
    if (isDynamicPattern(pattern)) {
      const base = path.resolve(cwd, globBase(pattern));
      const info = await stat(base).catch(() => null);
      if (info?.isDirectory()) await addTree(base);
      else directories.add(await nearestExisting(base));
      continue;
    }
    const absolute = path.resolve(cwd, pattern);
    const info = await stat(absolute).catch(() => null);
    if (info?.isDirectory()) await addTree(absolute);
    else if (info) directories.add(path.dirname(absolute));
    else directories.add(await nearestExisting(absolute));
  }
  return { directories, truncated };
}

/** The fixed folder a glob starts in: "k8s/**\/*.yaml" -> "k8s", "*.yaml" -> "". */
export function globBase(pattern: string): string {
  const segments = pattern.split('/');
  const fixed: string[] = [];
  for (const segment of segments.slice(0, -1)) {
    if (isDynamicPattern(segment)) break;
    fixed.push(segment);
  }
  return fixed.join('/');
}
