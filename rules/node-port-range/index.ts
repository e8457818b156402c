import { defineRule, type Report } from '../../src/rule.js';
import { qualifiedName } from '../../src/model/describe.js';
import type { Model } from '../../src/model/build.js';
import type { ServiceModel, ServicePortModel } from '../../src/model/types.js';
import { formatNodePortRange, inNodePortRange, type NodePortRange } from '../../src/settings.js';

export {
  DEFAULT_NODE_PORT_RANGE,
  formatNodePortRange,
  inNodePortRange,
  parseNodePortRange,
  type NodePortRange,
} from '../../src/settings.js';

/** Service types whose nodePorts the allocator assigns (initNodePorts in pkg/registry/core/service/storage/alloc.go). */
export const NODE_PORT_TYPES: ReadonlySet<string> = new Set(['NodePort', 'LoadBalancer']);

/** A nodePort as the API server decodes it: an integer. Strings and fractions are the schema's business. */
export function nodePortNumber(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) ? value : null;
}

/** True when the API server allocates a health check node port for the Service (apiservice.NeedsHealthCheck). */
export function needsHealthCheck(service: ServiceModel): boolean {
  return service.type === 'LoadBalancer' && service.spec.externalTrafficPolicy?.value === 'Local';
}

export default defineRule({
  meta: {
    id: 'node-port-range',
    severity: 'error',
    sarif: { tags: ['kubernetes', 'correctness', 'service', 'node-port'] },
    description: 'A nodePort outside the node port range, or set on a Service type that has no node ports.',
    rationale: `The nodePort allocator (\`initNodePorts\` in pkg/registry/core/service/storage/alloc.go) reserves each
\`nodePort\` of a \`NodePort\` or \`LoadBalancer\` Service from the API server's \`--service-node-port-range\`
(default **30000-32767**; tell svclint your cluster's range with \`--node-port-range 30000-32767\`); a value
outside it fails with "provided port is not in the valid range" and the Service is
not created: **error**. The same holds for \`healthCheckNodePort\` of a \`LoadBalancer\` Service with
\`externalTrafficPolicy: Local\` (\`allocHealthCheckNodePort\`). A missing or \`0\` nodePort is auto-allocated.

\`ValidateService\` (pkg/apis/core/validation) rejects any non-zero \`nodePort\` when \`type\` is \`ClusterIP\`
(the default, headless Services included): "may not be used when \`type\` is 'ClusterIP'": **error**. An
\`ExternalName\` Service is not validated for it: the API server stores the nodePort but never allocates or opens
it, so it is reported as a **warning**.

Integer values only: a quoted or fractional nodePort does not decode into an int32 and is the schema's finding.`,
    examples: {
      valid: [
        {
          title: 'A NodePort Service with one fixed and one auto-allocated nodePort',
          yaml: `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: NodePort
  selector:
    app: web
  ports:
    - name: http
      port: 80
      targetPort: 8080
      nodePort: 30080
    - name: metrics
      port: 9100
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
            - containerPort: 9100
`,
        },
      ],
      invalid: [
        {
          title: 'A nodePort below the default range 30000-32767',
          yaml: `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: NodePort
  selector:
    app: web
  ports:
    - port: 80
      targetPort: 8080
      nodePort: 8080
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
`,
        },
      ],
    },
  },
  check({ model, settings, report }) {
    for (const finding of nodePortRangeFindings(model, settings.nodePortRange)) report(finding);
  },
});

/** The rule's findings for an API server whose --service-node-port-range is `range`. */
export function nodePortRangeFindings(model: Model, range: NodePortRange): Report[] {
  const findings: Report[] = [];
  for (const service of model.services) {
    for (const port of service.ports) {
      const finding = nodePortFinding(service, port, range);
      if (finding) findings.push(finding);
    }
    const healthCheck = healthCheckNodePortFinding(service, range);
    if (healthCheck) findings.push(healthCheck);
  }
  return findings;
}

function nodePortFinding(service: ServiceModel, port: ServicePortModel, range: NodePortRange): Report | null {
  const nodePort = nodePortNumber(port.nodePort);
  // 0 means "not set": the allocator picks one, and ClusterIP validation ignores it.
  if (nodePort === null || nodePort === 0 || !port.nodePortRange) return null;
  const subject = `Service ${qualifiedName(service)} port ${port.port} nodePort ${nodePort}`;
  const finding = (message: string, severity?: Report['severity']): Report => ({
    object: service,
    fileId: service.fileId,
    range: port.nodePortRange!,
    path: `spec.ports[${port.index}].nodePort`,
    message,
    ...(severity ? { severity } : {}),
  });
  if (service.type === 'ClusterIP') {
    return finding(
      `${subject} is set, but the Service is ${clusterIPKind(service)}; the API server rejects it: nodePort may not be used when type is 'ClusterIP'`,
    );
  }
  if (service.type === 'ExternalName') {
    return finding(
      `${subject} is set on an ExternalName Service, which gets no node ports; the API server accepts it but never opens the port`,
      'warning',
    );
  }
  if (NODE_PORT_TYPES.has(service.type) && !inNodePortRange(nodePort, range)) {
    return finding(
      `${subject} is outside the node port range ${formatNodePortRange(range)}; the API server rejects the Service: provided port is not in the valid range`,
    );
  }
  return null;
}

function healthCheckNodePortFinding(service: ServiceModel, range: NodePortRange): Report | null {
  const field = service.spec.healthCheckNodePort;
  const value = nodePortNumber(field?.value);
  // Set without being needed is a validation error of its own (service-type's business).
  if (!field || value === null || value === 0 || !needsHealthCheck(service) || inNodePortRange(value, range))
    return null;
  return {
    object: service,
    fileId: service.fileId,
    range: field.range,
    path: 'spec.healthCheckNodePort',
    message: `Service ${qualifiedName(service)} healthCheckNodePort ${value} is outside the node port range ${formatNodePortRange(range)}; creating the Service fails: provided port is not in the valid range`,
  };
}

function clusterIPKind(service: ServiceModel): string {
  if (service.clusterIP === 'None') return 'headless (clusterIP: None) and so of type ClusterIP';
  return service.typeRange ? 'of type ClusterIP' : 'of type ClusterIP (the default)';
}
