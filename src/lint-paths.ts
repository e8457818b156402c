// Lints what the user named on the command line: files, folders, globs and "-", plus --context files for the analysis.
import { resolveInputs, resolveContext, sortInputs, type InputFile } from './load/inputs.js';
import { countFindings, lintModel, type Finding, type LintOptions, type LintResult, type Timing } from './lint.js';
import { assembleModel } from './model/build.js';
import { modelFiles } from './model/parallel.js';
import { exclusionGlobs, withoutExcluded } from './load/exclude.js';

export interface LintPathsOptions extends LintOptions {
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
}

export async function lintPaths(paths: readonly string[], options: LintPathsOptions = {}): Promise<LintPathsResult> {
  const cwd = options.cwd ?? process.cwd();
  const excluded = options.exclude?.length ? await exclusionGlobs(options.exclude, cwd) : [];
  const named = await withoutExcluded(await resolveInputs(paths, cwd), excluded, cwd);
  if (!options.context || options.context.length === 0) {
    const { model, threads, ms } = await loadModel(named, options);
    return withLoadTiming({ ...lintModel(model, options), threads }, named.length, threads, ms);
  }

  const all = new Map<string, InputFile>(named.map((f) => [f.path, f]));
  const context = [...options.context, ...excluded.map((glob) => `!${glob}`)];
  for (const file of await resolveContext(context, cwd)) if (!all.has(file.path)) all.set(file.path, file);
  const inputs = sortInputs(all.values());
  const { model, threads, ms } = await loadModel(inputs, options);
  const result = withLoadTiming(lintModel(model, options), inputs.length, threads, ms);

  const reported = new Set(named.map((f) => f.displayPath));
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
  };
}

/**
 * A parse error that may hide Kubernetes objects: a syntax error, an unrendered template, an alias problem, a file
 * that is not text. A document that is a list or a scalar is not one: kubectl accepts neither, and a broad context
 * glob meets many such YAML files (Ansible playbooks, CI configs) that are simply not manifests.
 */
function hidesObjects(f: Finding): boolean {
  return f.ruleId === 'parse-error' && !f.message.startsWith('Document is a ');
}

async function loadModel(inputs: readonly InputFile[], options: LintPathsOptions) {
  const started = performance.now();
  const { models, threads } = await modelFiles(inputs, options);
  return { model: assembleModel(models, options), threads, ms: performance.now() - started };
}

/** The reading and modelling stage first among the timings, when they are measured. */
function withLoadTiming<T extends LintResult>(result: T, files: number, threads: number, ms: number): T {
  if (!result.timings) return result;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const load: Timing = { kind: 'stage', name: `read and model ${plural(files, 'file')} (${plural(threads, 'thread')})`, ms };
  return { ...result, timings: [load, ...result.timings] };
}
