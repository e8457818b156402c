import { defineRule, type Report } from '../../src/rule.js';
import { kindName, qualifiedName } from '../../src/model/describe.js';
import { isBuiltinGroup } from '../../src/model/kinds.js';
import { isValidPortName } from '../../src/model/names.js';
import type {
  ContainerModel,
  ContainerPortModel,
  ServiceModel,
  ServicePortModel,
  WorkloadModel,
} from '../../src/model/types.js';
import { NODE_PORT_TYPES, inNodePortRange, nodePortNumber } from '../node-port-range/index.js';
import type { NodePortRange } from '../../src/settings.js';

export default defineRule({
  meta: {
    id: 'duplicate-port',
    severity: 'error',
    sarif: { tags: ['kubernetes', 'correctness', 'service', 'ports'] },
    description:
      'A Service or container port, port name, nodePort or hostPort declared twice where Kubernetes rejects or warns about it.',
    rationale: `**Services** (\`ValidateService\`, pkg/apis/core/validation): each \`(port, protocol)\` pair and each port
\`name\` must be unique ("Duplicate value"); \`53/TCP\` next to \`53/UDP\` is fine. Each \`(nodePort, protocol)\` pair
must be unique too, and the nodePort allocator (\`initNodePorts\`, pkg/registry/core/service/storage/alloc.go) lets
ports share a nodePort only when they have the same \`port\` number, so one nodePort may serve \`53/TCP\` and
\`53/UDP\`, but \`80/TCP\` and \`443/UDP\` on one nodePort fail with "provided port is already allocated": **error**.

**Pod templates** (\`validateContainerPorts\`, \`validateContainers\`, \`validateInitContainers\`): a container
port \`name\` must be unique within its container (only valid IANA_SVC_NAME names count; other containers may reuse
it): **error**. \`AccumulateUniqueHostPorts\` rejects a \`hostPort\` repeated with the same protocol and
\`hostIP\` among the regular containers, or within one init container (init containers are checked one by one):
**error**. The same \`containerPort\`/\`protocol\` declared twice anywhere in the pod (init and sidecar containers
included) is only a warning of the API server (\`warningsForPodSpecAndMeta\`, pkg/api/pod/warnings.go: "duplicate
port definition", or "overlapping port definition" when only one of them has a hostPort): **warning**.

Each duplicate is reported at the later declaration (for containers: in the API server's order, init containers
first), with a related location at the first.`,
    examples: {
      valid: [
        {
          title: 'DNS over TCP and UDP on one port number and one nodePort',
          yaml: `apiVersion: v1
kind: Service
metadata:
  name: dns
spec:
  type: NodePort
  selector:
    app: dns
  ports:
    - name: dns-tcp
      port: 53
      protocol: TCP
      nodePort: 30053
    - name: dns-udp
      port: 53
      protocol: UDP
      nodePort: 30053
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: dns
spec:
  selector:
    matchLabels:
      app: dns
  template:
    metadata:
      labels:
        app: dns
    spec:
      containers:
        - name: dns
          image: example/dns:1.0
          ports:
            - name: dns-tcp
              containerPort: 53
              protocol: TCP
            - name: dns-udp
              containerPort: 53
              protocol: UDP
`,
        },
      ],
      invalid: [
        {
          title: 'Two Service ports named http',
          yaml: `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - name: http
      port: 80
      targetPort: 8080
    - name: http
      port: 443
      targetPort: 8443
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
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
            - containerPort: 8080
            - containerPort: 8443
`,
        },
      ],
    },
  },
  check({ model, settings, report }) {
    for (const service of model.services) {
      for (const finding of serviceFindings(service, settings.nodePortRange)) report(finding);
    }
    for (const workload of model.workloads) {
      for (const finding of podFindings(workload)) report(finding);
    }
  },
});

// ---- Services ----

function integer(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) ? value : null;
}

function serviceFindings(service: ServiceModel, range: NodePortRange): Report[] {
  const duplicatePorts = duplicateServicePorts(service);
  return [
    ...duplicatePorts.findings,
    ...duplicateServicePortNames(service),
    ...duplicateNodePorts(service, duplicatePorts.ports, range),
  ];
}

