import { defineRule, at, hasSchemaProblem, type Report } from '../../src/rule.js';
import { qualifiedName } from '../../src/model/describe.js';
import { dns1123LabelProblem, portNameProblem } from '../../src/model/names.js';
import type {
  ContainerModel,
  ContainerPortModel,
  ServiceModel,
  ServicePortModel,
  WorkloadModel,
} from '../../src/model/types.js';

export default defineRule({
  meta: {
    id: 'port-name',
    severity: 'error',
    sarif: { tags: ['kubernetes', 'correctness', 'service', 'ports', 'naming'] },
    description: 'A Service or container port name, or a string targetPort, that the API server rejects.',
    rationale: `Port names follow two different rules in \`pkg/apis/core/validation\`:

- **Service port \`name\`** (\`validateServicePort\`): \`ValidateDNS1123Label\`, so lowercase alphanumerics and
  \`-\`, starting and ending with an alphanumeric, **up to 63 characters** (\`prometheus-metrics\` is fine). It is
  required when the Service has more than one port (\`requireName = len(service.Spec.Ports) > 1\`, "Required
  value").
- **Container port \`name\`** (\`validateContainerPorts\`) and a **string \`targetPort\`** (\`ValidatePortNumOrName\`):
  \`IsValidPortName\`, the IANA_SVC_NAME of RFC 6335: **at most 15 characters**, lowercase alphanumerics and
  \`-\`, at least one letter, no leading, trailing or double \`-\`. So \`metrics-exporter\` (16 characters) is
  fine as a Service port name but not as a container port name.

\`targetPort\` is an IntOrString: \`targetPort: "8080"\` (quoted) is the **string** "8080", a port name, and is
rejected because it "must contain at least one letter". Write the number unquoted. An empty \`targetPort\` is
defaulted to \`port\` and is fine.

The API server rejects the whole object, so none of its ports work. Names of init and sidecar containers are
checked too.`,
    examples: {
      valid: [
        {
          title: 'A long Service port name, a numeric targetPort and a named one within 15 characters',
          yaml: `apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector:
    app: api
  ports:
    - name: http
      port: 80
      targetPort: 8080
    - name: prometheus-metrics
      port: 9100
      targetPort: http-metrics
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
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
          image: example/api:1.4
          ports:
            - containerPort: 8080
            - name: http-metrics
              containerPort: 9100
`,
        },
      ],
      invalid: [
        {
          title: 'A quoted targetPort is a port name, and a port name needs a letter',
          yaml: `apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector:
    app: api
  ports:
    - port: 80
      targetPort: "8080"
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
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
          image: example/api:1.4
          ports:
            - containerPort: 8080
`,
        },
      ],
    },
  },
  check({ model, report }) {
    for (const service of model.services) {
      for (const port of service.ports) servicePortFindings(service, port).forEach(report);
    }
    for (const workload of model.workloads) {
      for (const container of workload.containers) containerPortFindings(workload, container).forEach(report);
    }
  },
});

function servicePortFindings(service: ServiceModel, port: ServicePortModel): Report[] {
  const findings: Report[] = [];
  const subject = `Service ${qualifiedName(service)} ${describePort(port)}`;
  const namePath = `spec.ports[${port.index}].name`;
  if (port.name === null) {
    // A name of the wrong type is the schema's business; an empty or missing one is "Required".
    if (service.ports.length > 1 && !hasSchemaProblem(service, namePath)) {
      findings.push(
        at(
          service,
          port.nameRange ?? port.portRange ?? port.range,
          namePath,
          `${subject} has no name, but every port of a Service with more than one port must be named; the API server rejects it`,
        ),
      );
    }
  } else {
    const problem = dns1123LabelProblem(port.name);
    if (problem && port.nameRange) {
      findings.push(
        at(
          service,
          port.nameRange,
          namePath,
          `${subject} name "${port.name}" is not a valid DNS-1123 label: ${problem}; the API server rejects it`,
        ),
      );
    }
  }
  const targetPortFinding = stringTargetPortFinding(service, port, subject);
  if (targetPortFinding) findings.push(targetPortFinding);
  return findings;
}

/** A string targetPort must be an IANA_SVC_NAME; "" is defaulted to port. */
function stringTargetPortFinding(service: ServiceModel, port: ServicePortModel, subject: string): Report | null {
  const target = port.targetPort;
  if (typeof target !== 'string' || target === '' || !port.targetPortRange) return null;
  const problem = portNameProblem(target);
  if (!problem) return null;
  const path = `spec.ports[${port.index}].targetPort`;
  const base = `${subject} targetPort "${target}" is not a valid port name (IANA_SVC_NAME): ${problem}`;
  const number = /^\d+$/.test(target) ? Number(target) : null;
  const hint =
    number !== null && number >= 1 && number <= 65535
      ? `; the quotes make it a port name, not a number: write targetPort: ${number} unquoted`
      : '';
  return at(service, port.targetPortRange, path, `${base}${hint}; the API server rejects it`);
}

function containerPortFindings(workload: WorkloadModel, container: ContainerModel): Report[] {
  const findings: Report[] = [];
  container.ports.forEach((port, j) => {
    const problem = port.name === null ? null : portNameProblem(port.name);
    if (!problem || !port.nameRange) return;
    findings.push(
      at(
        workload,
        port.nameRange,
        `${container.path}.ports[${j}].name`,
        `${workload.kind} ${qualifiedName(workload)} container ${container.name} ${describeContainerPort(port)} name "${port.name}" is not a valid port name (IANA_SVC_NAME): ${problem}; the API server rejects it`,
      ),
    );
  });
  return findings;
}

function describePort(port: ServicePortModel): string {
  return typeof port.port === 'number' ? `port ${port.port}` : `spec.ports[${port.index}]`;
}

function describeContainerPort(port: ContainerPortModel): string {
  return typeof port.containerPort === 'number' ? `port ${port.containerPort}` : 'port';
}
