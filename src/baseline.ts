// Baselines, for adopting svclint in a repository that already has findings: `--update-baseline` records today's
// findings in a file, and `--baseline FILE` then reports (and fails on) only findings that are not in it.
//
// An entry identifies a finding without its position: rule id, file, object (kind, namespace, name), YAML path and
// message, so moving lines or reordering objects keeps it matched. Entries count: two identical findings need an
// entry with count 2, and a third one is new. Files are relative to the baseline file's folder, so the baseline
// works from whatever folder svclint runs in.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { compareFindings, countFindings, type Finding, type LintResult } from './lint.js';
import { UsageError } from './input/inputs.js';
import type { Suppression } from './suppress/types.js';
import { compareText } from './strings.js';

export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  ruleId: string;
  /** Relative to the baseline file's folder, with forward slashes; "-" for standard input. */
  file: string;
  object: { kind: string; namespace: string | null; name: string } | null;
  path: string | null;
  message: string;
  /** How many identical findings the entry covers (at least 1). */
  count: number;
}

export interface Baseline {
  version: typeof BASELINE_VERSION;
  tool: 'svclint';
  findings: BaselineEntry[];
}

/** Where paths are relative to: the working directory (findings) and the baseline file (entries). */
export interface BaselinePaths {
  cwd: string;
  /** The baseline file, as given (relative to cwd, or absolute). */
  file: string;
}

/** A finding's file as the baseline names it. */
export function baselineFile(findingFile: string, where: BaselinePaths): string {
  if (findingFile === '-') return '-';
  const folder = path.dirname(path.resolve(where.cwd, where.file));
  return path.relative(folder, path.resolve(where.cwd, findingFile)).split(path.sep).join('/');
}

/** Line and column numbers in a message do not count (none of svclint's messages has them today). */
function normalisedMessage(message: string): string {
  return message.replace(/\b(line|column|col)s? \d+/gi, '$1');
}

function key(e: Pick<BaselineEntry, 'ruleId' | 'file' | 'object' | 'path' | 'message'>): string {
  return JSON.stringify([
    e.ruleId,
    e.file,
    e.object?.kind ?? null,
    e.object?.namespace ?? null,
    e.object?.name ?? null,
    e.path,
    normalisedMessage(e.message),
  ]);
}

function entryOf(f: Finding, where: BaselinePaths): BaselineEntry {
  return {
    ruleId: f.ruleId,
    file: baselineFile(f.file, where),
    object: f.object && { kind: f.object.kind, namespace: f.object.namespace, name: f.object.name },
    path: f.path,
    message: f.message,
    count: 1,
  };
}

/** A baseline of these findings (plus `keep`, entries for files not linted now), merged and sorted. */
export function createBaseline(
  findings: readonly Finding[],
  where: BaselinePaths,
  keep: readonly BaselineEntry[] = [],
): Baseline {
  const entries = new Map<string, BaselineEntry>();
  const add = (e: BaselineEntry) => {
    const k = key(e);
    const existing = entries.get(k);
    if (existing) existing.count += e.count;
    else entries.set(k, { ...e });
  };
  for (const e of keep) add(e);
  for (const f of findings) add(entryOf(f, where));
  return { version: BASELINE_VERSION, tool: 'svclint', findings: [...entries.values()].sort(compareEntries) };
}

function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  const text = (x: string | null | undefined, y: string | null | undefined) => compareText(x ?? '', y ?? '');
  return (
    text(a.file, b.file) ||
    text(a.ruleId, b.ruleId) ||
    text(a.object?.kind, b.object?.kind) ||
    text(a.object?.namespace, b.object?.namespace) ||
    text(a.object?.name, b.object?.name) ||
    text(a.path, b.path) ||
    text(a.message, b.message)
  );
}

/** The file's text: stable JSON, one entry per finding (or per group of identical findings), sorted. */
export function formatBaseline(baseline: Baseline): string {
  const findings = [...baseline.findings].sort(compareEntries).map((e) => ({
    ruleId: e.ruleId,
    file: e.file,
    object: e.object && { kind: e.object.kind, namespace: e.object.namespace, name: e.object.name },
    path: e.path,
    message: e.message,
    count: e.count,
  }));
  return `${JSON.stringify({ version: BASELINE_VERSION, tool: 'svclint', findings }, null, 2)}\n`;
}

/** Reads a baseline file's text; a file svclint cannot use is a usage error that says what is wrong. */
export function parseBaseline(text: string, name: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`baseline ${name} is not valid JSON: ${(error as Error).message}`);
  }
  const fail = (problem: string): never => {
    throw new UsageError(`baseline ${name}: ${problem} (recreate it with --update-baseline)`);
  };
  if (typeof data !== 'object' || data === null || Array.isArray(data)) fail('not a JSON object');
  const { version, findings } = data as { version?: unknown; findings?: unknown };
  if (version !== BASELINE_VERSION)
    fail(`version ${JSON.stringify(version)} is not supported; this svclint reads version ${BASELINE_VERSION}`);
  if (!Array.isArray(findings)) fail('"findings" is not an array');
  const isString = (v: unknown): v is string => typeof v === 'string';
  const entries = (findings as unknown[]).map((raw, i): BaselineEntry => {
    const e = raw as Partial<Record<keyof BaselineEntry, unknown>>;
    const where = `findings[${i}]`;
    if (typeof raw !== 'object' || raw === null) fail(`${where} is not an object`);
    if (!isString(e.ruleId) || !isString(e.file) || !isString(e.message))
      fail(`${where} needs the strings ruleId, file and message`);
    if (e.path !== null && e.path !== undefined && !isString(e.path)) fail(`${where}.path is not a string or null`);
    const o = e.object as { kind?: unknown; namespace?: unknown; name?: unknown } | null | undefined;
    if (
      o !== null &&
      o !== undefined &&
      (typeof o !== 'object' ||
        !isString(o.kind) ||
        !isString(o.name) ||
        !(o.namespace === null || isString(o.namespace)))
    ) {
      fail(`${where}.object needs kind, namespace (a string or null) and name`);
    }
    const count = e.count ?? 1;
    if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 1)
      fail(`${where}.count is not a whole number >= 1`);
    return {
      ruleId: e.ruleId as string,
      file: e.file as string,
      object: o
        ? { kind: o.kind as string, namespace: (o.namespace as string | null) ?? null, name: o.name as string }
        : null,
      path: (e.path as string | null | undefined) ?? null,
      message: e.message as string,
      count: count as number,
    };
  });
  return { version: BASELINE_VERSION, tool: 'svclint', findings: entries };
}

