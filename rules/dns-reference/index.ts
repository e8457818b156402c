import { defineRule, type RelatedLocation, type Report } from '../../src/rule.js';
import { describePortNumbers, qualifiedName } from '../../src/model/describe.js';
import { rangeInValue } from '../../src/model/text.js';
import { compareText, listing } from '../../src/strings.js';
import { effectiveTargetPort, isHeadless } from '../../src/analysis/endpoints.js';
import type { Analysis } from '../../src/analysis/analysis.js';
import { isConnectedHost, valueSites, type ValueSite } from '../../src/analysis/host-sites.js';
import {
  ClusterDns,
  lineBefore,
  scanHosts,
  serviceFqdn,
  statefulSetOrdinals,
  type DnsName,
  type DnsTarget,
  type HostReference,
} from '../../src/analysis/dns.js';
import type { ServiceModel, WorkloadModel } from '../../src/model/types.js';

export default defineRule({
  meta: {
    id: 'dns-reference',
    severity: 'warning',
    sarif: { tags: ['kubernetes', 'correctness', 'dns', 'service', 'env'], precision: 'high' },
    description:
      'An in-cluster host name in an env value, command, args or ConfigMap that names no Service, pod or port in the manifests.',
    rationale: `Pods find Services by DNS. The Kubernetes DNS specification (kubernetes/dns docs/specification.md,
schema 1.0.1) publishes, with the cluster domain \`<zone>\` (kubelet \`--cluster-domain\`, \`cluster.local\` by
default; svclint's \`--cluster-domain\`):

- \`<svc>.<ns>.svc.<zone>\` for every Service: its cluster IP, or for a headless Service (\`clusterIP: None\`) the
  ready pods' IPs; for an ExternalName Service a CNAME to \`spec.externalName\` (§2.3.1, §2.4.1, §2.5);
- \`_<port>._<proto>.<svc>.<ns>.svc.<zone>\` SRV records for every **named** port (§2.3.2, §2.4.2);
- \`<hostname>.<svc>.<ns>.svc.<zone>\` for the endpoints of a **headless** Service that carry a hostname: the
  StatefulSet pods \`<statefulset>-<ordinal>\` (ordinals from \`spec.ordinals.start\`, \`replicas\` of them) whose
  \`spec.serviceName\` is that Service and that it selects (§2.4.1).

A pod with \`dnsPolicy: ClusterFirst\` (the default) gets \`search <ns>.svc.<zone> svc.<zone> <zone>\`, then the
node's own search domains, and \`ndots:5\` in its resolv.conf (kubelet pkg/kubelet/network/dns/dns.go,
\`generateSearchesForDNSClusterFirst\`), so \`api\` means \`api.<own namespace>.svc.<zone>\`, \`api.shop\` and \`api.shop.svc\`
mean Service \`api\` in namespace \`shop\`, and a short name **never crosses namespaces**. svclint finds host names in
env \`value\`s, \`command\`, \`args\` and ConfigMap \`data\` (plain \`host:port\`, URLs such as \`http://api:8080/\`,
\`postgresql://user:pw@db.shop:5432/app\` or \`mongodb://a:27017,b:27017\`, and lines of config files such as nginx
\`server api.shop:8080;\` or an Envoy \`address: api.shop.svc.cluster.local\`), resolves each one from the pod's
namespace (a ConfigMap's from its own namespace, as the pods that mount it live there) and warns when:

- no Service of that name exists in the namespace the name resolves to;
- the port written with it is not a \`port\` of the Service: clients talk to the Service port, which kube-proxy
  forwards to the \`targetPort\`; the targetPort and the nodePort are not open on the cluster IP. For a headless
  Service the name resolves to the pod IPs, so a container port of the selected pods is right too;
- a per-pod name has an ordinal outside the StatefulSet's replicas, goes through a Service that is not headless
  (outside the specification; CoreDNS answers it anyway) or not the StatefulSet's \`serviceName\`;
- an SRV name \`_<name>._<proto>\` names no port of the Service with that name and protocol.

Precision comes first: a false warning costs more than a missed one.

- Only names in a namespace of the input are judged (\`<a>.<b>\` where \`b\` is not a namespace of the input is a
  public name such as \`api.example.com\`, or another cluster's), and a missing Service only in a namespace the input
  holds objects for, unless a custom resource there is likely to have an operator make it (Strimzi's
  \`<kafka>-kafka-bootstrap\`, prometheus-operator's \`prometheus-operated\`).
- A bare dotted name counts only when it says it is a host: a port, a URL, \`.svc\`, an SRV name, or a key, flag or
  variable such as \`host:\`, \`--db-host=\` or \`REDIS_HOST\` right before it (\`user.data\` in a JSON field is no host,
  even with a namespace called \`data\`). A single label counts only with a port of 80 or more (\`api:8080\`, not the
  image tag \`postgres:15\`), and a missing one is reported only when a Service of that name exists elsewhere or the
  input declares the pod namespace's Services.
- Objects without \`metadata.namespace\` can be applied anywhere with \`kubectl -n\`, so a Service that names no
  namespace is taken to be possibly in any namespace.
- \`localhost\`, IP addresses, \`$(VAR)\` and \`\${VAR}\` expansions, \`{{ }}\` templates, comments, file names, keys,
  PromQL label matchers, image references, nginx \`server_name\` and Grafana dashboards are not hosts.
- Only a name the pod **connects to** is judged. A Go network name before a port (\`tcp:3306\`, \`udp:514\`, \`unix:\`;
  the networks of Go's \`net.Dial\`) is a listen spec, such as the Cloud SQL proxy's
  \`-instances=<project>:<region>:<instance>=tcp:3306\` (an instance connection name and a local port to listen on).
  A TLS server name (a variable, key or flag such as \`TLS_RELAY_SERVER_NAME\`, \`*_SNI\`, \`*_SERVER_NAME\`,
  \`*_TLS_NAME\`, \`--tls-server-name\`, \`--servername\`, Envoy \`sni\`, nginx \`proxy_ssl_name\`) is the name the
  peer's certificate is checked against and sent as SNI, never looked up, so it need not resolve. An argument
  after a flag of its own (\`["--db-host", "db.data"]\`) is read as that flag's value.
- Pods with \`dnsPolicy: Default\` or \`None\`, or \`hostNetwork\` without \`ClusterFirstWithHostNet\`, do not use the
  cluster DNS and are skipped. ExternalName Services get a name check only; \`kubernetes.default\` and
  \`kube-dns.kube-system\` exist in every cluster.`,
    examples: {
      valid: [
        {
          title: 'A short name with the Service port from the same namespace, and a name in another namespace',
          yaml: `apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: shop
spec:
  selector:
    app: api
  ports:
    - name: http
      port: 80
      targetPort: 8080
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
        - name: api
          image: example/api:1.0
          ports:
            - containerPort: 8080
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
          env:
            - name: API_URL
              value: http://api:80/v1
            - name: METRICS_URL
              value: http://api.shop.svc.cluster.local:80/metrics
            - name: DOCS_URL
              value: https://api.example.com/docs
`,
        },
      ],
      invalid: [
        {
          title: 'The targetPort instead of the Service port',
          yaml: `apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: shop
spec:
  selector:
    app: api
  ports:
    - name: http
      port: 80
      targetPort: 8080
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
        - name: api
          image: example/api:1.0
          ports:
            - containerPort: 8080
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
          env:
            - name: API_URL
              value: http://api:8080/v1
`,
        },
      ],
    },
  },
  check({ model, analysis, settings, report }) {
    const dns = new ClusterDns(model, analysis, settings.clusterDomain);
    for (const site of valueSites(model)) {
      for (const reference of scanHosts(site.text.value)) {
        const finding = judge(site, reference, dns, analysis);
        if (finding) report(finding);
      }
    }
  },
});

