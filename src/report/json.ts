// The machine-readable report (contract version 1: fields may be added, never renamed).
import type { Finding, LintResult } from '../lint.js';
import type { ServiceEndpoints } from '../analysis/endpoints.js';
import type { Analysis } from '../analysis/analysis.js';
import { policiesEntry } from '../analysis/policies.js';
import { scrapedPorts } from '../analysis/monitors.js';
import type { ServiceModel } from '../model/types.js';
import type { FormatContext } from './context.js';

/** The report's members in order: values written whole, and arrays whose entries are made one at a time. */
function reportMembers(result: LintResult, context: FormatContext): Member[] {
  const { analysis } = result;
  return [
    { key: 'version', value: 1 },
    { key: 'tool', value: toolEntry(context) },
    arrayMember('findings', result.findings, findingEntry),
    arrayMember('services', analysis.endpoints, (entry) => serviceEntry(entry, analysis)),
    { key: 'summary', value: result.summary },
    // Suppressed findings (directives, annotations, baseline) with why: not in `findings`, so consumers that fail on
    // `findings` keep working. Last, so the fields before it keep their order.
    arrayMember('suppressed', result.suppressed, suppressedEntry),
  ];
}

/** The report as one object tree (what the chunks of jsonReportChunks spell out). */
export function jsonReport(result: LintResult, context: FormatContext): Record<string, unknown> {
  return Object.fromEntries(
    reportMembers(result, context).map((m) => [m.key, 'entries' in m ? [...m.entries()] : m.value]),
  );
}

/**
 * The text of formatJson in chunks, one array entry (finding, service) at a time: neither the whole tree nor the
 * whole text exists at once, which at 100,000 objects is hundreds of megabytes.
 */
export function* jsonReportChunks(result: LintResult, context: FormatContext): Generator<string> {
  yield* objectChunks(reportMembers(result, context));
  yield '\n';
}

export function formatJson(result: LintResult, context: FormatContext): string {
  return [...jsonReportChunks(result, context)].join('');
}

// The streamed text must equal JSON.stringify(jsonReport(...), null, 2) byte for byte: these mirror its layout.
const INDENT = '  ';

/** A member of the top-level object: a value written whole, or an array whose entries are made one at a time. */
type Member = { key: string; value: unknown } | { key: string; count: number; entries: () => Generator<unknown> };

function arrayMember<T>(key: string, items: readonly T[], entry: (item: T) => unknown): Member {
  return {
    key,
    count: items.length,
    *entries() {
      for (const item of items) yield entry(item);
    },
  };
}

function* objectChunks(members: readonly Member[]): Generator<string> {
  let separator = `{\n${INDENT}`;
  let written = false;
  for (const member of members) {
    const head = `${separator}${JSON.stringify(member.key)}: `;
    if ('entries' in member) {
      yield head;
      yield* arrayChunks(member.count, member.entries(), INDENT);
    } else {
      const text = stringifyAt(member.value, INDENT);
      if (text === undefined) continue; // JSON.stringify leaves out members whose value is undefined
      yield head + text;
    }
    separator = `,\n${INDENT}`;
    written = true;
  }
  yield written ? '\n}' : '{}';
}

function* arrayChunks(count: number, entries: Iterable<unknown>, indent: string): Generator<string> {
  if (count === 0) {
    yield '[]';
    return;
  }
  const inner = indent + INDENT;
  let separator = `[\n${inner}`;
  for (const entry of entries) {
    yield separator + (stringifyAt(entry, inner) ?? 'null'); // as JSON.stringify writes undefined in arrays
    separator = `,\n${inner}`;
  }
  yield `\n${indent}]`;
}

/** JSON.stringify's pretty text of a value nested at `indent` (strings never hold a raw newline, so each is layout). */
function stringifyAt(value: unknown, indent: string): string | undefined {
  const text = JSON.stringify(value, null, INDENT) as string | undefined;
  return text?.replaceAll('\n', `\n${indent}`);
}

function toolEntry(context: FormatContext) {
  return { name: 'svclint', version: context.toolVersion };
}

function suppressedEntry(f: Finding) {
  return { ...findingEntry(f), suppressions: f.suppressions ?? [] };
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

/** The ServiceMonitors that scrape the Service and what of it; absent when there are none. */
function monitorsMember(service: ServiceModel, analysis: Analysis) {
  const monitors = analysis.monitorsOf(service);
  if (monitors.length === 0) return {};
  return {
    monitors: monitors.map((m) => ({
      kind: m.kind,
      namespace: m.namespace,
      name: m.name,
      scrapes: scrapedPorts(m, service),
    })),
  };
}

function serviceEntry(entry: ServiceEndpoints, analysis: Analysis) {
  const s = entry.service;
  return {
    ...(entry.set !== undefined && { set: entry.set }),
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
        ready: e.ready,
        ...(e.notReadyReason !== null && { notReadyReason: e.notReadyReason }),
        ...policiesEntry(analysis.policiesOf(e.workload)),
      })),
    })),
    operatorManaged: entry.operatorResources.map((o) => ({ kind: o.kind, name: o.name })),
    ...(entry.rejected.length > 0 && {
      rejected: entry.rejected.map((r) => ({ kind: r.workload.kind, name: r.workload.name, reason: r.reason })),
    }),
    ...monitorsMember(s, analysis),
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
