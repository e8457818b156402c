// The CLI as a function of argv and its environment, so tests run it in-process.
import { open } from 'node:fs/promises';
import path from 'node:path';
import { commandHelp, HELP, parseCli, type CliOptions } from './args.js';
import { UsageError } from '../input/inputs.js';
import { lintPaths, type LintPathsOptions, type LintPathsResult } from '../lint-paths.js';
import type { LintResult } from '../lint.js';
import { formatters, streamingFormatters, type FormatContext, type FormatName } from '../report/index.js';
import { formatEndpoints } from '../report/endpoints-table.js';
import { formatReach, reachReport } from '../report/reach.js';
import { formatSets } from '../report/sets.js';
import { version } from '../version.js';
import { rules } from '../../rules/index.js';
import { formatRules } from '../report/rules-list.js';
import { formatTimings, timingRows } from '../report/timing.js';
import { configureRun, initConfig, printEffectiveConfig } from './config.js';
import { watchAndLint } from './watch.js';
import { runBaseline } from '../baseline.js';
import { WatchModels } from '../input/cache.js';

export interface CliEnvironment {
  cwd: string;
  env: Record<string, string | undefined>;
  stdoutIsTTY: boolean;
  stdout(text: string): void;
  stderr(text: string): void;
  readStdin?: () => Promise<Buffer>;
  /**
   * Called once by --watch: the signal that stops it (the executable aborts it on SIGINT and SIGTERM). Without it
   * --watch runs until the process is killed.
   */
  interrupts?: () => AbortSignal;
}

export async function runCli(argv: readonly string[], io: CliEnvironment): Promise<number> {
  let options: CliOptions | undefined;
  try {
    options = parseCli(argv);
    if (options.command === 'help' || options.help) {
      io.stdout(options.topic ? commandHelp(options.topic) : HELP);
      return 0;
    }
    if (options.version) {
      io.stdout(`${version}\n`);
      return 0;
    }
    if (options.command === 'rules') {
      await emit(options, io, formatRules(rules, options.format === 'json'));
      return 0;
    }
    if (options.command === 'init') {
      io.stdout(`svclint: ${await initConfig(options, io.cwd, rules)}\n`);
      return 0;
    }
    // The configuration file (read once, also by --watch), under the flags.
    const configured = await configureRun(options, io.cwd, rules);
    if (options.printConfig) {
      await emit(options, io, printEffectiveConfig(configured, rules));
      return 0;
    }
    options = configured.options;
    if (options.watch) {
      const watched = options;
      // The models of unchanged files stay in memory from one run to the next.
      const watchModels = new WatchModels();
      const lint = { ...configured.lint, watchModels };
      return await watchAndLint(
        watched,
        io,
        async () => {
          try {
            return describeRun((await lintOnce(watched, io, lint)).result);
          } catch (error) {
            reportError(error, watched, io);
            return 'stopped by the error above';
          }
        },
        (file) => watchModels.changed(file),
      );
    }
    return (await lintOnce(options, io, configured.lint)).code;
  } catch (error) {
    return reportError(error, options, io);
  }
}

/** One lint run: lint, print or write the report, and the exit code it earns. */
async function lintOnce(
  options: CliOptions,
  io: CliEnvironment,
  configured: LintPathsOptions,
): Promise<{ code: number; result: LintPathsResult }> {
  // TIMING (as in ESLint): null when unset, else how many rules to list.
  const timingRuleRows = timingRows(io.env.TIMING);
  const settings = {
    ...(options.nodePortRange && { nodePortRange: options.nodePortRange }),
    ...(options.clusterDomain && { clusterDomain: options.clusterDomain }),
    ...(options.kubernetesVersion && { kubernetesVersion: options.kubernetesVersion }),
  };
  let result = await lintPaths(options.paths, {
    ...configured, // rules, exclusions and external workloads of the configuration file
    cwd: io.cwd,
    defaultNamespace: options.namespace,
    settings,
    readStdin: io.readStdin,
    context: options.context,
    reportUnusedDisableDirectives: options.reportUnusedDisableDirectives,
    threads: options.threads,
    render: options.render,
    stdinFilename: options.stdinFilename,
    env: io.env,
    timing: timingRuleRows !== null,
  });
  if (result.cache?.writeError)
    io.stderr(
      `svclint: warning: cannot write the cache ${path.relative(io.cwd, result.cache.file!) || result.cache.file}: ${result.cache.writeError}\n`,
    );
  if (options.baseline) {
    const reportedFiles = result.context?.reported ?? result.model.files.map((f) => f.path);
    const baselined = await runBaseline(result, {
      cwd: io.cwd,
      file: options.baseline,
      update: options.updateBaseline,
      reportedFiles,
    });
    result = baselined.result;
    for (const note of baselined.notes) io.stderr(`svclint: ${note}\n`);
  }
  // Context-only files are not reported on, but a parse error there hides objects from the analysis: say so.
  for (const f of result.context?.problems ?? []) {
    io.stderr(
      `svclint: warning: context file ${f.file}:${f.line}:${f.column}: ${f.message} (not reported as a finding; its objects are missing from the analysis)\n`,
    );
  }
  const shown = options.quiet ? onlyErrors(result) : result;
  const context = { color: useColor(options, io), toolVersion: version };
  const reportStarted = performance.now();
  const report =
    options.command === 'sets'
      ? formatSets(result.sets, options.format === 'json')
      : options.command === 'endpoints' && options.format !== 'json'
        ? formatEndpoints(shown, context, { verbose: options.verbose })
        : options.command === 'reach'
          ? formatReach(reachReport(result.model, result.analysis), options.reachFormat)
          : formatReport(options.format, shown, context);
  await emit(options, io, report);
  // The timings go to standard error, so that a machine-readable report on standard output stays intact.
  if (result.timings && timingRuleRows !== null) {
    const reporting = {
      kind: 'stage',
      name: `report (${options.format})`,
      ms: performance.now() - reportStarted,
    } as const;
    io.stderr(formatTimings([...result.timings, reporting], timingRuleRows));
  }
  // --quiet hides warnings and notes but they still count for --fail-on and --max-warnings (as in ESLint).
  return {
    code:
      options.command === 'endpoints' || options.command === 'reach' || options.command === 'sets'
        ? 0
        : exitCode(result, options),
    result,
  };
}

