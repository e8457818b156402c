import { defineRule, type RelatedLocation, type Report } from '../../src/rule.js';
import { counted, describeContainerPort, kindName } from '../../src/model/describe.js';
import type { ContainerModel, ProbeKind, ProbeModel, WorkloadModel } from '../../src/model/types.js';
import type { ConfigMapData } from '../../src/analysis/env.js';
import { mentionedPorts } from '../../src/analysis/listen-ports.js';
import { probedContainers, probePortPath, unresolvedProbes, type UnresolvedProbe } from '../../src/analysis/probes.js';

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    app: web
spec:
  containers:
    - name: web
      image: example/web:1.0
`;

export default defineRule({
  meta: {
    id: 'probe-port',
    severity: 'error',
    sarif: { tags: ['kubernetes', 'correctness', 'pod', 'probes', 'endpoints'] },
    description:
      'A readiness, liveness or startup probe on a named port its own container does not declare (it can never run), or on a number no container of the pod declares or names.',
    rationale: `The kubelet starts a probe worker for each probe of every container and sidecar init container
(\`restartPolicy: Always\`; \`AddPod\` in pkg/kubelet/prober/prober_manager.go). An \`httpGet\` or \`tcpSocket\` probe's
port is resolved by \`probe.ResolveContainerPort\` (pkg/probe/util.go); a **name** goes to \`findPortByName\`:

\`\`\`go
func findPortByName(container *v1.Container, portName string) (int, error) {
	for _, port := range container.Ports {
		if port.Name == portName {
			return int(port.ContainerPort), nil
		}
	}
	return 0, fmt.Errorf("port %q not found", portName)
}
\`\`\`

So a name is looked up among **that container's own ports only**, by name whatever their protocol: a port of the
same name on another container of the pod does not count. When the name is not there, \`runProbe\` returns the error,
\`prober.probe\` records a Warning event ("probe errored") and returns it, and \`doProbe\` (pkg/kubelet/prober/worker.go)
throws the result away. Each probe therefore keeps the initial value \`newWorker\` gave it (the results of
pkg/kubelet/prober/results):

\`\`\`go
// newWorker
case readiness:
	w.initialValue = results.Failure
case liveness:
	w.initialValue = results.Success
case startup:
	w.initialValue = results.Unknown

// doProbe
result, err := w.probeManager.prober.probe(ctx, w.probeType, w.pod, status, w.container, w.containerID)
if err != nil {
	// Prober error, throw away the result.
	return true
}
\`\`\`

- **readinessProbe**: \`initialValue = results.Failure\`, forever: the container is never Ready, so the pod is never
  Ready (\`GenerateContainersReadyCondition\` in pkg/kubelet/status/generate.go requires every container and every
  sidecar init container to be Ready) and kube-proxy never routes to it (**error**). The endpoint map shows these endpoints as never ready, unless
  the Service sets \`publishNotReadyAddresses: true\`.
- **startupProbe**: \`initialValue = results.Unknown\`; it never succeeds, so the container never counts as started,
  \`doProbe\` never runs its liveness and readiness probes (\`// Disable other probes until container has started.\`)
  and the pod is never Ready (**error**).
- **livenessProbe**: \`initialValue = results.Success\`, forever: the probe errors every period (a Warning event each
  time) and never restarts the container, so it checks nothing (**warning**).

A **number** is used as is (\`param.IntValue()\`), declared or not, and reaches whatever listens on the pod's IP,
whichever container that is. A number that the probed container does not declare while it declares other ports, that
no other container of the pod declares, and that no container's command, args or env names (\`--port=8081\`,
\`PORT=8081\`, the ConfigMaps of \`envFrom\`), may be a typo: **note**, check that the process listens there. Only a
note, unlike a numeric targetPort: dedicated health ports are commonly left undeclared and listened on by default
(ingress-nginx's controller probes 10254, MetalLB's 17472, both declared nowhere), so the evidence is weaker. A container that declares no ports says
nothing about where it listens, so its numeric probes are not judged; nor are probes with a \`host\` (they probe
another host), \`exec\` probes (no port) or \`grpc\` probes by name (the field is a number). Probes on init containers
that are not sidecars are rejected by the API server and never run, so they are left to it.`,
    examples: {
      valid: [
        {
          title: 'Probes on a named port of the same container, a port named in args, a gRPC port and an exec probe',
          yaml: `${POD}      args: ["--admin-port=8081"]
      ports:
        - name: http
          containerPort: 8080
        - name: grpc
          containerPort: 9090
      readinessProbe:
        httpGet:
          path: /ready
          port: http
      livenessProbe:
        tcpSocket:
          port: 8081
      startupProbe:
        grpc:
          port: 9090
    - name: cache
      image: example/cache:1.0
      readinessProbe:
        exec:
          command: ["cache-cli", "ping"]
`,
        },
      ],
      invalid: [
        {
          title: 'The readiness probe names a port the container does not declare (it is called web)',
          yaml: `${POD}      ports:
        - name: web
          containerPort: 8080
      readinessProbe:
        httpGet:
          path: /healthz
          port: http
`,
        },
      ],
    },
  },
  check({ model, analysis, report }) {
    const configMaps = analysis.configMaps;
    for (const workload of model.workloads) {
      for (const unresolved of unresolvedProbes(workload)) report(unresolvedReport(workload, unresolved));
      for (const undeclared of undeclaredNumbers(workload, configMaps)) report(undeclared);
    }
  },
});