/** The finding for one host written in a value, or null when it resolves (or is not judged). */
function judge(site: ValueSite, reference: HostReference, dns: ClusterDns, analysis: Analysis): Report | null {
  if (!isConnectedHost(site, reference)) return null;
  const host = reference.host.replace(/\.$/, '');
  const singleLabel = !host.includes('.');
  const resolution = dns.resolve(reference.host, site.namespace);
  if (!resolution || resolution.status === 'builtin') return null;
  const finding = new FindingBuilder(site, reference, host, dns);
  if (resolution.status === 'resolved') return portFinding(finding, resolution.record, reference.port, analysis);
  if (!dns.coveredNamespaces.has(resolution.target.namespace)) return null;
  if (singleLabel && !singleLabelIsJudged(site, reference, host, dns)) return null;
  return unresolvedFinding(finding, resolution.target, resolution.fqdn);
}

/**
 * A single label with a port is reported as unresolved only when nothing else could explain it: it is not the pod's
 * own hostname (in /etc/hosts), not a proxy (often a corporate host found through the node's search domains), and
 * either a Service of that name exists in another namespace or the input declares Services for the pod's namespace,
 * so that a missing one is not just a part the input leaves out.
 */
function singleLabelIsJudged(site: ValueSite, reference: HostReference, host: string, dns: ClusterDns): boolean {
  const name = host.toLowerCase();
  const workload = site.workload;
  if (workload && (name === workload.name.toLowerCase() || name.startsWith(`${workload.name.toLowerCase()}-`)))
    return false;
  if (/proxy/i.test(site.label) || /proxy/i.test(lineBefore(site.text.value, reference.start))) return false;
  // A Service of that name elsewhere shows what was meant; otherwise the namespace's Services must be in the input.
  return dns.servicesNamed(name).length > 0 || dns.hasServicesIn(site.namespace);
}

