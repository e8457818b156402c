// `svclint reach`: who may connect to each Service port under the NetworkPolicies, and the verdict of every known
// call, as text, JSON (schemas/reach.schema.json), Markdown, Mermaid or Graphviz dot.
import type { Analysis } from '../analysis/analysis.js';
import {
  connectionReason,
  describePeer,
  describePeers,
  podClient,
  type NetworkAnalysis,
  type Tri,
} from '../analysis/network-policy.js';
import { sourceFileOf, type Model } from '../model/build.js';
import type { PodSource } from '../model/pod-index.js';
import { spanOf } from '../position/positions.js';
import { formatLabelSelector, isEmptyLabelSelector } from '../model/selector.js';
import type { NetworkPolicyModel, NetworkPolicyRuleModel, Protocol } from '../model/types.js';

export const REACH_FORMATS = ['text', 'json', 'markdown', 'mermaid', 'dot'] as const;
export type ReachFormat = (typeof REACH_FORMATS)[number];

export interface ReachObject {
  kind: string;
  namespace: string;
  name: string;
}

export interface ReachCall {
  from: ReachObject;
  to: ReachObject;
  service: { namespace: string; name: string; port: number | string | null; protocol: string } | null;
  targetPort: number;
  via: string;
  /** null: unknown (a policy, a namespace or pods outside the input decide). */
  allowed: Tri;
  reason: string;
  /** Where the call is written: file, line, column. */
  file: string;
  line: number;
  column: number;
}

export interface ReachService {
  namespace: string;
  name: string;
  port: number | string | null;
  protocol: string;
  /** Whether every pod behind the port is isolated for ingress. */
  isolated: boolean;
  allowedFrom: string[];
}

export interface ReachReport {
  version: 1;
  /** How many NetworkPolicies the input has (accepted by the API server). */
  policies: number;
  calls: ReachCall[];
  services: ReachService[];
}

/** The reach of every deployable set of the input, each judged on its own (a Service port once). */
export function reachReport(model: Model, analysis: Analysis): ReachReport {
  const parts = analysis.sets ?? [{ model, analysis }];
  const report: ReachReport = { version: 1, policies: 0, calls: [], services: [] };
  const seen = new Set<string>();
  for (const part of parts) {
    const one = setReach(part.model, part.analysis);
    report.policies += one.policies;
    report.calls.push(...one.calls);
    for (const s of one.services) {
      const key = `${s.namespace}/${s.name}:${s.port}/${s.protocol}\u0000${s.allowedFrom.join('\u0000')}`;
      if (!seen.has(key)) report.services.push(s);
      seen.add(key);
    }
  }
  return report;
}

function setReach(model: Model, analysis: Analysis): ReachReport {
  const network = analysis.network;
  const services: ReachService[] = [];
  for (const entry of analysis.endpoints) {
    for (const port of entry.ports) {
      if (port.endpoints.length === 0) continue;
      const { isolated, allowedFrom } = whoMayConnect(
        network,
        port.endpoints.map((e) => ({ pods: e.workload, port: e.containerPort })),
        port.port.protocol,
      );
      services.push({
        namespace: entry.service.namespace ?? '',
        name: entry.service.name,
        port: port.port.port,
        protocol: port.port.protocol,
        isolated,
        allowedFrom,
      });
    }
  }
  const calls: ReachCall[] = [];
  for (const call of analysis.calls) {
    const file = sourceFileOf(model, call.object.fileId);
    const span = spanOf(file, call.range);
    const where = { file: file.path, line: span.line, column: span.column };
    for (const target of call.targets) {
      const verdict = network.connect(podClient(call.from), target.workload, target.port, target.protocol);
      calls.push({
        from: ref(call.from),
        to: ref(target.workload),
        service: call.service
          ? {
              namespace: call.service.namespace ?? '',
              name: call.service.name,
              port: call.servicePort?.port ?? null,
              protocol: target.protocol,
            }
          : null,
        targetPort: target.port,
        via: call.via,
        allowed: verdict.allowed,
        reason: connectionReason(
          verdict,
          `${call.from.kind}/${call.from.name}`,
          `${target.workload.kind}/${target.workload.name}`,
          target.port,
          target.protocol,
        ),
        ...where,
      });
    }
  }
  return { version: 1, policies: network.policies.length, calls, services };
}