export interface BaselineOutcome<R extends LintResult> {
  /** The result with baseline findings moved to `suppressed` (kind "external"). */
  result: R;
  /** Entries (with the count left over) that matched no finding of this run. */
  unmatched: BaselineEntry[];
}

/** Moves the findings the baseline lists (as many as each entry's count) from findings to suppressed. */
export function applyBaseline<R extends LintResult>(
  result: R,
  baseline: Baseline,
  where: BaselinePaths,
): BaselineOutcome<R> {
  const left = new Map<string, { entry: BaselineEntry; count: number }>();
  for (const entry of baseline.findings) {
    const k = key(entry);
    const slot = left.get(k);
    if (slot) slot.count += entry.count;
    else left.set(k, { entry, count: entry.count });
  }
  const suppression: Suppression = {
    kind: 'external',
    justification: null,
    source: 'baseline',
    location: { file: path.relative(where.cwd, path.resolve(where.cwd, where.file)).split(path.sep).join('/') },
  };
  const findings: Finding[] = [];
  const baselined: Finding[] = [];
  for (const f of result.findings) {
    const slot = left.get(key(entryOf(f, where)));
    if (slot && slot.count > 0) {
      slot.count--;
      baselined.push({ ...f, suppressions: [...(f.suppressions ?? []), suppression] });
    } else {
      findings.push(f);
    }
  }
  const unmatched = [...left.values()].filter((s) => s.count > 0).map((s) => ({ ...s.entry, count: s.count }));
  if (baselined.length === 0) return { result, unmatched };
  const suppressed = [...result.suppressed, ...baselined].sort(compareFindings);
  return {
    result: { ...result, findings, suppressed, summary: { ...result.summary, ...countFindings(findings, suppressed) } },
    unmatched,
  };
}

export interface BaselineRunOptions extends BaselinePaths {
  /** Write the baseline from this run's findings (--update-baseline) before applying it. */
  update: boolean;
  /** Display paths of the files this run reports on; entries of other files are kept by an update and never stale. */
  reportedFiles: readonly string[];
}

/**
 * What the CLI does with --baseline (and --update-baseline): read (or write) the file, apply it, and the notes to print.
 * A missing baseline is a usage error unless it is being written.
 */
export async function runBaseline<R extends LintResult>(
  result: R,
  options: BaselineRunOptions,
): Promise<{ result: R; notes: string[] }> {
  const file = path.resolve(options.cwd, options.file);
  const inRun = new Set(options.reportedFiles.map((f) => baselineFile(f, options)));
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' && options.update) return null;
    if (error.code === 'ENOENT')
      throw new UsageError(`baseline ${options.file} does not exist (create it with --update-baseline)`);
    throw new UsageError(
      `baseline ${options.file}: cannot read it: ${error.code === 'EISDIR' ? 'is a directory' : error.message}`,
    );
  });
  let baseline = text === null ? null : parseBaseline(text, options.file);
  const notes: string[] = [];
  if (options.update) {
    const folder = path.dirname(file);
    // Entries of files this run did not lint stay, unless the file is gone.
    const keep = (baseline?.findings ?? []).filter(
      (e) => !inRun.has(e.file) && (e.file === '-' || existsSync(path.resolve(folder, e.file))),
    );
    baseline = createBaseline(result.findings, options, keep);
    try {
      await writeFile(file, formatBaseline(baseline));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new UsageError(
        `baseline ${options.file}: cannot write it: ${code === 'ENOENT' || code === 'ENOTDIR' ? 'its folder does not exist' : (error as Error).message}`,
      );
    }
    const total = baseline.findings.reduce((n, e) => n + e.count, 0);
    const kept = keep.reduce((n, e) => n + e.count, 0);
    notes.push(
      `wrote ${plural(total, 'finding')} to the baseline ${options.file}${kept > 0 ? ` (${kept} of them for files not linted in this run)` : ''}`,
    );
  }
  const outcome = applyBaseline(result, baseline!, options);
  const stale = outcome.unmatched.filter((e) => inRun.has(e.file)).reduce((n, e) => n + e.count, 0);
  if (stale > 0) {
    notes.push(
      `note: ${plural(stale, 'baseline finding')} in ${options.file} no longer ${stale === 1 ? 'occurs' : 'occur'} (fixed?); --update-baseline removes ${stale === 1 ? 'it' : 'them'}`,
    );
  }
  return { result: outcome.result, notes };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
