// The contract between the engine and a rule: metadata, and a check that only reads the model and reports.
import type { Model } from './model/build.js';
import type { Analysis } from './analysis/analysis.js';
import type { ManifestObject, Severity } from './model/types.js';
import type { Range } from './position/range.js';
import type { Settings } from './settings.js';
import { isPlaceholderPath } from './model/placeholders.js';

export const REPOSITORY_URL = 'https://github.com/svclint/svclint';

export interface RuleExample {
  /** What the example shows, in a few words. */
  title: string;
  /** A complete manifest set (one or more YAML documents). */
  yaml: string;
}

/** What a rule id may be: lowercase letters and digits in words joined by single dashes, starting with a letter. */
export const RULE_ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
export const RULE_ID_RULE =
  'a rule id is lowercase letters and digits in words joined by single dashes, starting with a letter (e.g. "port-name", "http2-port"); it is also the folder name under rules/';

/** Code scanning tags of a rule that gives none (SARIF `properties.tags`). */
export const DEFAULT_RULE_TAGS: readonly string[] = ['kubernetes', 'correctness'];

export interface RuleSarif {
  /**
   * Code scanning tags (SARIF `properties.tags`), e.g. ['kubernetes', 'correctness', 'service', 'ports']; no
   * "security": svclint's findings are correctness problems, not vulnerabilities. Default: DEFAULT_RULE_TAGS.
   */
  tags?: readonly string[];
  /**
   * How often a finding is a real problem (SARIF `properties.precision`). Most rules restate an API server validation
   * ("very-high", the default); rules that depend on what is outside the files (operators, other repositories, a
   * process listening on an undeclared port) are lower.
   */
  precision?: 'very-high' | 'high' | 'medium' | 'low';
}

export interface RuleMeta {
  /** Kebab-case (RULE_ID), stable forever: SARIF fingerprints and suppressions rely on it. */
  id: string;
  severity: Severity;
  /** One line: what the rule reports. */
  description: string;
  /** Markdown: why it matters, the exact Kubernetes condition and its source. */
  rationale: string;
  /** At least one valid and one invalid example; tests lint every one. */
  examples: { valid: RuleExample[]; invalid: RuleExample[] };
  /**
   * JSON Schema (draft-07) of the rule's options, the object in `rules: { <id>: [severity, {options}] }` of the
   * configuration file. Absent: the rule takes no options, and only an empty object (or none) is accepted. The
   * configuration schema (schemas/config.schema.json) embeds it, so editors complete the options too.
   */
  options?: Record<string, unknown>;
  /** How code scanning files the rule's findings (SARIF rule properties); absent: the defaults. */
  sarif?: RuleSarif;
}

export interface RuleOptions {
  cwd?: string;
}

export interface RelatedLocation {
  object: ManifestObject;
  range: Range;
  message: string;
}

export interface Report {
  /** The object the finding is about; for load problems, only the file is known. */
  object: ManifestObject | null;
  fileId: number;
  range: Range;
  /** YAML path of the offending node, e.g. spec.ports[0].targetPort. */
  path: string | null;
  message: string;
  /** Overrides the rule's severity for this finding (a rule may report at several levels). */
  severity?: Severity;
  related?: RelatedLocation[];
}

export interface RuleContext {
  model: Model;
  analysis: Analysis;
  /** Cluster settings (node port range, ...), defaults filled in. */
  settings: Settings;
  /** The rule's options from the configuration file (validated against `meta.options`); absent when it does not name the rule. */
  options?: Readonly<Record<string, unknown>>;
  report(report: Report): void;
}

export interface Rule {
  meta: RuleMeta & { url: string };
  check(context: RuleContext): void;
}

export function ruleDocsUrl(id: string): string {
  return `${REPOSITORY_URL}/blob/main/rules/${id}/README.md`;
}

/** Declares a rule; its docs URL is derived from its id so the two never drift. */
export function defineRule(rule: { meta: RuleMeta; check(context: RuleContext): void }): Rule {
  return { meta: { ...rule.meta, url: ruleDocsUrl(rule.meta.id) }, check: rule.check };
}

/** Reports about one object at a range of it. */
export function at(object: ManifestObject, range: Range, path: string, message: string): Report {
  return { object, fileId: object.fileId, range, path, message };
}

/**
 * Whether the schema rule already reports `path` or a node under it: other rules then stay silent there, so one
 * mistake gives one finding.
 */
export function hasSchemaProblem(object: ManifestObject, path: string): boolean {
  return (
    object.schemaProblems?.some(
      (p) => p.path === path || p.path.startsWith(`${path}.`) || p.path.startsWith(`${path}[`),
    ) ?? false
  );
}

/**
 * Whether a report judges a field that holds a placeholder (`port: ${PORT}`): its value is not known yet, so the engine
 * drops such reports whichever rule makes them (the placeholder rule notes the field instead).
 */
export function judgesPlaceholder(report: Report): boolean {
  return isPlaceholderPath(report.object?.placeholders, report.path);
}
