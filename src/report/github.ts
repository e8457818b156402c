// GitHub Actions workflow commands: one `::error file=…,line=…::message` line per finding, shown as annotations.
// Escaping follows the Actions runner (ActionCommand.cs, and @actions/core's command.ts): in the message (data)
// "%", "\r" and "\n" are percent-encoded; property values additionally encode ":" and ",".
import type { Finding, LintResult } from '../lint.js';
import type { Severity } from '../model/types.js';

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = {
  error: 'error',
  warning: 'warning',
  note: 'notice',
};

/** Escapes a workflow command's data (the text after "::"). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow command property value (file=, title=, ...). */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function githubCommand(f: Finding): string {
  const properties: [string, string | number][] = [];
  // Standard input has no file in the repository: its annotations are not attached to one.
  if (f.file !== '-') properties.push(['file', f.file]);
  properties.push(
    ['line', f.line],
    ['col', f.column],
    ['endLine', f.endLine],
    ['endColumn', f.endColumn],
    ['title', f.ruleId],
  );
  const props = properties.map(([key, value]) => `${key}=${escapeProperty(String(value))}`).join(',');
  return `::${COMMAND[f.severity]} ${props}::${escapeData(f.message)}`;
}

export function formatGithub(result: LintResult): string {
  return result.findings.map((f) => `${githubCommand(f)}\n`).join('');
}
