// A Markdown report for pull request comments and job summaries: a summary line, the findings as a table, and the
// endpoint map (each Service port and the pods that serve it) folded in a <details> block.
import type { Finding, LintResult } from '../lint.js';
import {
  describePlaceholderGap,
  describeReadiness,
  hasPlaceholderGap,
  noEndpointsReason,
  type PortEndpoints,
  type ServiceEndpoints,
} from '../analysis/endpoints.js';
import { rules } from '../../rules/index.js';
import { STDIN_NAME } from './sarif.js';

/**
 * Text as it reads, inside a table cell: characters Markdown (GitHub's, with tables, strikethrough and math) would
 * take as markup are backslash-escaped, and line breaks become <br>.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|~&$]/g, '\\$&').replace(/\r\n|\r|\n/g, '<br>');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function location(f: Finding): string {
  return escapeMarkdown(`${f.file === '-' ? STDIN_NAME : f.file}:${f.line}:${f.column}`);
}

function summaryLine(result: LintResult): string {
  const { errors, warnings, notes, files, objects } = result.summary;
  const total = errors + warnings + notes;
  const scope = `${plural(files, 'file')}, ${plural(objects, 'object')}`;
  if (total === 0) return `**No problems** found (${scope}).`;
  return `**${plural(total, 'problem')}** (${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${plural(notes, 'note')}) in ${scope}.`;
}

function findingsTable(findings: readonly Finding[]): string {
  const docs = new Map(rules.map((r) => [r.meta.id, r.meta.url]));
  const rows = findings.map((f) => {
    const url = docs.get(f.ruleId);
    const rule = url ? `[${escapeMarkdown(f.ruleId)}](${url})` : escapeMarkdown(f.ruleId);
    return `| ${location(f)} | ${f.severity} | ${rule} | ${escapeMarkdown(f.message)} |`;
  });
  return ['| Location | Severity | Rule | Message |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

/** Whether Kubernetes would give this port no endpoints at all (a Service with a selector that serves nothing). */
function withoutEndpoints(entry: ServiceEndpoints, port: PortEndpoints): boolean {
  return (
    entry.service.type !== 'ExternalName' &&
    entry.service.selector !== null &&
    port.endpoints.length === 0 &&
    entry.operatorResources.length === 0 &&
    !hasPlaceholderGap(port)
  );
}

function targets(entry: ServiceEndpoints, port: PortEndpoints): string[] {
  const s = entry.service;
  if (!s.selector) return ['(no selector: endpoints come from EndpointSlices or Endpoints managed outside Kubernetes)'];
  const out = port.endpoints.map((e) => {
    const replicas = e.replicas === 'per-node' ? 'one per node' : plural(e.replicas, 'replica');
    const readiness = describeReadiness(e);
    return `${e.workload.kind}/${e.workload.name}/${e.container ?? '(undeclared)'}:${e.containerPort} (${replicas}${readiness ? `, ${readiness}` : ''})`;
  });
  for (const gap of port.gaps) {
    if (gap.kind === 'name-not-found')
      out.push(`${gap.workload.kind}/${gap.workload.name}: no container port named "${port.targetPort}"`);
    if (gap.kind === 'protocol-mismatch')
      out.push(
        `${gap.workload.kind}/${gap.workload.name}: port ${port.targetPort} declared only for ${gap.declared.port.protocol}`,
      );
    if (gap.kind === 'placeholder')
      out.push(`${gap.workload.kind}/${gap.workload.name}: ${describePlaceholderGap(gap)}`);
  }
  for (const o of entry.operatorResources) out.push(`${o.kind}/${o.name} (pods made by its operator; ports unknown)`);
  return out;
}

function endpointRows(entry: ServiceEndpoints): [service: string, endpoints: string][] {
  const s = entry.service;
  const name = `${s.namespace}/${s.name}`;
  if (s.type === 'ExternalName')
    return [[escapeMarkdown(name), escapeMarkdown(`CNAME ${s.externalName ?? '(no externalName)'}`)]];
  if (entry.ports.length === 0) return [[escapeMarkdown(name), '(no ports)']];
  return entry.ports.map((port) => {
    const p = port.port;
    const left = `${name}:${p.port}/${p.protocol}${p.name ? ` (${p.name})` : ''}${p.nodePort ? ` nodePort ${p.nodePort}` : ''}`;
    const cells = targets(entry, port).map(escapeMarkdown);
    if (withoutEndpoints(entry, port)) {
      // The gap lines say why when there are some.
      cells.unshift(
        `**no endpoints**${port.gaps.length > 0 ? '' : `: ${escapeMarkdown(noEndpointsReason(entry, port))}`}`,
      );
    }
    return [escapeMarkdown(left), cells.join('<br>')];
  });
}

function endpointMap(result: LintResult): string {
  const entries = result.analysis.endpoints;
  if (entries.length === 0) return 'No Services in the input.';
  const rows = entries.flatMap(endpointRows);
  const empty = entries.reduce((n, e) => n + e.ports.filter((p) => withoutEndpoints(e, p)).length, 0);
  const summary = `Endpoint map: ${plural(entries.length, 'Service')}, ${empty === 0 ? 'every port has endpoints' : `${plural(empty, 'port')} without endpoints`}`;
  return [
    '<details>',
    `<summary>${summary}</summary>`,
    '',
    '| Service port | Endpoints |',
    '| --- | --- |',
    ...rows.map(([service, endpoints]) => `| ${service} | ${endpoints} |`),
    '',
    '</details>',
  ].join('\n');
}

export function formatMarkdown(result: LintResult): string {
  const parts = ['### svclint', summaryLine(result)];
  if (result.findings.length > 0) parts.push(findingsTable(result.findings));
  parts.push(endpointMap(result));
  return `${parts.join('\n\n')}\n`;
}