function servicePortReport(
  service: ServiceModel,
  port: ServicePortModel,
  field: 'port' | 'name' | 'nodePort',
  first: ServicePortModel,
  message: string,
): Report {
  const firstRange = field === 'port' ? first.portRange : field === 'name' ? first.nameRange : first.nodePortRange;
  const range = field === 'port' ? port.portRange : field === 'name' ? port.nameRange : port.nodePortRange;
  return {
    object: service,
    fileId: service.fileId,
    range: range ?? port.range,
    path: `spec.ports[${port.index}].${field}`,
    message,
    related: [
      { object: service, range: firstRange ?? first.range, message: `first declared at spec.ports[${first.index}]` },
    ],
  };
}

/** (port, protocol) pairs must be unique; also returns the ports reported, so their nodePorts are not reported again. */
function duplicateServicePorts(service: ServiceModel): { findings: Report[]; ports: Set<ServicePortModel> } {
  const first = new Map<string, ServicePortModel>();
  const findings: Report[] = [];
  const ports = new Set<ServicePortModel>();
  for (const port of service.ports) {
    const number = integer(port.port);
    if (number === null) continue;
    const key = `${number}/${port.protocol}`;
    const earlier = first.get(key);
    if (!earlier) {
      first.set(key, port);
      continue;
    }
    ports.add(port);
    findings.push(
      servicePortReport(
        service,
        port,
        'port',
        earlier,
        `Service ${qualifiedName(service)} declares port ${key} twice (spec.ports[${earlier.index}] and spec.ports[${port.index}]); the API server rejects the Service: duplicate port`,
      ),
    );
  }
  return { findings, ports };
}

function duplicateServicePortNames(service: ServiceModel): Report[] {
  const first = new Map<string, ServicePortModel>();
  const findings: Report[] = [];
  for (const port of service.ports) {
    if (port.name === null) continue;
    const earlier = first.get(port.name);
    if (!earlier) {
      first.set(port.name, port);
      continue;
    }
    findings.push(
      servicePortReport(
        service,
        port,
        'name',
        earlier,
        `Service ${qualifiedName(service)} has two ports named "${port.name}" (spec.ports[${earlier.index}] and spec.ports[${port.index}]); the API server rejects the Service: duplicate port name`,
      ),
    );
  }
  return findings;
}

/**
 * Validation rejects a repeated (nodePort, protocol); for NodePort and LoadBalancer Services the allocator also
 * rejects a nodePort shared by different port numbers (it reuses a nodePort only for the same port number).
 */
function duplicateNodePorts(
  service: ServiceModel,
  duplicatePorts: ReadonlySet<ServicePortModel>,
  range: NodePortRange,
): Report[] {
  const earlierByNodePort = new Map<number, ServicePortModel[]>();
  const findings: Report[] = [];
  for (const port of service.ports) {
    const nodePort = nodePortNumber(port.nodePort);
    if (nodePort === null || nodePort === 0) continue;
    const earlier = earlierByNodePort.get(nodePort) ?? [];
    if (!duplicatePorts.has(port)) {
      const finding = nodePortClash(service, port, nodePort, earlier, range);
      if (finding) findings.push(finding);
    }
    earlier.push(port);
    earlierByNodePort.set(nodePort, earlier);
  }
  return findings;
}

function nodePortClash(
  service: ServiceModel,
  port: ServicePortModel,
  nodePort: number,
  earlier: readonly ServicePortModel[],
  range: NodePortRange,
): Report | null {
  const name = qualifiedName(service);
  const sameProtocol = earlier.find((e) => e.protocol === port.protocol);
  if (sameProtocol) {
    return servicePortReport(
      service,
      port,
      'nodePort',
      sameProtocol,
      `Service ${name} uses nodePort ${nodePort}/${port.protocol} for two ports (spec.ports[${sameProtocol.index}] and spec.ports[${port.index}]); the API server rejects the Service: duplicate nodePort`,
    );
  }
  // Out-of-range ports never reach the allocator (node-port-range reports them).
  const allocated = NODE_PORT_TYPES.has(service.type) && inNodePortRange(nodePort, range);
  const number = integer(port.port);
  const otherNumber =
    allocated && number !== null ? earlier.find((e) => integer(e.port) !== null && e.port !== number) : undefined;
  if (!otherNumber) return null;
  return servicePortReport(
    service,
    port,
    'nodePort',
    otherNumber,
    `Service ${name} uses nodePort ${nodePort} for port ${otherNumber.port} and port ${number}; ports may share a nodePort only when they have the same port number, so creating the Service fails: provided port is already allocated`,
  );
}