function ref(source: PodSource): ReachObject {
  return { kind: source.kind, namespace: source.namespace ?? '', name: source.name };
}

/** "pods app=frontend in shop", "any namespace", "outside the cluster (ipBlock 10.0.0.0/8)" for the rules that admit the port. */
function whoMayConnect(
  network: NetworkAnalysis,
  endpoints: { pods: PodSource; port: number }[],
  protocol: Protocol,
): { isolated: boolean; allowedFrom: string[] } {
  const allowed = new Set<string>();
  let isolated = true;
  const seen = new Set<string>();
  for (const { pods, port } of endpoints) {
    const entries = network.isolating(pods, 'Ingress');
    // Pods of one policy group admit the same peers on a port: each group is described once.
    const key = `${network.groupOf(pods, 'Ingress')}|${port}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (!entries.some((e) => e.selects === true)) {
      isolated = false;
      allowed.add(`anyone: ${pods.kind}/${pods.name} is not isolated for ingress`);
      continue;
    }
    for (const { policy } of entries) {
      for (const rule of policy.ingress) {
        if (network.portsCover(rule, pods, port, protocol) === false) continue;
        for (const peer of peerTexts(policy, rule)) allowed.add(peer);
      }
    }
  }
  return { isolated, allowedFrom: [...allowed] };
}

function peerTexts(policy: NetworkPolicyModel, rule: NetworkPolicyRuleModel): string[] {
  if (rule.peers.length === 0) return describePeers(policy, rule);
  return rule.peers.map((peer) => {
    if (peer.ipBlock) return `outside the cluster (${describePeer(policy, peer)})`;
    if (
      peer.namespaceSelector &&
      isEmptyLabelSelector(peer.namespaceSelector) &&
      (!peer.podSelector || isEmptyLabelSelector(peer.podSelector))
    )
      return 'any namespace';
    if (!peer.namespaceSelector && peer.podSelector && !isEmptyLabelSelector(peer.podSelector))
      return `pods ${formatLabelSelector(peer.podSelector)} in ${policy.namespace}`;
    return describePeer(policy, peer);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Formats

export function formatReach(report: ReachReport, format: ReachFormat): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'markdown':
      return markdown(report);
    case 'mermaid':
      return mermaid(report);
    case 'dot':
      return dot(report);
    default:
      return text(report);
  }
}

const VERDICT = { true: 'allowed', false: 'blocked', null: 'unknown' } as const;
const verdictOf = (allowed: Tri) => VERDICT[String(allowed) as keyof typeof VERDICT];
const name = (o: ReachObject) => `${o.kind} ${o.namespace}/${o.name}`;
const servicePort = (s: ReachService) => `${s.namespace}/${s.name}:${s.port}/${s.protocol}`;
const through = (c: ReachCall) =>
  c.service ? ` through Service ${c.service.namespace}/${c.service.name}:${c.service.port}` : '';

function text(report: ReachReport): string {
  const out: string[] = [];
  if (report.policies === 0) out.push('No NetworkPolicy in the input: every pod may connect to every other.', '');
  out.push('Services:');
  if (report.services.length === 0) out.push('  (no Service port with endpoints)');
  for (const s of report.services) {
    out.push(`  ${servicePort(s)}${s.isolated ? ' (isolated)' : ''}`);
    for (const from of s.allowedFrom) out.push(`      ← ${from}`);
    if (s.allowedFrom.length === 0) out.push('      ← nobody: no ingress rule admits this port');
  }
  out.push('', 'Calls:');
  if (report.calls.length === 0) out.push('  (no known call)');
  for (const c of report.calls) {
    out.push(
      `  ${verdictOf(c.allowed).padEnd(7)} ${name(c.from)} → ${name(c.to)}:${c.targetPort}${through(c)} (${c.via}, ${c.file}:${c.line}:${c.column})`,
    );
    if (c.reason) out.push(`          ${c.reason}`);
  }
  return `${out.join('\n')}\n`;
}

function cell(value: string): string {
  return value.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function markdown(report: ReachReport): string {
  const out: string[] = ['## Services', '', '| Service port | Isolated | Allowed from |', '|---|---|---|'];
  for (const s of report.services)
    out.push(
      `| ${cell(servicePort(s))} | ${s.isolated ? 'yes' : 'no'} | ${cell(s.allowedFrom.join('; ') || 'nobody')} |`,
    );
  out.push('', '## Calls', '', '| Verdict | From | To | Via | Where | Reason |', '|---|---|---|---|---|---|');
  for (const c of report.calls) {
    out.push(
      `| ${verdictOf(c.allowed)} | ${cell(name(c.from))} | ${cell(`${name(c.to)}:${c.targetPort}${through(c)}`)} | ${cell(c.via)} | ${cell(`${c.file}:${c.line}`)} | ${cell(c.reason)} |`,
    );
  }
  return `${out.join('\n')}\n`;
}

/** The workloads of the calls as graph nodes, with ids safe in Mermaid and dot. */
function nodes(report: ReachReport): Map<string, { id: string; label: string }> {
  const map = new Map<string, { id: string; label: string }>();
  for (const c of report.calls) {
    for (const o of [c.from, c.to]) {
      const key = name(o);
      if (!map.has(key)) map.set(key, { id: `n${map.size}`, label: `${o.kind}/${o.name} (${o.namespace})` });
    }
  }
  return map;
}

/** One edge per caller, callee, port and verdict (several written calls may be the same connection). */
function edges(report: ReachReport): { from: string; to: string; label: string; allowed: Tri }[] {
  const ids = nodes(report);
  const seen = new Set<string>();
  const out: { from: string; to: string; label: string; allowed: Tri }[] = [];
  for (const c of report.calls) {
    const edge = {
      from: ids.get(name(c.from))!.id,
      to: ids.get(name(c.to))!.id,
      label: `${c.targetPort}${c.allowed === false ? ' blocked' : c.allowed === null ? ' ?' : ''}`,
      allowed: c.allowed,
    };
    const key = `${edge.from}>${edge.to}>${edge.label}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(edge);
  }
  return out;
}

