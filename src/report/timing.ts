// The TIMING table (as ESLint prints it): each stage of the run, then the slowest rules, with their share of the run.
import type { Timing } from '../lint.js';

/** Rules listed when TIMING is set to anything but "all" or a number above it (ESLint's rule). */
const DEFAULT_RULE_ROWS = 10;

/** How many rules TIMING asks for ("all", a number above 10, else 10); null when it is unset or empty. */
export function timingRows(value: string | undefined): number | null {
  if (value === undefined || value === '') return null;
  if (value.toLowerCase() === 'all') return Number.POSITIVE_INFINITY;
  const rows = Number.parseInt(value, 10);
  return rows > DEFAULT_RULE_ROWS ? rows : DEFAULT_RULE_ROWS;
}

export function formatTimings(timings: readonly Timing[], ruleRows: number): string {
  const total = timings.reduce((sum, t) => sum + t.ms, 0);
  const stages = timings.filter((t) => t.kind === 'stage');
  const rules = timings.filter((t) => t.kind === 'rule').sort((a, b) => b.ms - a.ms);
  const shown = rules.slice(0, ruleRows);
  const rows = [...stages.map((t) => [t.name, t]), ...shown.map((t) => [`rule ${t.name}`, t])] as [string, Timing][];
  if (shown.length < rules.length) {
    const rest = rules.slice(shown.length);
    rows.push([`${rest.length} other rules`, { kind: 'rule', name: '', ms: rest.reduce((sum, t) => sum + t.ms, 0) }]);
  }
  const cells = rows.map(([name, t]) => [
    name,
    t.ms.toFixed(3),
    `${total > 0 ? ((100 * t.ms) / total).toFixed(1) : '0.0'}%`,
  ]);
  const headers = ['Stage or rule', 'Time (ms)', 'Relative'];
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: readonly string[]) =>
    `${c[0]!.padEnd(widths[0]!)} | ${c[1]!.padStart(widths[1]!)} | ${c[2]!.padStart(widths[2]!)}`;
  const rule = `:${'-'.repeat(widths[0]!)}|${'-'.repeat(widths[1]! + 1)}:|${'-'.repeat(widths[2]!)}:`;
  return [line(headers), rule, ...cells.map(line)].join('\n') + '\n';
}
