// Lints what the user named on the command line: files, folders, globs and "-", plus --context files for the analysis.
import { resolveInputs, resolveContext, sortInputs, type InputFile } from './input/inputs.js';
import { countFindings, type Finding, type LintOptions, type LintResult, type Timing } from './lint.js';
import { patternGlobs, withoutExcluded } from './input/exclude.js';
import { UsageError } from './input/inputs.js';
import { lintInSets, type SetDetectionOptions, type SetSummary } from './sets/lint-sets.js';
import {
  cacheFileOf,
  cacheKey,
  ModelCache,
  type CacheStats,
  type KeptModels,
  type WatchModels,
} from './input/cache.js';
import { DEFAULT_SETTINGS } from './settings.js';

export interface LintPathsOptions extends LintOptions, SetDetectionOptions {
  cwd?: string;
  /** Reads standard input for "-" (tests pass their own). */
  readStdin?: () => Promise<Buffer>;
  /**
   * Files, folders or globs (relative to cwd; "!pattern" excludes) loaded for the analysis only: a Service in a named
   * file is matched against the Deployments in context files, but findings are reported only for the named files.
   */
  context?: readonly string[];
  /**
   * Files, folders or globs (relative to cwd) that are never read: not when named, found in a folder or glob, nor as
   * context (the configuration's `exclude`). Standard input is never excluded.
   */
  exclude?: readonly string[];
  /** Worker threads that read and model files: "auto" (default: one per core for large inputs), or a number (1: none). */
  threads?: number | 'auto';
  /**
   * Keep each file's model in the cache file between runs (as ESLint's cache) and model again only files whose
   * bytes changed; the analysis and the rules still run on every file. The report is the same byte for byte.
   */
  cache?: boolean;
  /** The cache file, or a folder to keep .svclintcache in (relative to cwd); default .svclintcache in cwd. */
  cacheLocation?: string;
  /** --watch: the last run's models in memory (pass the same one to every run); files that did not change are not read. */
  watchModels?: WatchModels;
}

export interface ContextReport {
  /** Files loaded only as context (not named on the command line). */
  files: number;
  /**
   * Parse errors in context-only files that may hide objects. They are not findings (those files were not asked
   * about), but the objects they hide are missing from the analysis, so findings in the named files may be wrong:
   * callers should show them.
   */
  problems: Finding[];
  /** Display paths of the files reported on (the ones named, not context-only). */
  reported: string[];
}

export interface LintPathsResult extends LintResult {
  /** Set when context patterns were given. */
  context?: ContextReport;
  /** Worker threads that read and modelled the files; 1 when the calling thread did. */
  threads: number;
  /** The deployable sets found in the input, each analysed on its own. */
  sets: SetSummary[];
  /** With `cache` or `watchModels`: how many files came from kept models, and whether the cache file was written. */
  cache?: CacheReport;
}

export interface CacheReport extends CacheStats {
  /** Why the cache file could not be written; null when it was (or did not need to be). */
  writeError: string | null;
}

export async function lintPaths(paths: readonly string[], options: LintPathsOptions = {}): Promise<LintPathsResult> {
  const cwd = options.cwd ?? process.cwd();
  const excluded = options.exclude?.length ? await patternGlobs(options.exclude, cwd) : [];
  const named = await withoutExcluded(await resolveInputs(paths, cwd), excluded, cwd);
  const kept = await keptModels(options, cwd);
  if (!options.context || options.context.length === 0) {
    const { result, threads, sets, unnamed, ms } = await lintLoaded(named, options, cwd, kept?.models);
    return withLoadTiming(
      { ...withoutFiles(result, unnamed), threads, sets, ...(kept && { cache: await kept.finish() }) },
      named.length,
      threads,
      ms,
    );
  }

  const all = new Map<string, InputFile>(named.map((f) => [f.path, f]));
  const context = [...options.context, ...excluded.map((glob) => `!${glob}`)];
  for (const file of await resolveContext(context, cwd)) if (!all.has(file.path)) all.set(file.path, file);
  const inputs = sortInputs(all.values());
  const { result: linted, threads, sets, stdinPaths, ms } = await lintLoaded(inputs, options, cwd, kept?.models);
  const cache = kept && (await kept.finish());
  const result = withLoadTiming({ ...linted, ...(cache && { cache }) }, inputs.length, threads, ms);

  const reported = new Set([...named.map((f) => f.displayPath), ...stdinPaths]);
  const findings = result.findings.filter((f) => reported.has(f.file));
  const problems = result.findings.filter((f) => !reported.has(f.file) && hidesObjects(f));
  const suppressed = result.suppressed.filter((f) => reported.has(f.file));
  return {
    ...result,
    findings,
    suppressed,
    summary: { ...result.summary, ...countFindings(findings, suppressed) },
    context: { files: inputs.length - named.length, problems, reported: [...reported] },
    threads,
    sets,
  };
}

