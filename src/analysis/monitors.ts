// What prometheus-operator's ServiceMonitors and PodMonitors select: the namespaces their namespaceSelector names
// (getNamespacesFromNamespaceSelector), then the Services (by the Service's own labels) or pods their selector selects.
import type { Model } from '../model/build.js';
import { LabelIndex, type PodSource } from '../model/pod-index.js';
import type { MonitorModel, ServiceModel } from '../model/types.js';

export interface MonitorTargets {
  monitor: MonitorModel;
  /** The namespaces it looks in; null for `any: true` (every namespace). */
  namespaces: string[] | null;
  /** The namespaces of the input it looks in that have Services (ServiceMonitor) or pods (PodMonitor). */
  knownNamespaces: string[];
  /** ServiceMonitor: the Services its selector selects there, in apply order. */
  services: ServiceModel[];
  /** PodMonitor: the pod sources its selector selects there, in apply order. */
  pods: PodSource[];
}

export interface MonitorAnalysis {
  targets: MonitorTargets[];
  /** The ServiceMonitors that select the Service, in apply order. */
  monitorsOf(service: ServiceModel): readonly MonitorModel[];
}

const NONE: readonly MonitorModel[] = [];

/**
 * getNamespacesFromNamespaceSelector: `any: true` is every namespace, else matchNames, else (none given) the
 * monitor's own namespace.
 */
export function monitoredNamespaces(monitor: MonitorModel): string[] | null {
  if (monitor.anyNamespace) return null;
  if (monitor.matchNames.length > 0) return [...new Set(monitor.matchNames)];
  return [monitor.namespace ?? ''];
}

export function analyseMonitors(model: Model): MonitorAnalysis {
  const monitors = model.objects.filter((o): o is MonitorModel => o.category === 'monitor');
  if (monitors.length === 0) return { targets: [], monitorsOf: () => NONE };
  let services: LabelIndex<ServiceModel> | null = null;
  const byService = new Map<ServiceModel, MonitorModel[]>();
  const targets = monitors.map((monitor): MonitorTargets => {
    const namespaces = monitoredNamespaces(monitor);
    if (monitor.kind === 'ServiceMonitor') {
      services ??= new LabelIndex(model.services, (s) => s.labels);
      const index = services;
      const knownNamespaces = (namespaces ?? index.namespaces()).filter((ns) => index.inNamespace(ns).length > 0);
      const selected = knownNamespaces.flatMap((ns) => index.selectLabelSelector(ns, monitor.selector));
      for (const service of selected) {
        const list = byService.get(service);
        if (list) list.push(monitor);
        else byService.set(service, [monitor]);
      }
      return { monitor, namespaces, knownNamespaces, services: selected, pods: [] };
    }
    const pods = model.podIndex;
    const knownNamespaces = (namespaces ?? pods.namespaces()).filter((ns) => pods.inNamespace(ns).length > 0);
    return {
      monitor,
      namespaces,
      knownNamespaces,
      services: [],
      pods: knownNamespaces.flatMap((ns) => pods.selectLabelSelector(ns, monitor.selector)),
    };
  });
  return { targets, monitorsOf: (service) => byService.get(service) ?? NONE };
}

/**
 * Whether a monitor's `port` (a regular expression to Prometheus, which anchors it: keep when
 * `^(?:port)$` matches __meta_kubernetes_endpoint_port_name or __meta_kubernetes_pod_container_port_name) matches a name.
 */
export function portPatternMatches(pattern: string, name: string | null): boolean {
  if (!/[\\^$.|?*+()[\]{}]/.test(pattern)) return pattern === (name ?? '');
  try {
    return new RegExp(`^(?:${pattern})$`, 'u').test(name ?? '');
  } catch {
    // Not a valid JavaScript expression (RE2 differs in places): assume it matches rather than report.
    return true;
  }
}

/**
 * What a ServiceMonitor's endpoints scrape of one Service it selects: "port http" per Service port an endpoint's port
 * matches, "targetPort 9090" for a targetPort endpoint (judged against the pods, not the Service).
 */
export function scrapedPorts(monitor: MonitorModel, service: ServiceModel): string[] {
  const scraped: string[] = [];
  for (const endpoint of monitor.endpoints) {
    if (endpoint.port !== null) {
      for (const port of service.ports)
        if (portPatternMatches(endpoint.port, port.name)) scraped.push(`port ${port.name}`);
    } else if (endpoint.targetPort !== null) scraped.push(`targetPort ${endpoint.targetPort}`);
  }
  return [...new Set(scraped)];
}
