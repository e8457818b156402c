// Lints inline YAML in memory: the rule tests' one entry point into the pipeline.
import { lintSources, type Finding, type LintOptions, type LintResult } from '../src/lint.js';
import type { Rule } from '../src/rule.js';
import { rules } from '../rules/index.js';

/** Every registered rule plus `rule` (once), for testing a rule before it is registered. */
export function withRule(rule: Rule): { rules: Rule[] } {
  return { rules: [...rules.filter((r) => r.meta.id !== rule.meta.id), rule] };
}

/** One YAML string (file "test.yaml") or several files by display path, linted as one set. */
export function lintYaml(input: string | Record<string, string>, options: LintOptions = {}): LintResult {
  const files = typeof input === 'string' ? { 'test.yaml': input } : input;
  const sources = Object.keys(files)
    .sort()
    .map((displayPath) => ({ displayPath, text: files[displayPath]! }));
  return lintSources(sources, options);
}

/** The findings of one rule, in output order. */
export function findingsOf(
  ruleId: string,
  input: string | Record<string, string>,
  options: LintOptions = {},
): Finding[] {
  return lintYaml(input, options).findings.filter((f) => f.ruleId === ruleId);
}

/** The fields a rule test pins: where, how severe, and what. */
export function brief(f: Finding) {
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
    path: f.path,
  };
}

/** Joins YAML documents with "---" so tests can assemble manifests from parts. */
export function docs(...parts: string[]): string {
  return parts.map((p) => p.replace(/^\n/, '')).join('---\n');
}
