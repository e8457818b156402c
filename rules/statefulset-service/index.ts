import { defineRule, at, type RelatedLocation, type Report } from '../../src/rule.js';
import { qualifiedName } from '../../src/model/describe.js';
import { formatMapSelector } from '../../src/model/selector.js';
import { selectedReplicas } from '../../src/model/pod-labels.js';
import type { Analysis } from '../../src/analysis/analysis.js';
import { isHeadless } from '../../src/analysis/endpoints.js';
import type { Model } from '../../src/model/build.js';
import type { Located, ServiceModel, WorkloadModel } from '../../src/model/types.js';

export default defineRule({
  meta: {
    id: 'statefulset-service',
    severity: 'warning',
    sarif: { tags: ['kubernetes', 'correctness', 'statefulset', 'service', 'dns'], precision: 'high' },
    description: 'A StatefulSet whose serviceName does not name a headless Service that selects its pods.',
    rationale: `The StatefulSet controller gives every pod \`spec.hostname: <statefulset>-<ordinal>\` and
\`spec.subdomain: <spec.serviceName>\` (\`initIdentity\` in pkg/controller/statefulset/stateful_set_utils.go).
The endpoint controllers copy the hostname into the Service's endpoints only when the pod is an endpoint of
that Service and \`pod.Spec.Subdomain == svc.Name\` in the same namespace (\`ShouldSetHostname\` in
pkg/controller/util/endpoint), and the Kubernetes DNS specification (kubernetes/dns docs/specification.md,
§2.4) publishes \`<hostname>.<service>.<ns>.svc.<zone>\` records, e.g. \`web-0.nginx.shop.svc.cluster.local\`,
for **headless** Services (\`clusterIP: None\`). So the per-pod DNS names exist only when \`serviceName\` names a
Service that

- exists in the StatefulSet's **own namespace** (\`serviceName\` has no namespace part),
- is headless: on a ClusterIP Service the Service name resolves to the cluster IP, not to the pods, and the
  per-pod names are outside the DNS specification (CoreDNS answers them anyway, other DNS servers do not);
  an ExternalName Service is a CNAME and has no endpoints at all,
- and selects the StatefulSet's pod template labels; otherwise the pods are not its endpoints.

Each of these is reported as a **warning**: the API server accepts the StatefulSet and the pods run, but peers
that address each other as \`web-0.nginx\` cannot resolve those names.

**A missing \`serviceName\`** is not reported by itself. The field was never checked by
\`ValidateStatefulSetSpec\`, and Kubernetes 1.33 marked it \`+optional\` (kubernetes/kubernetes#130233, which
also validates a non-empty value as a DNS-1123 label, since it becomes \`pod.spec.subdomain\`): a StatefulSet
used only for stable storage or ordered rollout needs no Service. svclint does warn when \`serviceName\` is
missing or empty although a headless Service in the namespace selects the StatefulSet's pods: that Service
was evidently meant to govern the set, and without the subdomain its pods get no DNS names of their own.`,
    examples: {
      valid: [
        {
          title: 'A headless Service that selects the StatefulSet pods',
          yaml: `apiVersion: v1
kind: Service
metadata:
  name: nginx
spec:
  clusterIP: None
  selector:
    app: nginx
  ports:
    - name: web
      port: 80
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: nginx
  replicas: 3
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
        - name: nginx
          image: registry.k8s.io/nginx-slim:0.24
          ports:
            - name: web
              containerPort: 80
`,
        },
      ],
      invalid: [
        {
          title: 'serviceName names a ClusterIP Service, not a headless one',
          yaml: `apiVersion: v1
kind: Service
metadata:
  name: nginx
spec:
  selector:
    app: nginx
  ports:
    - name: web
      port: 80
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: nginx
  replicas: 3
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
        - name: nginx
          image: registry.k8s.io/nginx-slim:0.24
          ports:
            - name: web
              containerPort: 80
`,
        },
      ],
    },
  },
  check({ model, analysis, report }) {
    const governingCandidates = headlessServicesByWorkload(analysis);
    const namespacesByServiceName = serviceNamespaces(model);
    for (const workload of model.workloads) {
      if (workload.kind !== 'StatefulSet') continue;
      const finding = workload.serviceName?.value
        ? serviceNameFinding(workload, workload.serviceName, analysis, namespacesByServiceName)
        : missingServiceNameFinding(workload, governingCandidates.get(workload) ?? []);
      if (finding) report(finding);
    }
  },
});

/** A Service is headless when clusterIP (or, when that is unset, clusterIPs[0]) is "None". */

