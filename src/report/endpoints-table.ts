// The endpoint map for people: namespace/service:port -> workload/container:containerPort.
import type { LintResult } from '../lint.js';
import {
  describePlaceholderGap,
  describeReadiness,
  noEndpointsReason,
  type PortEndpoints,
  type ServiceEndpoints,
} from '../analysis/endpoints.js';
import { scrapedPorts } from '../analysis/monitors.js';
import { describePolicies } from '../analysis/policies.js';
import { colors, type Colors, type FormatContext } from './context.js';

export interface EndpointsTableOptions {
  /** Also each Service's DNS names and the service-link variables it injects (svclint endpoints --verbose). */
  verbose?: boolean;
}

/** One line per Service port and what serves it (a further line per further target or gap). */
export function formatEndpoints(
  result: LintResult,
  context: FormatContext,
  options: EndpointsTableOptions = {},
): string {
  const c = colors(context.color);
  const lines: string[] = [];
  let set: string | undefined;
  for (const entry of result.analysis.endpoints) {
    // Sets are analysed apart, so one Service may appear once per set: each set under a heading of its own.
    if (entry.set !== set) {
      set = entry.set;
      if (set !== undefined) lines.push(c.dim(`# ${set}`));
    }
    const s = entry.service;
    const header = `${s.namespace}/${s.name}`;
    if (s.type === 'ExternalName') {
      lines.push(`${c.bold(header)} ${c.dim('→')} CNAME ${s.externalName ?? c.red('(no externalName)')}`);
      continue;
    }
    if (entry.ports.length === 0) {
      lines.push(`${c.bold(header)} ${c.dim('→')} ${c.yellow('(no ports)')}`);
      continue;
    }
    for (const port of entry.ports) {
      const nodePort = port.port.nodePort ? ` nodePort ${port.port.nodePort}` : '';
      const left = `${c.bold(header)}:${port.port.port}/${port.port.protocol}${port.port.name ? ` (${port.port.name})` : ''}${nodePort}`;
      const targets = describeTargets(entry, port, c);
      lines.push(`${left} ${c.dim('→')} ${targets[0]}`);
      for (const more of targets.slice(1)) lines.push(`${' '.repeat(4)}${c.dim('→')} ${more}`);
    }
    // What scales and protects each workload that serves the Service.
    for (const workload of entry.workloads) {
      const policies = describePolicies(result.analysis.policiesOf(workload));
      if (policies) lines.push(`    ${c.dim(`${workload.kind}/${workload.name}`)} ${policies}`);
    }
    for (const monitor of result.analysis.monitorsOf(s)) {
      const ports = scrapedPorts(monitor, s);
      lines.push(
        `    ${c.dim('scraped by')} ${monitor.kind} ${monitor.namespace}/${monitor.name}${ports.length ? ` (${ports.join(', ')})` : c.yellow(' (no endpoint matches a port of this Service)')}`,
      );
    }
    if (options.verbose) lines.push(...describeNames(entry, result, c));
  }
  return lines.length ? `${lines.join('\n')}\n` : 'No Services found.\n';
}

/** Per-pod names shown in the table for one StatefulSet; JSON has them all. */
const SHOWN_PODS = 3;

/** The Service's DNS names and the service-link variables it injects, one indented line each. */
function describeNames(entry: ServiceEndpoints, result: LintResult, c: Colors): string[] {
  const names = result.analysis.dnsNamesOf(entry.service);
  const pods = names.filter((n) => n.type === 'pod');
  const shown = [
    ...names
      .filter((n) => n.type !== 'pod' && n.type !== 'CNAME')
      .map((n) => (n.type === 'SRV' ? `SRV ${n.name}` : n.name)),
    ...pods.slice(0, SHOWN_PODS).map((n) => n.name),
  ];
  if (pods.length > SHOWN_PODS) shown.push(`… ${pods.length - SHOWN_PODS} more pod names`);
  const lines = shown.length ? [`    ${c.dim('dns')} ${shown.join(', ')}`] : [];
  const environment = result.analysis.environmentOf(entry.service).map((v) => v.name);
  if (environment.length) lines.push(`    ${c.dim('env')} ${environment.join(', ')}`);
  return lines;
}

function describeTargets(entry: ServiceEndpoints, port: PortEndpoints, c: Colors): string[] {
  const s = entry.service;
  if (!s.selector)
    return [c.dim('(no selector: endpoints come from EndpointSlices or Endpoints managed outside Kubernetes)')];
  const out = port.endpoints.map((e) => {
    const where = `${e.workload.kind}/${e.workload.name}/${e.container ?? c.yellow('(undeclared)')}:${e.containerPort}`;
    const replicas =
      e.replicas === 'per-node' ? 'one per node' : `${e.replicas} ${e.replicas === 1 ? 'replica' : 'replicas'}`;
    const readiness = describeReadiness(e);
    // Never-Ready pods stay endpoints; kube-proxy skips them unless the Service publishes not-ready addresses.
    return readiness === null
      ? `${where} ${c.dim(`(${replicas})`)}`
      : `${where} ${(e.ready ? c.yellow : c.red)(`(${replicas}, ${readiness})`)}`;
  });
  for (const gap of port.gaps) {
    if (gap.kind === 'name-not-found')
      out.push(c.red(`${gap.workload.kind}/${gap.workload.name}: no container port named "${port.targetPort}"`));
    if (gap.kind === 'protocol-mismatch')
      out.push(
        c.red(
          `${gap.workload.kind}/${gap.workload.name}: port ${port.targetPort} declared only for ${gap.declared.port.protocol}`,
        ),
      );
    if (gap.kind === 'placeholder')
      out.push(c.yellow(`${gap.workload.kind}/${gap.workload.name}: ${describePlaceholderGap(gap)}`));
  }
  for (const o of entry.operatorResources)
    out.push(`${o.kind}/${o.name} ${c.dim('(pods made by its operator; ports unknown)')}`);
  if (out.length === 0) {
    out.push(c.red(`(no endpoints: ${noEndpointsReason(entry, port)})`));
  }
  return out;
}