// ---- Pod templates ----

interface DeclaredPort {
  container: ContainerModel;
  port: ContainerPortModel;
  /** Index in the container's ports list. */
  index: number;
}

function podFindings(workload: WorkloadModel): Report[] {
  // The API server visits init containers (sidecars included) first, then the regular containers.
  const containers = [
    ...workload.containers.filter((c) => c.role !== 'container'),
    ...workload.containers.filter((c) => c.role === 'container'),
  ];
  const hostPortFindings = duplicateHostPorts(workload, containers);
  const reportedPorts = new Set(hostPortFindings.map((f) => f.port));
  return [
    ...containers.flatMap((c) => duplicateContainerPortNames(workload, c)),
    ...hostPortFindings.map((f) => f.report),
    ...duplicateContainerPorts(workload, containers, reportedPorts),
  ];
}

function declaredPorts(container: ContainerModel): DeclaredPort[] {
  return container.ports.map((port) => ({ container, port, index: port.index }));
}

function containerPortReport(
  workload: WorkloadModel,
  declared: DeclaredPort,
  field: 'name' | 'hostPort' | 'containerPort',
  first: DeclaredPort,
  firstMessage: string,
  message: string,
  severity?: Report['severity'],
): Report {
  const rangeOf = (d: DeclaredPort) =>
    (field === 'name' ? d.port.nameRange : field === 'hostPort' ? d.port.hostPortRange : d.port.containerPortRange) ??
    d.port.range;
  return {
    object: workload,
    fileId: workload.fileId,
    range: rangeOf(declared),
    path: `${declared.container.path}.ports[${declared.index}].${field}`,
    message,
    ...(severity ? { severity } : {}),
    related: [{ object: workload, range: rangeOf(first), message: firstMessage }],
  };
}

function describeContainer(container: ContainerModel): string {
  const role =
    container.role === 'container'
      ? 'container'
      : container.role === 'sidecar'
        ? 'sidecar container'
        : 'init container';
  return `${role} ${container.name}`;
}

function rejection(workload: WorkloadModel): string {
  if (!isBuiltinGroup(workload.apiVersion)) return 'the API server rejects the pods its controller creates';
  return `the API server rejects ${workload.kind === 'Pod' ? 'the Pod' : 'its pod template'}`;
}

/** Port names are unique per container only; invalid names are port-name's business and are not counted. */
function duplicateContainerPortNames(workload: WorkloadModel, container: ContainerModel): Report[] {
  const first = new Map<string, DeclaredPort>();
  const findings: Report[] = [];
  for (const declared of declaredPorts(container)) {
    const name = declared.port.name;
    if (name === null || !isValidPortName(name)) continue;
    const earlier = first.get(name);
    if (!earlier) {
      first.set(name, declared);
      continue;
    }
    findings.push(
      containerPortReport(
        workload,
        declared,
        'name',
        earlier,
        `first port named "${name}"`,
        `${kindName(workload)} ${describeContainer(container)} has two ports named "${name}"; ${rejection(workload)}: duplicate port name`,
      ),
    );
  }
  return findings;
}

/** "" when unset, as AccumulateUniqueHostPorts keys it. */
function hostIPOf(port: ContainerPortModel): string {
  return port.hostIP ?? '';
}

/** 0 when unset; null when written as something that is not an integer (the schema's business). */
function hostPortOf(port: ContainerPortModel): number | null {
  return port.hostPort === null ? 0 : integer(port.hostPort);
}

