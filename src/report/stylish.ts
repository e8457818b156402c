// ESLint's "stylish" layout: findings grouped by file, aligned columns, a summary line.
import type { Finding, LintResult } from '../lint.js';
import { colors, type FormatContext } from './context.js';

const MAX_ALIGNED_MESSAGE = 100;

export function formatStylish(result: LintResult, context: FormatContext): string {
  const c = colors(context.color);
  const severityColor = { error: c.red, warning: c.yellow, note: c.blue } as const;
  const byFile = new Map<string, Finding[]>();
  for (const f of result.findings) {
    const list = byFile.get(f.file);
    if (list) list.push(f);
    else byFile.set(f.file, [f]);
  }
  let out = '';
  for (const [file, findings] of byFile) {
    const positions = findings.map((f) => `${f.line}:${f.column}`);
    // A loop, not Math.max(...lengths): spreading more than about 120,000 arguments overflows the stack.
    const widest = (lengths: number[]) => lengths.reduce((max, n) => (n > max ? n : max), 0);
    const posWidth = widest(positions.map((p) => p.length));
    const sevWidth = widest(findings.map((f) => f.severity.length));
    // Long messages do not set the column: one 300-character message would pad every line after it.
    const msgWidth = widest(findings.map((f) => f.message.length).filter((n) => n <= MAX_ALIGNED_MESSAGE));
    out += `\n${c.underline(file)}\n`;
    findings.forEach((f, i) => {
      const severity = severityColor[f.severity](f.severity.padEnd(sevWidth));
      out += `  ${c.dim(positions[i]!.padEnd(posWidth))}  ${severity}  ${f.message.padEnd(msgWidth)}  ${c.dim(f.ruleId)}\n`;
    });
  }
  const { errors, warnings, notes } = result.summary;
  const total = errors + warnings + notes;
  if (total === 0) return '';
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const line = `✖ ${plural(total, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${plural(notes, 'note')})`;
  const color = errors > 0 ? c.red : warnings > 0 ? c.yellow : c.blue;
  return `${out}\n${c.bold(color(line))}\n`;
}
