import { defineRule, hasSchemaProblem, type RelatedLocation, type Report } from '../../src/rule.js';
import { describeContainerPort, kindName, qualifiedName } from '../../src/model/describe.js';
import { listing } from '../../src/strings.js';
import { formatLabelSelector, isEmptyLabelSelector, matchesLabelSelector } from '../../src/model/selector.js';
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import { hasManagedEndpoints } from '../../src/analysis/endpoints.js';
import { portPatternMatches, type MonitorTargets } from '../../src/analysis/monitors.js';
import type { Analysis } from '../../src/analysis/analysis.js';
import type { Model } from '../../src/model/build.js';
import { LabelIndex, type PodSource } from '../../src/model/pod-index.js';
import type {
  ContainerModel,
  MonitorEndpointModel,
  MonitorModel,
  ServiceModel,
  ServicePortModel,
  WorkloadModel,
} from '../../src/model/types.js';

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
  labels:
    app: web
spec:
  selector:
    app: web
  ports:
    - name: http
      port: 80
      targetPort: http
    - name: metrics
      port: 9090
      targetPort: metrics
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: example/web:1.0
          ports:
            - name: http
              containerPort: 8080
            - name: metrics
              containerPort: 9090
`;

export default defineRule({
  meta: {
    id: 'monitor-target',
    severity: 'warning',
    description:
      'A prometheus-operator ServiceMonitor or PodMonitor that selects no Service in the namespaces it watches, or whose endpoint port names no port of what it selects, so Prometheus scrapes nothing there.',
    rationale: `prometheus-operator turns every ServiceMonitor into a Prometheus scrape job with Kubernetes service
discovery (\`role: endpoints\`) and relabelling rules that keep only the matching targets (\`generateServiceMonitorConfig\`
in pkg/prometheus/promcfg.go). Nothing checks that anything matches: a ServiceMonitor that matches nothing is
accepted, and its job is simply empty. The rules it generates:

- **Namespaces**: \`getNamespacesFromNamespaceSelector\`: \`namespaceSelector.any: true\` is every namespace, else
  \`matchNames\`, else (neither given) **the ServiceMonitor's own namespace**:

\`\`\`go
} else if nsel.Any {
	return []string{}
} else if len(nsel.MatchNames) == 0 {
	return []string{namespace}
}
return nsel.MatchNames
\`\`\`

- **Selector**: \`spec.selector\` (matchLabels and matchExpressions) becomes \`keep\` rules on
  \`__meta_kubernetes_service_label_<key>\`: it selects **the Service's own \`metadata.labels\`**, not the labels of the
  pods behind it (the most common confusion: a ServiceMonitor copied from the Service's \`spec.selector\`).
- **Port**: \`endpoints[].port\` keeps targets whose \`__meta_kubernetes_endpoint_port_name\` matches: the **name of a
  Service port** (a regular expression, anchored). Only when \`port\` is empty, the deprecated \`targetPort\` keeps
  \`__meta_kubernetes_pod_container_port_name\` (a name) or \`__meta_kubernetes_pod_container_port_number\` (a number):
  a **container port** of the pods behind the Service.

\`\`\`go
if ep.Port != "" {
	relabels.Add(&relabel.Config{SourceLabels: model.LabelNames{"__meta_kubernetes_endpoint_port_name"}, Action: "keep", Regex: parseRegexp(ep.Port, cg.logger)})
} else if ep.TargetPort != nil {
	if ep.TargetPort.StrVal != "" {
		relabels.Add(&relabel.Config{SourceLabels: model.LabelNames{"__meta_kubernetes_pod_container_port_name"}, Action: "keep", ...})
	} else if ep.TargetPort.IntVal != 0 {
		relabels.Add(&relabel.Config{SourceLabels: model.LabelNames{"__meta_kubernetes_pod_container_port_number"}, Action: "keep", ...})
	}
}
\`\`\`

A PodMonitor (\`role: pod\`) selects pods by their labels in the same namespaces, and its
\`podMetricsEndpoints[].port\` keeps \`__meta_kubernetes_pod_container_port_name\`: the name of a container port.

svclint reports (warnings):

- a ServiceMonitor whose selector selects no Service in the namespaces it watches, when the input defines Services in
  at least one of them (and no custom resource there whose operator may create Services, such as a Prometheus and its
  \`prometheus-operated\` Service); with \`any: true\`, every namespace of the input counts. The message says when a
  Service's \`spec.selector\` (its pods' labels) matches instead, or a Service in a namespace it does not watch;
- an \`endpoints[].port\` that names no port of the Services it selects (Services without a selector are skipped:
  their endpoints, and so their port names, are written by hand or by a controller);
- an \`endpoints[].targetPort\` (when \`port\` is empty) that no container of the pods of those Services declares;
- a PodMonitor \`podMetricsEndpoints[].port\` (or \`targetPort\`) that no container of the pods it selects declares.

Namespaces the input has no Services (or pods) in are not judged: the targets may be deployed elsewhere. Pods made
by an operator from a custom resource have unknown ports, so endpoints are not judged against them. The Prometheus
setting \`ignoreNamespaceSelectors\` (which confines every monitor to its own namespace) is not known from the
manifests.`,
    examples: {
      valid: [
        {
          title:
            'A ServiceMonitor in another namespace selects the Service by its own labels and scrapes its metrics port',
          yaml: `${SERVICE}---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: web
  namespace: monitoring
spec:
  namespaceSelector:
    matchNames: [shop]
  selector:
    matchLabels:
      app: web
  endpoints:
    - port: metrics
`,
        },
      ],
      invalid: [
        {
          title: 'The endpoint names the container port (9090) instead of the Service port name',
          yaml: `${SERVICE}---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels:
      app: web
  endpoints:
    - port: "9090"
`,
        },
      ],
    },
  },
  check({ model, analysis, report }) {
    const hints = new Hints(model);
    for (const target of analysis.monitors) {
      const { monitor } = target;
      if (
        monitor.selector === null ||
        hasSchemaProblem(monitor, 'spec.selector') ||
        hasSchemaProblem(monitor, 'spec.namespaceSelector')
      )
        continue;
      if (monitor.kind === 'ServiceMonitor') checkServiceMonitor(target, model, analysis, hints, report);
      else checkPodMonitor(target, report);
    }
  },
});