/** "2 errors, 1 warning, 0 notes in 14 files": the end of a --watch run. */
function describeRun(result: LintPathsResult): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const { errors, warnings, notes, files } = result.summary;
  const reported = files - (result.context?.files ?? 0);
  const context = result.context ? ` (+${plural(result.context.files, 'context file')})` : '';
  return `${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${plural(notes, 'note')} in ${plural(reported, 'file')}${context}`;
}

function reportError(error: unknown, options: CliOptions | undefined, io: CliEnvironment): 2 {
  if (error instanceof UsageError) {
    // One line per problem (an invalid configuration file has several).
    io.stderr(
      error.message
        .split('\n')
        .map((line) => `svclint: ${line}\n`)
        .join(''),
    );
    return 2;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(`svclint: internal error: ${message}${options?.debug ? '' : ' (run with --debug for details)'}\n`);
  if (options?.debug && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
  return 2;
}

/** A report: the whole text, or the chunks of a format that streams. */
type Report = string | Iterable<string>;

/** The report in a --format: chunks when the format streams, so that a large one never exists as one string. */
function formatReport(format: FormatName, result: LintResult, context: FormatContext): Report {
  const streaming = streamingFormatters[format];
  return streaming ? streaming(result, context) : formatters[format](result, context);
}

async function emit(options: CliOptions, io: CliEnvironment, report: Report): Promise<void> {
  const pieces = typeof report === 'string' ? [report] : inPieces(report);
  if (options.output) await writeReport(path.resolve(io.cwd, options.output), options.output, pieces);
  else for (const piece of pieces) io.stdout(piece);
}

/** Characters per write of a streamed report: few writes, and never more of the report in memory than one piece. */
const PIECE_LENGTH = 64 * 1024;

function* inPieces(chunks: Iterable<string>): Generator<string> {
  let piece = '';
  for (const chunk of chunks) {
    piece += chunk;
    if (piece.length >= PIECE_LENGTH) {
      yield piece;
      piece = '';
    }
  }
  if (piece !== '') yield piece;
}

/** Writes the pieces as they come through one file handle (the pieces of a stream are made while writing). */
async function writeReport(file: string, shown: string, pieces: Iterable<string>): Promise<void> {
  const handle = await asUsageError(open(file, 'w'), shown);
  try {
    // writeFile on a handle writes at its current position and retries short writes.
    for (const piece of pieces) await asUsageError(handle.writeFile(piece), shown);
  } finally {
    await handle.close();
  }
}

/** A report that cannot be written is the user's problem (a missing folder, a directory), not an internal error. */
async function asUsageError<T>(writing: Promise<T>, shown: string): Promise<T> {
  try {
    return await writing;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' || code === 'ENOTDIR'
        ? 'its folder does not exist'
        : code === 'EISDIR'
          ? 'is a directory'
          : code === 'EACCES' || code === 'EPERM'
            ? 'permission denied'
            : (error as Error).message;
    throw new UsageError(`${shown}: cannot write the report: ${reason}`);
  }
}

function onlyErrors(result: LintResult): LintResult {
  const findings = result.findings.filter((f) => f.severity === 'error');
  return { ...result, findings, summary: { ...result.summary, warnings: 0, notes: 0 } };
}

function exitCode(result: LintResult, options: CliOptions): 0 | 1 {
  const { errors, warnings, notes } = result.summary;
  if (options.maxWarnings !== undefined && options.maxWarnings >= 0 && warnings > options.maxWarnings) return 1;
  switch (options.failOn) {
    case 'none':
      return 0;
    case 'note':
      return errors + warnings + notes > 0 ? 1 : 0;
    case 'warning':
      return errors + warnings > 0 ? 1 : 0;
    case 'error':
      return errors > 0 ? 1 : 0;
  }
}

/** --color/--no-color win; then NO_COLOR, then FORCE_COLOR, then whether stdout is a terminal. */
function useColor(options: CliOptions, io: CliEnvironment): boolean {
  if (options.color !== undefined) return options.color;
  if (options.output) return false;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined) return io.env.FORCE_COLOR !== '0' && io.env.FORCE_COLOR !== 'false';
  return io.stdoutIsTTY;
}
