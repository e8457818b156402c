// One line per finding, `path:line:col: severity: message [rule-id]`, the layout problem matchers parse.
import type { LintResult } from '../lint.js';

export function formatCompact(result: LintResult): string {
  return result.findings
    .map((f) => `${f.file}:${f.line}:${f.column}: ${f.severity}: ${f.message} [${f.ruleId}]\n`)
    .join('');
}
