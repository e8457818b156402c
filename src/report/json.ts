// The machine-readable report (contract version 1: fields may be added, never renamed).
import type { Finding, LintResult } from '../lint.js';
import type { ServiceEndpoints } from '../analysis/endpoints.js';
import type { Analysis } from '../analysis/analysis.js';
import type { FormatContext } from './context.js';

export function jsonReport(result: LintResult, context: FormatContext) {
  return {
    version: 1,
    tool: { name: 'svclint', version: context.toolVersion },
    findings: result.findings.map(findingEntry),
    services: result.analysis.endpoints.map((entry) => serviceEntry(entry, result.analysis)),
    summary: result.summary,
    // Suppressed findings (directives, annotations, baseline) with why: not in `findings`, so consumers that fail on
    // `findings` keep working. Last, so the fields before it keep their order.
    suppressed: result.suppressed.map((f) => ({ ...findingEntry(f), suppressions: f.suppressions ?? [] })),
  };
}

function findingEntry(f: Finding) {
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    file: f.file,
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
    object: f.object,
    path: f.path,
    related: f.related,
  };
}

function serviceEntry(entry: ServiceEndpoints, analysis: Analysis) {
  const s = entry.service;
  return {
    namespace: s.namespace,
    name: s.name,
    type: s.type,
    selector: s.selector,
    ports: entry.ports.map((p) => ({
      name: p.port.name,
      port: p.port.port,
      protocol: p.port.protocol,
      targetPort: p.targetPort,
      nodePort: p.port.nodePort,
      endpoints: p.endpoints.map((e) => ({
        kind: e.workload.kind,
        name: e.workload.name,
        container: e.container,
        containerPort: e.containerPort,
        replicas: e.replicas,
      })),
    })),
    operatorManaged: entry.operatorResources.map((o) => ({ kind: o.kind, name: o.name })),
    dnsNames: analysis.dnsNamesOf(s).map((d) => ({
      type: d.type,
      name: d.name,
      ...(d.type === 'SRV' && { port: d.port.name }),
      ...(d.type === 'pod' && { workload: `${d.pod.workload.kind}/${d.pod.workload.name}`, ordinal: d.pod.ordinal }),
      ...(d.type === 'CNAME' && { target: d.target }),
    })),
    environment: analysis.environmentOf(s),
  };
}

export function formatJson(result: LintResult, context: FormatContext): string {
  return `${JSON.stringify(jsonReport(result, context), null, 2)}\n`;
}