/** What a probe whose named port cannot be resolved does, from the initial value its worker keeps. */
const UNRESOLVED_OUTCOME: Record<ProbeKind, string> = {
  readinessProbe: 'readiness stays Failure, so the pods are never Ready and no Service routes to them',
  startupProbe:
    'the startup probe never succeeds, so the container never counts as started, its liveness and readiness probes never run and the pods are never Ready',
  livenessProbe:
    'liveness stays Success, so this probe never restarts the container (and a warning event is recorded every period)',
};

/** What a probe on a port nothing listens on does: it fails. */
const FAILING_OUTCOME: Record<ProbeKind, string> = {
  readinessProbe: 'the probe fails and the pods are never Ready',
  startupProbe: 'the startup probe fails and the container is restarted before it ever starts',
  livenessProbe: 'the probe fails and the container is restarted over and over',
};

function unresolvedReport(workload: WorkloadModel, { container, probe, declaredBy }: UnresolvedProbe): Report {
  const elsewhere = declaredBy
    ? ` (container ${declaredBy.name} declares it, but a probe's port name is looked up among its own container's ports only)`
    : '';
  const message = `${subject(workload, container, probe)} uses port "${probe.port}", which container ${container.name} does not declare (${ownPorts(container)})${elsewhere}; the probe errors every period and its result is thrown away: ${UNRESOLVED_OUTCOME[probe.kind]}`;
  const related: RelatedLocation[] = [];
  const declared = declaredBy?.ports.find((p) => p.name === probe.port);
  if (declaredBy && declared)
    related.push({
      object: workload,
      range: declared.nameRange ?? declared.range,
      message: `port "${probe.port}" of container ${declaredBy.name}`,
    });
  return {
    object: workload,
    fileId: workload.fileId,
    range: probe.portRange ?? probe.range,
    path: probePortPath(container, probe),
    message,
    severity: probe.kind === 'livenessProbe' ? 'warning' : 'error',
    related,
  };
}

/**
 * Numeric probe ports that the probed container does not declare beside its other ports, that no container of the pod
 * declares and that no container names in its command, args or env (the pod's containers share one IP). Only a note:
 * dedicated health ports are often left undeclared (ingress-nginx's 10254, MetalLB's 17472).
 */
function undeclaredNumbers(workload: WorkloadModel, configMaps: ConfigMapData): Report[] {
  const containers = probedContainers(workload);
  const reports: Report[] = [];
  let mentions: ReturnType<typeof mentionedPorts> | null = null;
  for (const container of containers) {
    if (container.ports.length === 0) continue;
    for (const probe of container.probes ?? []) {
      const port = probe.port;
      if (
        probe.handler === 'exec' ||
        probe.host !== null ||
        typeof port !== 'number' ||
        !Number.isInteger(port) ||
        port < 1 ||
        port > 65535
      )
        continue;
      if (containers.some((c) => c.ports.some((p) => p.containerPort === port))) continue;
      // Looked up only when a number is undeclared, once per workload.
      mentions ??= mentionedPorts(workload, configMaps);
      if (mentions.has(port)) continue;
      reports.push({
        object: workload,
        fileId: workload.fileId,
        range: probe.portRange ?? probe.range,
        path: probePortPath(container, probe),
        message: `${subject(workload, container, probe)} probes port ${port}, which no container of the pod declares (container ${container.name} declares ${counted(container.ports.map(describeContainerPort)).join(', ')}) and no command, args or env names; check that the process listens there: if not, ${FAILING_OUTCOME[probe.kind]}`,
        severity: 'note',
      });
    }
  }
  return reports;
}

function subject(workload: WorkloadModel, container: ContainerModel, probe: ProbeModel): string {
  return `${probe.kind} of container ${container.name} in ${kindName(workload)}`;
}

function ownPorts(container: ContainerModel): string {
  return container.ports.length
    ? `its ports: ${counted(container.ports.map(describeContainerPort)).join(', ')}`
    : 'it declares no ports';
}