type ReportFn = (report: Report) => void;

/** Services indexed by their own labels and by their selectors, built on the first monitor that selects nothing. */
class Hints {
  private byLabels: LabelIndex<ServiceModel> | null = null;
  private bySelector: LabelIndex<ServiceModel> | null = null;
  constructor(private readonly model: Model) {}

  /** A Service of these namespaces whose spec.selector (its pods' labels) the monitor's selector matches. */
  selectingPods(namespaces: readonly string[], selector: LabelSelector): ServiceModel | null {
    this.bySelector ??= new LabelIndex(
      this.model.services.filter((s) => s.selector !== null),
      (s) => s.selector!,
    );
    for (const ns of namespaces) {
      const found = this.bySelector.selectLabelSelector(ns, selector)[0];
      if (found) return found;
    }
    return null;
  }

  /** A Service outside these namespaces whose labels the selector matches. */
  elsewhere(namespaces: readonly string[], selector: LabelSelector): ServiceModel | null {
    this.byLabels ??= new LabelIndex(this.model.services, (s) => s.labels);
    for (const ns of this.byLabels.namespaces()) {
      if (namespaces.includes(ns)) continue;
      const found = this.byLabels.selectLabelSelector(ns, selector)[0];
      if (found) return found;
    }
    return null;
  }
}

/** The `kubernetes` Service in `default` that every cluster has (the API server keeps it): its labels and port. */
const KUBERNETES_SERVICE_LABELS = { component: 'apiserver', provider: 'kubernetes' };

function selectsKubernetesService({ monitor, namespaces }: MonitorTargets): boolean {
  return (
    (namespaces === null || namespaces.includes('default')) &&
    matchesLabelSelector(monitor.selector, KUBERNETES_SERVICE_LABELS)
  );
}

