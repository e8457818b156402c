import { defineRule, type Report } from '../../src/rule.js';
import { qualifiedName } from '../../src/model/describe.js';
import type { Model } from '../../src/model/build.js';
import type { ServiceModel } from '../../src/model/types.js';
import type { Range } from '../../src/position/range.js';
import {
  NODE_PORT_TYPES,
  inNodePortRange,
  needsHealthCheck,
  nodePortNumber,
  type NodePortRange,
} from '../node-port-range/index.js';

/** One node port a Service asks the cluster-wide allocator for. */
interface NodePortClaim {
  service: ServiceModel;
  value: number;
  range: Range;
  path: string;
  /** "port 80 nodePort" or "healthCheckNodePort". */
  field: string;
  /** What the node port serves: "port 80" or "healthCheckNodePort". */
  use: string;
}

export default defineRule({
  meta: {
    id: 'node-port-conflict',
    severity: 'error',
    sarif: { tags: ['kubernetes', 'correctness', 'service', 'node-port'] },
    description: 'A nodePort that another Service in the input already uses.',
    rationale: `Node ports come from one allocator for the whole cluster, a bitmap keyed by the port **number** only
(pkg/registry/core/service/portallocator). When a \`NodePort\` or \`LoadBalancer\` Service asks for a \`nodePort\`
that an earlier Service holds, \`initNodePorts\` (pkg/registry/core/service/storage/alloc.go) fails with "provided
port is already allocated" and the later Service is not created: **error**, reported on the later Service in apply
order, even when the two protocols differ (TCP on one Service, UDP on the other) and even across namespaces.
A \`healthCheckNodePort\` (\`LoadBalancer\` with \`externalTrafficPolicy: Local\`) is allocated from the same pool.

Not reported here: one Service reusing a nodePort for the TCP and UDP variants of one port (allowed; other reuse
inside one Service is \`duplicate-port\`), nodePorts on \`ClusterIP\` or \`ExternalName\` Services and nodePorts
outside the range (\`node-port-range\`), and the same Service declared twice (the second apply updates it and
keeps its ports).`,
    examples: {
      valid: [
        {
          title: 'Two NodePort Services with different nodePorts, and one reusing a nodePort for TCP and UDP',
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
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: NodePort
  selector:
    app: dns
  ports:
    - port: 8080
      nodePort: 30080
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
            - containerPort: 53
              protocol: TCP
            - containerPort: 53
              protocol: UDP
            - containerPort: 8080
`,
        },
      ],
      invalid: [
        {
          title: 'Two Services ask for nodePort 30080',
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
      nodePort: 30080
---
apiVersion: v1
kind: Service
metadata:
  name: web-canary
spec:
  type: NodePort
  selector:
    app: web
  ports:
    - port: 80
      targetPort: 8080
      nodePort: 30080
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
    // Out-of-range ports are never allocated, so the range decides what can conflict.
    for (const finding of nodePortConflictFindings(model, settings.nodePortRange)) report(finding);
  },
});

/** Conflicts between the Services' node ports, in one pass over them: claims are indexed by port number. */
export function nodePortConflictFindings(model: Model, range: NodePortRange): Report[] {
  const holders = new Map<number, NodePortClaim>();
  const findings: Report[] = [];
  // model.services is in apply order, so the first claim of a number is the one the allocator grants.
  for (const service of model.services) {
    const reported = new Set<number>();
    for (const claim of claimsOf(service, range)) {
      const holder = holders.get(claim.value);
      if (!holder) {
        holders.set(claim.value, claim);
        continue;
      }
      if (reported.has(claim.value) || !conflicts(holder, claim)) continue;
      reported.add(claim.value);
      findings.push(conflictFinding(holder, claim));
    }
  }
  return findings;
}

/** The node ports a Service asks for, in allocation order: ports first, then the health check port. */
function claimsOf(service: ServiceModel, range: NodePortRange): NodePortClaim[] {
  if (!NODE_PORT_TYPES.has(service.type)) return [];
  const claims: NodePortClaim[] = [];
  for (const port of service.ports) {
    const value = nodePortNumber(port.nodePort);
    if (value === null || value === 0 || !port.nodePortRange || !inNodePortRange(value, range)) continue;
    claims.push({
      service,
      value,
      range: port.nodePortRange,
      path: `spec.ports[${port.index}].nodePort`,
      field: `port ${port.port} nodePort`,
      use: `port ${port.port}`,
    });
  }
  const healthCheck = service.spec.healthCheckNodePort;
  const value = nodePortNumber(healthCheck?.value);
  if (healthCheck && value !== null && value !== 0 && needsHealthCheck(service) && inNodePortRange(value, range)) {
    claims.push({
      service,
      value,
      range: healthCheck.range,
      path: 'spec.healthCheckNodePort',
      field: 'healthCheckNodePort',
      use: 'healthCheckNodePort',
    });
  }
  return claims;
}

function conflicts(holder: NodePortClaim, claim: NodePortClaim): boolean {
  if (holder.service === claim.service) {
    // Reuse among one Service's own ports is duplicate-port's business; its health check port is allocated after them.
    return claim.field === 'healthCheckNodePort';
  }
  // The same Service applied again is an update: it keeps the node ports it holds.
  return !sameObject(holder.service, claim.service);
}

function sameObject(a: ServiceModel, b: ServiceModel): boolean {
  return a.namespace === b.namespace && a.name === b.name;
}

function conflictFinding(holder: NodePortClaim, claim: NodePortClaim): Report {
  const owner =
    holder.service === claim.service
      ? `its own ${holder.field}`
      : `Service ${qualifiedName(holder.service)} for its ${holder.use}`;
  return {
    object: claim.service,
    fileId: claim.service.fileId,
    range: claim.range,
    path: claim.path,
    message: `Service ${qualifiedName(claim.service)} ${claim.field} ${claim.value} is already used by ${owner}; node ports are allocated cluster-wide by number, whatever the protocol, so creating the Service fails: provided port is already allocated`,
    related: [
      {
        object: holder.service,
        range: holder.range,
        message: `${holder.field} ${holder.value} of Service ${qualifiedName(holder.service)}`,
      },
    ],
  };
}