/** Builds the report for one host reference: where it is, how it is written, and what to say. */
class FindingBuilder {
  readonly written: string;
  constructor(
    readonly site: ValueSite,
    readonly reference: HostReference,
    readonly host: string,
    readonly dns: ClusterDns,
  ) {
    this.written = site.text.value.slice(reference.start, reference.portEnd);
  }

  /** At the host name, or at host:port when the port is the problem. */
  report(message: string, withPort: boolean, related: RelatedLocation[] = []): Report {
    const { site, reference } = this;
    const end = withPort ? reference.portEnd : reference.start + this.host.length;
    return {
      object: site.object,
      fileId: site.object.fileId,
      range: rangeInValue(site.text, reference.start, end),
      path: site.path,
      message: `${site.subject} names ${this.written}, ${message}`,
      related,
    };
  }

  /** The host as written with another port, for a suggestion. */
  withPort(port: number): string {
    return `${this.host}:${port}`;
  }
}

function serviceLocation(service: ServiceModel): RelatedLocation {
  return { object: service, range: service.nameRange, message: `Service ${qualifiedName(service)}` };
}

// ---------------------------------------------------------------------------------------------------------------
// Names that resolve: is the port one the name answers on?

function portFinding(finding: FindingBuilder, record: DnsName, port: number | null, analysis: Analysis): Report | null {
  if (port === null) return null;
  if (record.type === 'A') return servicePortFinding(finding, record.service, port, analysis);
  if (record.type === 'pod') return podPortFinding(finding, record.service, record.pod.workload, port, analysis);
  // ExternalName: the CNAME target decides the ports; SRV names carry their own port.
  return null;
}

function numericPorts(service: ServiceModel): number[] {
  return service.ports.map((p) => p.port).filter((p): p is number => typeof p === 'number');
}

function servicePortFinding(
  finding: FindingBuilder,
  service: ServiceModel,
  port: number,
  analysis: Analysis,
): Report | null {
  const ports = numericPorts(service);
  if (ports.length === 0 || ports.includes(port)) return null;
  const name = qualifiedName(service);
  const related = [serviceLocation(service)];
  if (isHeadless(service)) {
    const podPorts = headlessPodPorts(service, analysis);
    if (podPorts === null || podPorts.includes(port)) return null;
    const valid = [...new Set([...ports, ...podPorts])].sort((a, b) => a - b);
    return finding.report(
      `but neither headless Service ${name} nor the pods it selects have port ${port}: the name resolves to the pod IPs, where the valid ports are ${listing(valid.map(String))}`,
      true,
      related,
    );
  }
  const byTarget = service.ports.find((p) => effectiveTargetPort(p) === port);
  if (byTarget) {
    return finding.report(
      `but ${port} is the targetPort of Service ${name} port ${byTarget.port}: the cluster IP forwards only its Service ports, so use ${finding.withPort(Number(byTarget.port))}`,
      true,
      related,
    );
  }
  const byNodePort = service.ports.find((p) => p.nodePort === port);
  if (byNodePort) {
    return finding.report(
      `but ${port} is the nodePort of Service ${name} port ${byNodePort.port}, which is open on the nodes, not on the cluster IP: use ${finding.withPort(Number(byNodePort.port))}`,
      true,
      related,
    );
  }
  const numbered = service.ports.flatMap((p) =>
    typeof p.port === 'number' ? [{ port: p.port, protocol: p.protocol }] : [],
  );
  return finding.report(
    `but Service ${name} has no port ${port} (its ports: ${describePortNumbers(numbered)}); connections to it will fail`,
    true,
    related,
  );
}