function checkServiceMonitor(
  target: MonitorTargets,
  model: Model,
  analysis: Analysis,
  hints: Hints,
  report: ReportFn,
): void {
  const { monitor, services, knownNamespaces } = target;
  if (selectsKubernetesService(target)) return;
  if (services.length === 0) {
    if (knownNamespaces.length === 0) return;
    // An operator's custom resource (a Prometheus: prometheus-operated) may bring Services of its own.
    if (knownNamespaces.some((ns) => model.podIndex.inNamespace(ns).some((s) => s.category === 'operator-resource')))
      return;
    report(noServiceReport(target, hints));
    return;
  }
  // Endpoint port names come from the Endpoints of Services with a selector; others are written elsewhere.
  const managed = services.every(hasManagedEndpoints);
  for (const endpoint of monitor.endpoints) {
    const path = `${monitor.endpointsPath}[${endpoint.index}]`;
    if (endpoint.port !== null) {
      if (!managed || hasSchemaProblem(monitor, `${path}.port`)) continue;
      if (services.some((s) => s.ports.some((p) => portPatternMatches(endpoint.port!, p.name)))) continue;
      report(servicePortReport(monitor, endpoint, services));
    } else if (endpoint.targetPort !== null && endpoint.targetPort !== 0 && endpoint.targetPort !== '') {
      if (!managed || hasSchemaProblem(monitor, `${path}.targetPort`)) continue;
      const pods: PodSource[] = [
        ...new Set(
          services.flatMap((s) => {
            const entry = analysis.endpointsOf(s);
            return [...entry.workloads, ...entry.operatorResources];
          }),
        ),
      ];
      const found = targetPortReport(monitor, endpoint, pods, `the pods of ${listing(services.map(kindName))}`);
      if (found) report(found);
    }
  }
}

function checkPodMonitor(target: MonitorTargets, report: ReportFn): void {
  const { monitor, pods } = target;
  for (const endpoint of monitor.endpoints) {
    const path = `${monitor.endpointsPath}[${endpoint.index}]`;
    const pattern = endpoint.port ?? endpoint.targetPort;
    if (pattern === null || pattern === 0 || pattern === '' || hasSchemaProblem(monitor, path)) continue;
    const found = targetPortReport(monitor, endpoint, pods, 'the pods it selects');
    if (found) report(found);
  }
}

function noServiceReport({ monitor, namespaces, knownNamespaces }: MonitorTargets, index: Hints): Report {
  const selector = monitor.selector!;
  const selectorText = isEmptyLabelSelector(selector) ? 'every Service' : formatLabelSelector(selector);
  const where =
    namespaces === null
      ? 'any namespace of the input'
      : `namespace${knownNamespaces.length > 1 ? 's' : ''} ${listing(knownNamespaces)}`;
  const related: RelatedLocation[] = [];
  const hints: string[] = [];
  // The pods' labels instead of the Service's own: a Service whose spec.selector matches.
  const byPods = index.selectingPods(knownNamespaces, selector);
  if (byPods) {
    hints.push(
      `Service ${qualifiedName(byPods)} selects pods with these labels, but a ServiceMonitor selects a Service's own metadata.labels (${formatLabels(byPods.labels)})`,
    );
    related.push({ object: byPods, range: byPods.nameRange, message: `Service ${qualifiedName(byPods)}` });
  } else if (namespaces !== null) {
    const elsewhere = index.elsewhere(namespaces, selector);
    if (elsewhere) {
      hints.push(
        `Service ${qualifiedName(elsewhere)} has these labels, but namespace ${elsewhere.namespace} is not in its namespaceSelector`,
      );
      related.push({ object: elsewhere, range: elsewhere.nameRange, message: `Service ${qualifiedName(elsewhere)}` });
    }
  }
  const message = `${kindName(monitor)} selects ${selectorText}, but no Service in ${where} has these labels, so Prometheus scrapes nothing for it${hints.length ? `; ${hints.join('; ')}` : ''}`;
  return {
    object: monitor,
    fileId: monitor.fileId,
    range: monitor.selectorRange ?? monitor.nameRange,
    path: 'spec.selector',
    message,
    related,
  };
}

