// The pipeline: sources -> model -> analysis -> rules -> sorted findings.
import { analyse, type Analysis } from './analysis/analysis.js';
import { sourceFileOf, type Model, type ModelOptions } from './model/build.js';
import type { SourceText } from './load/source.js';
import { buildModel } from './input/model-file.js';
import { spanOf, type Span } from './position/positions.js';
import type { ObjectRef, Severity } from './model/types.js';
import { judgesPlaceholder, type Report, type Rule } from './rule.js';
import { compareText } from './strings.js';
import { DEFAULT_SETTINGS, type Settings } from './settings.js';
import { rules as allRules } from '../rules/index.js';
import { applySuppressions } from './suppress/apply.js';
import type { Suppression } from './suppress/types.js';

export interface RelatedFinding extends Span {
  file: string;
  message: string;
}

export interface Finding extends Span {
  ruleId: string;
  severity: Severity;
  message: string;
  /** Relative to cwd with forward slashes; "-" for stdin. */
  file: string;
  object: ObjectRef | null;
  /** YAML path of the node the finding points at, e.g. spec.ports[0].targetPort. */
  path: string | null;
  related: RelatedFinding[];
  /** Only on suppressed findings (LintResult.suppressed): the directives, annotation or baseline that suppressed it. */
  suppressions?: Suppression[];
}

/** The least severe finding that fails a run (exit code 1 in the CLI, a failed step in the Action), or none. */
export type FailOn = Severity | 'none';

/** Every FailOn, most severe first. */
export const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'note', 'none'];

export interface Summary {
  files: number;
  documents: number;
  objects: number;
  skippedDocuments: number;
  errors: number;
  warnings: number;
  notes: number;
  /** Findings suppressed by directives, annotations or a baseline; not counted in errors, warnings and notes. */
  suppressed: number;
}

/** Time spent in one stage of the pipeline or in one rule (with LintOptions.timing). */
export interface Timing {
  kind: 'stage' | 'rule';
  /** The stage ("analysis") or the rule id. */
  name: string;
  ms: number;
}

export interface LintResult {
  findings: Finding[];
  /** Findings that a directive, the svclint.dev/ignore annotation or a baseline suppressed: not counted, never failing. */
  suppressed: Finding[];
  model: Model;
  analysis: Analysis;
  summary: Summary;
  /** With LintOptions.timing: the stages and rules in the order they ran. */
  timings?: Timing[];
}

export interface LintOptions extends ModelOptions {
  rules?: readonly Rule[];
  /** Cluster settings; each defaults to Kubernetes' own default. */
  settings?: Partial<Settings>;
  /** Report directives and annotations that suppress nothing (as findings of the suppression rule). */
  reportUnusedDisableDirectives?: boolean;
  /** Measure the time of each stage and rule (LintResult.timings), as ESLint's TIMING does. */
  timing?: boolean;
}

export function lintSources(sources: readonly SourceText[], options: LintOptions = {}): LintResult {
  return lintModel(buildModel(sources, options), options);
}

export function lintModel(model: Model, options: LintOptions = {}): LintResult {
  const settings: Settings = { ...DEFAULT_SETTINGS, ...options.settings };
  const timings: Timing[] | undefined = options.timing ? [] : undefined;
  const timed = <T>(kind: Timing['kind'], name: string, run: () => T): T => {
    if (!timings) return run();
    const started = performance.now();
    const value = run();
    timings.push({ kind, name, ms: performance.now() - started });
    return value;
  };
  const analysis = timed('stage', 'analysis', () => analyse(model, settings));
  const findings: Finding[] = [];
  for (const rule of options.rules ?? allRules) {
    const report = (report: Report) => {
      if (!judgesPlaceholder(report)) findings.push(toFinding(rule, report, model));
    };
    timed('rule', rule.meta.id, () => rule.check({ model, analysis, settings, report }));
  }
  const outcome = timed('stage', 'suppressions', () =>
    applySuppressions({
      model,
      findings,
      rules: options.rules ?? allRules,
      registered: allRules,
      reportUnused: options.reportUnusedDisableDirectives ?? false,
      toFinding: (rule, report) => toFinding(rule, report, model),
    }),
  );
  outcome.findings.sort(compareFindings);
  outcome.suppressed.sort(compareFindings);
  return {
    ...outcome,
    model,
    analysis,
    summary: summarise(model, outcome.findings, outcome.suppressed),
    ...(timings && { timings }),
  };
}

function toFinding(rule: Rule, report: Report, model: Model): Finding {
  const file = model.files[report.fileId]!;
  const object = report.object;
  return {
    ruleId: rule.meta.id,
    severity: report.severity ?? rule.meta.severity,
    message: report.message,
    file: file.path,
    ...spanOf(file, report.range),
    object: object
      ? { apiVersion: object.apiVersion, kind: object.kind, namespace: object.namespace, name: object.name }
      : null,
    path: report.path,
    related: (report.related ?? []).map((r) => {
      const relatedFile = sourceFileOf(model, r.object.fileId); // a manifest, or the config's externalWorkloads
      return { file: relatedFile.path, ...spanOf(relatedFile, r.range), message: r.message };
    }),
  };
}

/** Deterministic output order: file, line, column, rule id (then message for equal positions). */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    compareText(a.file, b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.message, b.message)
  );
}

function summarise(model: Model, findings: readonly Finding[], suppressed: readonly Finding[]): Summary {
  return { ...model.stats, ...countFindings(findings, suppressed) };
}

/** The summary's counts: reported findings by severity, and suppressed ones. */
export function countFindings(
  findings: readonly Finding[],
  suppressed: readonly Finding[],
): Pick<Summary, 'errors' | 'warnings' | 'notes' | 'suppressed'> {
  const count = (severity: Severity) => findings.filter((f) => f.severity === severity).length;
  return { errors: count('error'), warnings: count('warning'), notes: count('note'), suppressed: suppressed.length };
}