export function mermaid(report: ReachReport): string {
  const out = ['flowchart LR'];
  for (const { id, label } of nodes(report).values()) out.push(`  ${id}["${label.replace(/"/g, '#quot;')}"]`);
  const list = edges(report);
  list.forEach((e) =>
    out.push(e.allowed === true ? `  ${e.from} -->|${e.label}| ${e.to}` : `  ${e.from} -.->|${e.label}| ${e.to}`),
  );
  list.forEach((e, i) => {
    if (e.allowed === false) out.push(`  linkStyle ${i} stroke:#d00,stroke-dasharray:5 5`);
    else if (e.allowed === null) out.push(`  linkStyle ${i} stroke:#888`);
  });
  return `${out.join('\n')}\n`;
}

function dot(report: ReachReport): string {
  const quote = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  const out = ['digraph reach {', '  rankdir=LR;', '  node [shape=box];'];
  for (const { id, label } of nodes(report).values()) out.push(`  ${id} [label=${quote(label)}];`);
  for (const e of edges(report)) {
    const style =
      e.allowed === true
        ? ''
        : e.allowed === false
          ? ', color=red, fontcolor=red, style=dashed'
          : ', color=gray, style=dotted';
    out.push(`  ${e.from} -> ${e.to} [label=${quote(e.label)}${style}];`);
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}