function servicePortReport(
  monitor: MonitorModel,
  endpoint: MonitorEndpointModel,
  services: readonly ServiceModel[],
): Report {
  const ports = services
    .map((s) => `${kindName(s)}: ${s.ports.length ? s.ports.map(describeServicePort).join(', ') : 'no ports'}`)
    .join('; ');
  const numeric =
    /^\d+$/.test(endpoint.port!) &&
    services.some((s) =>
      s.ports.some((p) => String(p.port) === endpoint.port || String(p.targetPort) === endpoint.port),
    );
  const hint = numeric
    ? '; endpoints[].port is the name of a Service port, not its number'
    : services.some((s) => s.ports.some((p) => p.name === null))
      ? '; an unnamed Service port cannot be selected by name'
      : '';
  const message = `${monitor.endpointsPath}[${endpoint.index}].port "${endpoint.port}" names no port of the Services ${kindName(monitor)} selects (${ports})${hint}; Prometheus keeps only targets whose endpoint port name matches, so this endpoint scrapes nothing`;
  const related = services.slice(0, 5).map((s): RelatedLocation => ({
    object: s,
    range: s.portsRange ?? s.nameRange,
    message: `ports of Service ${qualifiedName(s)}`,
  }));
  return {
    object: monitor,
    fileId: monitor.fileId,
    range: endpoint.portRange ?? endpoint.range,
    path: `${monitor.endpointsPath}[${endpoint.index}].port`,
    message,
    related,
  };
}

/** A port (PodMonitor) or targetPort that no container of the pods declares; null when it matches or cannot be known. */
function targetPortReport(
  monitor: MonitorModel,
  endpoint: MonitorEndpointModel,
  pods: readonly PodSource[],
  whose: string,
): Report | null {
  const field = endpoint.port !== null ? 'port' : 'targetPort';
  const wanted = endpoint.port ?? endpoint.targetPort!;
  const workloads = pods.filter((p): p is WorkloadModel => p.category === 'workload');
  // Operator-made pods have unknown ports; placeholders hide the declared ones.
  if (workloads.length === 0 || workloads.length < pods.length || workloads.some(hasPortPlaceholder)) return null;
  const matches = (container: ContainerModel) =>
    container.role !== 'init' &&
    container.ports.some((p) =>
      typeof wanted === 'number' ? p.containerPort === wanted : portPatternMatches(wanted, p.name),
    );
  if (workloads.some((w) => w.containers.some(matches))) return null;
  const declared = workloads
    .slice(0, 5)
    .map(
      (w) =>
        `${kindName(w)}: ${w.containers.flatMap((c) => (c.role === 'init' ? [] : c.ports.map(describeContainerPort))).join(', ') || 'no ports'}`,
    )
    .join('; ');
  const what = typeof wanted === 'number' ? `${wanted}` : `"${wanted}"`;
  const by = typeof wanted === 'number' ? 'number' : 'name';
  const message = `${monitor.endpointsPath}[${endpoint.index}].${field} ${what} of ${kindName(monitor)} matches no container port ${by} of ${whose} (${declared}); Prometheus keeps only targets whose container port ${by} matches, so this endpoint scrapes nothing`;
  const related = workloads
    .slice(0, 5)
    .map((w): RelatedLocation => ({ object: w, range: w.nameRange, message: kindName(w) }));
  const range = (field === 'port' ? endpoint.portRange : endpoint.targetPortRange) ?? endpoint.range;
  return {
    object: monitor,
    fileId: monitor.fileId,
    range,
    path: `${monitor.endpointsPath}[${endpoint.index}].${field}`,
    message,
    related,
  };
}

function hasPortPlaceholder(workload: WorkloadModel): boolean {
  return workload.placeholders?.some((p) => /\.ports\[\d+\]/.test(p.path)) ?? false;
}

function describeServicePort(port: ServicePortModel): string {
  return `${port.name ?? '(unnamed)'}:${port.port}/${port.protocol}`;
}

function formatLabels(labels: Record<string, string>): string {
  const text = Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  return text ? `its labels: ${text}` : 'it has none';
}