/**
 * The ports a headless Service's name answers on besides its own: the targetPorts and the container ports of the
 * pods it selects. Null when they cannot be known (no selector, no workload in the input, or pods an operator makes).
 */
function headlessPodPorts(service: ServiceModel, analysis: Analysis): number[] | null {
  const endpoints = analysis.endpointsOf(service);
  if (service.selector === null || endpoints.workloads.length === 0 || endpoints.operatorResources.length > 0)
    return null;
  const ports = endpoints.ports.flatMap((p) => p.endpoints.map((e) => e.containerPort));
  for (const workload of endpoints.workloads) ports.push(...declaredPorts(workload));
  return ports;
}

function declaredPorts(workload: WorkloadModel): number[] {
  return workload.containers
    .filter((c) => c.role !== 'init')
    .flatMap((c) => c.ports.map((p) => p.containerPort))
    .filter((p): p is number => typeof p === 'number');
}

/** A pod name resolves to the pod IP: any port its containers declare (or a Service routes to) is right. */
function podPortFinding(
  finding: FindingBuilder,
  service: ServiceModel,
  workload: WorkloadModel,
  port: number,
  analysis: Analysis,
): Report | null {
  const declared = declaredPorts(workload);
  if (declared.length === 0) return null;
  const routed = analysis
    .endpointsOf(service)
    .ports.flatMap((p) => p.endpoints.filter((e) => e.workload === workload).map((e) => e.containerPort));
  const valid = [...new Set([...declared, ...routed])].sort((a, b) => a - b);
  if (valid.includes(port)) return null;
  return finding.report(
    `but the pods of StatefulSet ${qualifiedName(workload)} declare no port ${port}: the name resolves to the pod IP, where the declared ports are ${listing(valid.map(String))}`,
    true,
    [{ object: workload, range: workload.nameRange, message: `StatefulSet ${qualifiedName(workload)}` }],
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Names that do not resolve: why not?

function unresolvedFinding(finding: FindingBuilder, target: DnsTarget, fqdn: string): Report | null {
  switch (target.kind) {
    case 'service':
      return missingServiceFinding(finding, target.namespace, target.service, fqdn);
    case 'pod':
      return podNameFinding(finding, target, fqdn);
    case 'srv':
      return srvFinding(finding, target, fqdn);
  }
}

/** Whether a Service could live in `namespace` once applied: it is there, or it names no namespace (kubectl -n). */
function couldBeIn(service: ServiceModel, namespace: string): boolean {
  return service.namespaceRange === null || service.namespace?.toLowerCase() === namespace;
}

function missingServiceFinding(finding: FindingBuilder, namespace: string, name: string, fqdn: string): Report | null {
  const { dns, site } = finding;
  // An operator may make the Service from a custom resource of the namespace.
  if (dns.mayBeMadeByOperator(namespace, name)) return null;
  const sameName = dns.servicesNamed(name);
  // A client or Service without metadata.namespace can be applied anywhere with kubectl -n: no claim then.
  if (
    sameName.some((s) => couldBeIn(s, namespace)) ||
    (sameName.length > 0 && site.object.namespaceRange === null && isShort(finding))
  )
    return null;
  // By namespace, not apply order: the message (and a baseline entry matching it) must not change when files are reordered.
  const byNamespace = [...sameName].sort((a, b) => compareText(a.namespace ?? '', b.namespace ?? ''));
  const elsewhere = byNamespace.map((s) => s.namespace ?? '');

  let hint = '';
  if (elsewhere.length && isShort(finding)) {
    hint = `; Service ${name} is in namespace ${listing(elsewhere)}, but a short name only reaches the pod's own namespace: write ${name}.${elsewhere[0]}${finding.reference.port ? `:${finding.reference.port}` : ''}`;
  } else if (elsewhere.length) {
    hint = ` (there is one in namespace ${listing(elsewhere)})`;
  }
  return finding.report(
    `but there is no Service ${name} in namespace ${namespace}, so ${fqdn} does not exist${hint}`,
    false,
    byNamespace.map(serviceLocation),
  );
}

/** Written without a namespace: `api`, `web-0.web`, `_http._tcp.api`. */
function isShort(finding: FindingBuilder): boolean {
  const labels = finding.host.toLowerCase().split('.');
  return !labels.includes('svc') && labels.filter((l) => !l.startsWith('_')).length <= 1;
}

/** `<hostname>.<svc>.<ns>.svc.<zone>` that no StatefulSet pod answers: which of its conditions fails. */
function podNameFinding(
  finding: FindingBuilder,
  target: Extract<DnsTarget, { kind: 'pod' }>,
  fqdn: string,
): Report | null {
  const { dns } = finding;
  const service = dns.service(target.namespace, target.service);
  if (!service)
    return missingServiceFinding(
      finding,
      target.namespace,
      target.service,
      serviceFqdn(target.namespace, target.service, dns.clusterDomain),
    );
  if (service.type === 'ExternalName') return null;
  const pod = statefulSetPodNamed(dns, target.namespace, target.hostname);
  // Other pods get names only from spec.hostname and spec.subdomain, which svclint does not see.
  if (!pod) return null;
  const { workload, ordinal } = pod;
  const sts = `StatefulSet ${qualifiedName(workload)}`;
  const related = [serviceLocation(service), { object: workload, range: workload.nameRange, message: sts }];
  const governing = workload.serviceName?.value;
  if (governing !== service.name) {
    const under = governing ? `spec.serviceName ${governing}` : 'no spec.serviceName';
    return finding.report(
      `but ${sts} has ${under}, so its pods get no names under Service ${qualifiedName(service)}`,
      false,
      related,
    );
  }
  if (!isHeadless(service)) {
    return finding.report(
      `but Service ${qualifiedName(service)} is not headless (no clusterIP: None): the DNS specification publishes per-pod names such as ${fqdn} only for headless Services (CoreDNS answers them anyway, other DNS servers do not)`,
      false,
      related,
    );
  }
  const { first, count } = statefulSetOrdinals(workload);
  if (ordinal < first || ordinal >= first + count) {
    const pods =
      count === 0
        ? 'no pods'
        : count === 1
          ? `one pod, ${workload.name}-${first}`
          : `pods ${workload.name}-${first} to ${workload.name}-${first + count - 1}`;
    return finding.report(
      `but ${sts} has ${count} ${count === 1 ? 'replica' : 'replicas'} (${pods}), so the name does not resolve`,
      false,
      related,
    );
  }
  return finding.report(
    `but Service ${qualifiedName(service)} does not select the pods of ${sts}, so they are not its endpoints and get no names under it`,
    false,
    related,
  );
}

/** `<sts>-<ordinal>` of a StatefulSet in the namespace. */
function statefulSetPodNamed(
  dns: ClusterDns,
  namespace: string,
  hostname: string,
): { workload: WorkloadModel; ordinal: number } | null {
  const match = /^(.+)-(\d+)$/.exec(hostname);
  if (!match) return null;
  const workload = dns.statefulSet(namespace, match[1]!);
  // db-01 is no pod of db (hostnames are <name>-<ordinal>): count it as out of range.
  const ordinal = String(Number(match[2])) === match[2] ? Number(match[2]) : -1;
  return workload ? { workload, ordinal } : null;
}

function srvFinding(finding: FindingBuilder, target: Extract<DnsTarget, { kind: 'srv' }>, fqdn: string): Report | null {
  const { dns } = finding;
  const service = dns.service(target.namespace, target.service);
  if (!service)
    return missingServiceFinding(
      finding,
      target.namespace,
      target.service,
      serviceFqdn(target.namespace, target.service, dns.clusterDomain),
    );
  if (service.type === 'ExternalName') return null;
  const named = service.ports.filter((p) => p.name).map((p) => `${p.name}/${p.protocol}`);
  const has = named.length
    ? `its named ports: ${listing(named)}`
    : 'none of its ports is named, and unnamed ports get no SRV records';
  return finding.report(
    `but Service ${qualifiedName(service)} has no port named ${target.portName} with protocol ${target.protocol.toUpperCase()} (${has}), so ${fqdn} has no SRV records`,
    false,
    [serviceLocation(service)],
  );
}