/** For each workload, the headless Services whose selector selects its pods (from the endpoint prediction, one pass). */
function headlessServicesByWorkload(analysis: Analysis): Map<WorkloadModel, ServiceModel[]> {
  const byWorkload = new Map<WorkloadModel, ServiceModel[]>();
  for (const { service, workloads } of analysis.endpoints) {
    if (!isHeadless(service)) continue;
    for (const workload of workloads) {
      const services = byWorkload.get(workload);
      if (services) services.push(service);
      else byWorkload.set(workload, [service]);
    }
  }
  return byWorkload;
}

/** The namespaces each Service name occurs in, to hint at a Service that sits in another namespace. */
function serviceNamespaces(model: Model): Map<string, Set<string>> {
  const byName = new Map<string, Set<string>>();
  for (const service of model.services) {
    const namespaces = byName.get(service.name) ?? new Set<string>();
    namespaces.add(service.namespace ?? '');
    byName.set(service.name, namespaces);
  }
  return byName;
}

/** "web-0.nginx.shop.svc.cluster.local" (ordinals start at 0 unless spec.ordinals.start says otherwise). */
function podDnsName(workload: WorkloadModel, serviceName: string): string {
  return `${workload.name}-0.${serviceName}.${workload.namespace}.svc.cluster.local`;
}

function serviceNameFinding(
  workload: WorkloadModel,
  serviceName: Located<string>,
  analysis: Analysis,
  namespacesByServiceName: Map<string, Set<string>>,
): Report | null {
  const name = serviceName.value;
  const subject = `StatefulSet ${qualifiedName(workload)} spec.serviceName "${name}"`;
  const noPodNames = `so pod DNS names such as ${podDnsName(workload, name)} will not exist`;
  const related: RelatedLocation[] = [];
  const atServiceName = (message: string): Report => ({
    ...at(workload, serviceName.range, 'spec.serviceName', message),
    related,
  });

  const service = analysis.findService(workload.namespace ?? '', name);
  if (!service) {
    // Sorted, not in apply order: the message (and a baseline entry matching it) must not change when files are reordered.
    const elsewhere = [...(namespacesByServiceName.get(name) ?? [])].filter((ns) => ns !== workload.namespace).sort();
    const hint = elsewhere.length
      ? ` (there is one in namespace ${elsewhere.join(', ')}, but serviceName always refers to the StatefulSet's own namespace)`
      : '';
    return atServiceName(`${subject} names no Service in namespace ${workload.namespace}${hint}, ${noPodNames}`);
  }

  related.push({ object: service, range: service.nameRange, message: `Service ${qualifiedName(service)}` });
  const named = `${subject} names Service ${qualifiedName(service)}`;
  if (service.type === 'ExternalName') {
    return atServiceName(
      `${named}, an ExternalName Service (a DNS alias without endpoints), not a headless Service, ${noPodNames}`,
    );
  }
  if (selectedReplicas(service.selector, workload) === null) {
    if (workload.podLabelsRange)
      related.push({
        object: workload,
        range: workload.podLabelsRange,
        message: `pod labels of StatefulSet ${qualifiedName(workload)}`,
      });
    const why = service.selector
      ? `its selector ${formatMapSelector(service.selector)} does not match the pod template labels`
      : 'it has no selector';
    const notHeadless = isHeadless(service) ? '' : 'is not headless (no clusterIP: None) and ';
    return atServiceName(
      `${named}, which ${notHeadless}does not select the StatefulSet's pods (${why}); the pods are not its endpoints, ${noPodNames}`,
    );
  }
  if (!isHeadless(service)) {
    // The endpoints do carry the pod hostnames (ShouldSetHostname does not look at clusterIP); only DNS differs.
    return atServiceName(
      `${named}, which is not headless (no clusterIP: None): ${service.name}.${service.namespace}.svc.cluster.local resolves to the cluster IP rather than the pods, and pod DNS names such as ${podDnsName(workload, name)} are published only for headless Services (CoreDNS answers them anyway, other DNS servers do not)`,
    );
  }
  return null;
}

function missingServiceNameFinding(workload: WorkloadModel, headlessSelecting: readonly ServiceModel[]): Report | null {
  const candidate = headlessSelecting[0];
  if (!candidate) return null;
  const empty = workload.serviceName !== null;
  const [range, path] = empty
    ? [workload.serviceName!.range, 'spec.serviceName']
    : [workload.nameRange, 'metadata.name'];
  const message =
    `StatefulSet ${qualifiedName(workload)} has ${empty ? 'an empty' : 'no'} spec.serviceName, but headless Service ${qualifiedName(candidate)} selects its pods: ` +
    `without serviceName the pods get no subdomain, so DNS names such as ${podDnsName(workload, candidate.name)} will not exist; set serviceName: ${candidate.name} if they should`;
  return {
    ...at(workload, range, path, message),
    related: [{ object: candidate, range: candidate.nameRange, message: `Service ${qualifiedName(candidate)}` }],
  };
}
