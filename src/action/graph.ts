// The wiring as a Mermaid flowchart for the job summary: Ingress -> Service -> workload, broken links in red.
import type { LintResult } from '../lint.js';
import { hasPlaceholderGap, type ServiceEndpoints } from '../analysis/endpoints.js';
import type { IngressModel, ServiceModel } from '../model/types.js';

export interface GraphOptions {
  /** Nodes drawn at most; the rest is counted in `omitted`. GitHub renders a few hundred nodes poorly. */
  maxNodes?: number;
}

export interface EndpointGraph {
  /** Mermaid source (without the ``` fence); '' when there is nothing to draw. */
  mermaid: string;
  services: { shown: number; total: number };
  ingresses: { shown: number; total: number };
}

export const DEFAULT_MAX_NODES = 60;

interface Node {
  id: string;
  label: string;
  broken: boolean;
}

interface Edge {
  from: string;
  to: string;
  label: string;
  dashed: boolean;
}

/**
 * Ingresses come first (each with the Services it routes to and their workloads), then the other Services with their
 * workloads, until the node budget is spent: a chain is drawn whole or not at all, so no edge points at nothing.
 */
export function endpointGraph(result: LintResult, options: GraphOptions = {}): EndpointGraph {
  const maxNodes = options.maxNodes ?? DEFAULT_MAX_NODES;
  const { model, analysis } = result;
  const ingresses = model.objects.filter((o): o is IngressModel => o.category === 'ingress');
  const nodes = new Map<string, Node>();
  const edges = new Map<string, Edge>();
  const shownServices = new Set<ServiceModel>();
  let shownIngresses = 0;
  let full = false;

  /** Nodes and edges of a chain, added only if they all fit. */
  const tryAdd = (chainNodes: Node[], chainEdges: Edge[]): boolean => {
    const fresh = chainNodes.filter((n, i) => !nodes.has(n.id) && chainNodes.findIndex((m) => m.id === n.id) === i);
    if (nodes.size + fresh.length > maxNodes) {
      full = true;
      return false;
    }
    for (const n of fresh) nodes.set(n.id, n);
    for (const e of chainEdges) {
      const key = `${e.from}>${e.to}`;
      const known = edges.get(key);
      if (!known) edges.set(key, { ...e });
      else if (e.label && !known.label.split(', ').includes(e.label))
        known.label = known.label ? `${known.label}, ${e.label}` : e.label;
    }
    return true;
  };

  const ids = new Map<string, string>();
  const idOf = (key: string, prefix: string) => {
    let id = ids.get(key);
    if (!id) {
      id = `${prefix}${ids.size}`;
      ids.set(key, id);
    }
    return id;
  };

  const serviceChain = (service: ServiceModel): { nodes: Node[]; edges: Edge[] } => {
    const entry = analysis.endpointsOf(service);
    const sid = idOf(`svc:${service.namespace}/${service.name}`, 's');
    const chainNodes: Node[] = [{ id: sid, label: serviceLabel(service), broken: serviceBroken(entry) }];
    const chainEdges: Edge[] = [];
    for (const workload of entry.workloads) {
      const wid = idOf(`wl:${workload.kind}/${workload.namespace}/${workload.name}`, 'w');
      const replicas =
        workload.replicas === 'per-node'
          ? 'one per node'
          : `${workload.replicas} ${workload.replicas === 1 ? 'replica' : 'replicas'}`;
      chainNodes.push({ id: wid, label: `${workload.kind} ${qualified(workload)}<br/>${replicas}`, broken: false });
      const mappings: string[] = [];
      for (const port of entry.ports) {
        for (const e of port.endpoints)
          if (e.workload === workload) mappings.push(`${port.port.port} → ${e.containerPort}`);
      }
      chainEdges.push({
        from: sid,
        to: wid,
        label: unique(mappings).join(', ') || 'no matching port',
        dashed: mappings.length === 0,
      });
    }
    for (const resource of entry.operatorResources) {
      const oid = idOf(`op:${resource.kind}/${resource.namespace}/${resource.name}`, 'o');
      chainNodes.push({
        id: oid,
        label: `${resource.kind} ${qualified(resource)}<br/>pods made by its operator`,
        broken: false,
      });
      chainEdges.push({ from: sid, to: oid, label: '', dashed: true });
    }
    return { nodes: chainNodes, edges: chainEdges };
  };

  for (const ingress of ingresses) {
    if (full) break;
    const iid = idOf(`ing:${ingress.namespace}/${ingress.name}`, 'i');
    const chainNodes: Node[] = [{ id: iid, label: `Ingress ${qualified(ingress)}`, broken: false }];
    const chainEdges: Edge[] = [];
    const services: ServiceModel[] = [];
    for (const backend of ingress.backends) {
      if (backend.resource || backend.serviceName === null) continue;
      const port = backend.portName ?? (backend.portNumber === null ? '' : String(backend.portNumber));
      const namespace = ingress.namespace ?? 'default';
      const service = analysis.findService(namespace, backend.serviceName);
      if (!service) {
        const mid = idOf(`svc:${namespace}/${backend.serviceName}`, 's');
        chainNodes.push({ id: mid, label: `Service ${namespace}/${backend.serviceName}<br/>not found`, broken: true });
        chainEdges.push({ from: iid, to: mid, label: port && `:${port}`, dashed: true });
        continue;
      }
      const chain = serviceChain(service);
      chainNodes.push(...chain.nodes);
      // The ingress-backend rule reports a port the Service does not have; the graph shows it dashed.
      const known =
        port === '' ||
        service.ports.some((p) =>
          backend.portName !== null ? p.name === backend.portName : p.port === backend.portNumber,
        );
      const label = port && `:${port}${known ? '' : ' (no such port)'}`;
      chainEdges.push({ from: iid, to: chain.nodes[0]!.id, label, dashed: !known }, ...chain.edges);
      services.push(service);
    }
    if (!tryAdd(chainNodes, chainEdges)) break;
    shownIngresses++;
    for (const s of services) shownServices.add(s);
  }
  for (const service of model.services) {
    if (full) break;
    if (shownServices.has(service)) continue;
    const chain = serviceChain(service);
    if (!tryAdd(chain.nodes, chain.edges)) break;
    shownServices.add(service);
  }

  const graph = {
    services: { shown: shownServices.size, total: model.services.length },
    ingresses: { shown: shownIngresses, total: ingresses.length },
  };
  if (nodes.size === 0) return { mermaid: '', ...graph };
  const lines = ['flowchart LR'];
  for (const n of nodes.values()) lines.push(`  ${n.id}["${escapeLabel(n.label)}"]${n.broken ? ':::broken' : ''}`);
  for (const e of edges.values()) {
    const arrow = e.dashed ? '-.->' : '-->';
    lines.push(e.label ? `  ${e.from} ${arrow}|"${escapeLabel(e.label)}"| ${e.to}` : `  ${e.from} ${arrow} ${e.to}`);
  }
  lines.push('  classDef broken fill:#ffebe9,stroke:#cf222e,color:#82071e');
  return { mermaid: `${lines.join('\n')}\n`, ...graph };
}

function serviceLabel(service: ServiceModel): string {
  const name = `Service ${qualified(service)}`;
  if (service.type === 'ExternalName') return `${name}<br/>ExternalName ${service.externalName ?? '(none)'}`;
  if (service.selector === null) return `${name}<br/>no selector`;
  return service.type === 'ClusterIP' ? name : `${name}<br/>${service.type}`;
}

/** Kubernetes manages the endpoints, and some port has none. */
function serviceBroken(entry: ServiceEndpoints): boolean {
  const s = entry.service;
  if (s.type === 'ExternalName' || s.selector === null || entry.operatorResources.length > 0) return false;
  return entry.ports.length === 0 || entry.ports.some((p) => p.endpoints.length === 0 && !hasPlaceholderGap(p));
}

function qualified(o: { namespace: string | null; name: string }): string {
  return o.namespace ? `${o.namespace}/${o.name}` : o.name;
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}

/** Mermaid labels in double quotes take entity codes; <br/> is kept as the only markup. */
function escapeLabel(text: string): string {
  return text
    .replace(/&/g, '#amp;')
    .replace(/"/g, '#quot;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/#lt;br\/#gt;/g, '<br/>')
    .replace(/[\r\n]+/g, ' ');
}
