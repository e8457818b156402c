// GitLab Code Quality report (a subset of the Code Climate issue format) for merge request widgets.
// The fingerprint is the SARIF one (findingFingerprints): stable when lines move, unique within a report.
import type { Finding, LintResult } from '../lint.js';
import type { Severity } from '../model/types.js';
import { findingFingerprints, STDIN_NAME } from './sarif.js';

const SEVERITY: Record<Severity, 'info' | 'minor' | 'major'> = { note: 'info', warning: 'minor', error: 'major' };

export interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: 'info' | 'minor' | 'major' | 'critical' | 'blocker';
  location: { path: string; lines: { begin: number; end: number } };
}

/** The last line the finding covers: a span that ends at column 1 ends on the line before. */
function lastLine(f: Pick<Finding, 'line' | 'endLine' | 'endColumn'>): number {
  return f.endLine > f.line && f.endColumn === 1 ? f.endLine - 1 : f.endLine;
}

export function codeQualityReport(result: LintResult): CodeQualityIssue[] {
  const fingerprints = findingFingerprints(result.findings);
  return result.findings.map((f, i) => ({
    description: f.message,
    check_name: f.ruleId,
    fingerprint: fingerprints[i]!,
    severity: SEVERITY[f.severity],
    location: { path: f.file === '-' ? STDIN_NAME : f.file, lines: { begin: f.line, end: lastLine(f) } },
  }));
}

export function formatGitlab(result: LintResult): string {
  return `${JSON.stringify(codeQualityReport(result), null, 2)}\n`;
}