/** AccumulateUniqueHostPorts, keyed by protocol/hostIP/hostPort: the regular containers together, each init container alone. */
function duplicateHostPorts(
  workload: WorkloadModel,
  containers: readonly ContainerModel[],
): { port: ContainerPortModel; report: Report }[] {
  const groups = [
    ...containers.filter((c) => c.role !== 'container').map((c) => [c]),
    containers.filter((c) => c.role === 'container'),
  ];
  const findings: { port: ContainerPortModel; report: Report }[] = [];
  for (const group of groups) {
    const first = new Map<string, DeclaredPort>();
    for (const declared of group.flatMap(declaredPorts)) {
      const hostPort = hostPortOf(declared.port);
      if (!hostPort) continue;
      const hostIP = hostIPOf(declared.port);
      const key = `${hostPort}/${declared.port.protocol}${hostIP ? ` on ${hostIP}` : ''}`;
      const earlier = first.get(key);
      if (!earlier) {
        first.set(key, declared);
        continue;
      }
      const by = earlier.container === declared.container ? 'the same container' : describeContainer(earlier.container);
      const message = `${kindName(workload)} ${describeContainer(declared.container)} maps hostPort ${key}, which ${by} already maps; ${rejection(workload)}: duplicate hostPort`;
      const report = containerPortReport(
        workload,
        declared,
        'hostPort',
        earlier,
        `hostPort ${key} of ${describeContainer(earlier.container)}`,
        message,
      );
      findings.push({ port: declared.port, report });
    }
  }
  return findings;
}

type Overlap = 'duplicate' | 'overlapping' | 'dangerously ambiguous';

/** How warningsForPodSpecAndMeta judges two declarations of one containerPort/protocol; null when it does not warn. */
function overlap(later: ContainerPortModel, earlier: ContainerPortModel): Overlap | null {
  const [laterHostPort, earlierHostPort] = [hostPortOf(later)!, hostPortOf(earlier)!];
  const [laterIP, earlierIP] = [hostIPOf(later), hostIPOf(earlier)];
  if (laterHostPort === earlierHostPort && laterIP === earlierIP) return 'duplicate';
  if (laterHostPort === 0 || earlierHostPort === 0) return 'overlapping';
  if (laterHostPort === earlierHostPort && (laterIP === '') !== (earlierIP === '')) return 'dangerously ambiguous';
  return null;
}

/** The same containerPort/protocol twice anywhere in the pod: the API server only warns. */
function duplicateContainerPorts(
  workload: WorkloadModel,
  containers: readonly ContainerModel[],
  alreadyReported: ReadonlySet<ContainerPortModel>,
): Report[] {
  const earlierByKey = new Map<string, DeclaredPort[]>();
  const findings: Report[] = [];
  for (const declared of containers.flatMap(declaredPorts)) {
    const containerPort = integer(declared.port.containerPort);
    if (!containerPort || hostPortOf(declared.port) === null) continue;
    const key = `${containerPort}/${declared.port.protocol}`;
    const earlier = earlierByKey.get(key) ?? [];
    if (!alreadyReported.has(declared.port)) {
      const finding = containerPortWarning(workload, declared, key, earlier);
      if (finding) findings.push(finding);
    }
    earlier.push(declared);
    earlierByKey.set(key, earlier);
  }
  return findings;
}

function containerPortWarning(
  workload: WorkloadModel,
  declared: DeclaredPort,
  key: string,
  earlier: readonly DeclaredPort[],
): Report | null {
  for (const other of earlier) {
    const kind = overlap(declared.port, other.port);
    if (!kind) continue;
    const by = other.container === declared.container ? 'the same container' : describeContainer(other.container);
    const detail =
      kind === 'overlapping'
        ? ' (only one of them with a hostPort)'
        : kind === 'dangerously ambiguous'
          ? ' (same hostPort, only one with a hostIP)'
          : '';
    const message = `${kindName(workload)} ${describeContainer(declared.container)} declares containerPort ${key}, which ${by} already declares${detail}; the API server warns: ${kind} port definition`;
    return containerPortReport(
      workload,
      declared,
      'containerPort',
      other,
      `containerPort ${key} of ${describeContainer(other.container)}`,
      message,
      'warning',
    );
  }
  return null;
}