/**
 * The models kept from earlier runs: the cache file (read once per process under --watch) and --watch's memory;
 * `finish` ends the run: it writes the cache file when it changed and says what the run took from them.
 */
async function keptModels(
  options: LintPathsOptions,
  cwd: string,
): Promise<{ models: KeptModels; finish: () => Promise<CacheReport> } | null> {
  const watch = options.watchModels;
  if (!options.cache && !watch) return null;
  let disk = watch?.disk ?? null;
  if (options.cache && !disk)
    disk = await ModelCache.open(await cacheFileOf(options.cacheLocation, cwd), cacheKey(modellingSettings(options)));
  if (watch) {
    watch.disk = disk;
    watch.startRun();
  }
  const models: KeptModels = watch ?? disk!;
  return {
    models,
    finish: async () => {
      watch?.endRun();
      return { ...models.stats(), writeError: disk ? await disk.save() : null };
    },
  };
}

/**
 * What the cache key holds besides svclint itself: every option that may change how a file is modelled or which
 * files are modelled together (only the default namespace reaches a file's model today; the rest keeps a cache
 * from outliving a change of them should it ever).
 */
function modellingSettings(options: LintPathsOptions): Record<string, unknown> {
  return {
    defaultNamespace: options.defaultNamespace ?? 'default',
    settings: { ...DEFAULT_SETTINGS, ...options.settings },
    render: options.render ?? 'auto',
    sets: options.sets ?? [],
    charts: options.charts ?? [],
  };
}

/** The result without findings in these files (read for the analysis, not named). */
function withoutFiles(result: LintResult, files: readonly string[]): LintResult {
  if (files.length === 0) return result;
  const hidden = new Set(files);
  const findings = result.findings.filter((f) => !hidden.has(f.file));
  const suppressed = result.suppressed.filter((f) => !hidden.has(f.file));
  return { ...result, findings, suppressed, summary: { ...result.summary, ...countFindings(findings, suppressed) } };
}

/**
 * A parse error that may hide Kubernetes objects: a syntax error, an unrendered template, an alias problem, a file
 * that is not text. A document that is a list or a scalar is not one: kubectl accepts neither, and a broad context
 * glob meets many such YAML files (Ansible playbooks, CI configs) that are simply not manifests.
 */
function hidesObjects(f: Finding): boolean {
  return f.ruleId === 'parse-error' && !f.message.startsWith('Document is a ');
}

/** Finds the deployable sets of the input and lints each (the timing of this stage includes the rules). */
async function lintLoaded(
  inputs: readonly InputFile[],
  options: LintPathsOptions,
  cwd: string,
  kept: KeptModels | undefined,
) {
  const started = performance.now();
  const { result, sets, threads, stdinPaths, unnamed } = await lintInSets(inputs, { ...options, cwd, kept });
  if (
    inputs.length === 1 &&
    inputs[0]!.path === '-' &&
    result.model.objects.length === 0 &&
    result.model.loadProblems.length === 0
  ) {
    throw new UsageError('standard input holds no Kubernetes object (did the command before the pipe fail?)');
  }
  return { result, sets, threads, stdinPaths, unnamed, ms: performance.now() - started };
}

/** The reading and modelling stage first among the timings, when they are measured. */
function withLoadTiming<T extends LintResult & { cache?: CacheReport }>(
  result: T,
  files: number,
  threads: number,
  ms: number,
): T {
  if (!result.timings) return result;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const kept = result.cache ? `; ${result.cache.hits} kept, ${result.cache.misses} modelled` : '';
  const load: Timing = {
    kind: 'stage',
    name: `read and model ${plural(files, 'file')} (${plural(threads, 'thread')}${kept})`,
    ms,
  };
  return { ...result, timings: [load, ...result.timings] };
}
