// The schema check run while modelling: each problem's node (as text), path and message, per kind it validates.
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../src/input/model-file.js';
import { docs } from './rule-tester.js';
import { UPDATE_HINT } from '../scripts/goldens.mjs';
import { rangeEnd, rangeStart } from '../src/position/range.js';

/** Every schema problem of every object: the offending text, the path and the message. */
function problems(yaml: string) {
  const model = buildModel([{ displayPath: 'test.yaml', text: yaml }]);
  return model.objects.flatMap((object) =>
    (object.schemaProblems ?? []).map((p) => ({
      kind: object.kind,
      at: yaml.slice(rangeStart(p.range), rangeEnd(p.range)),
      path: p.path,
      message: p.message,
    })),
  );
}

const service = (spec: string, metadata = '') => `apiVersion: v1
kind: Service
metadata:
  name: web${metadata}
spec:
${spec}`;

const deployment = (podSpec: string, extraSpec = '', templateLabels = '        app: web') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:${extraSpec}
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
${templateLabels}
    spec:
${podSpec}`;

const container = (body: string) => `      containers:
        - name: web
          image: nginx:1.27
${body}`;

describe('Service', () => {
  it('reports a port written as a string at the value, and accepts a quoted targetPort (an IntOrString string)', () => {
    expect(
      problems(
        service(`  selector:
    app: web
  ports:
    - port: "80"
      targetPort: "8080"
`),
      ),
    ).toEqual([
      {
        kind: 'Service',
        at: '"80"',
        path: 'spec.ports[0].port',
        message: 'spec.ports[0].port must be an integer, not the string "80"',
      },
    ]);
  });

  it('reports a port without port at its first line, and an empty port at its key', () => {
    expect(
      problems(
        service(`  ports:
    - name: http
      targetPort: 8080
    - name: admin
      port:
`),
      ),
    ).toEqual([
      {
        kind: 'Service',
        at: 'name: http',
        path: 'spec.ports[0].port',
        message: 'spec.ports[0].port is required but missing',
      },
      { kind: 'Service', at: 'port', path: 'spec.ports[1].port', message: 'spec.ports[1].port is required but empty' },
    ]);
  });

  it('reports a selector written as a list at its key, and a selector value that is not a string', () => {
    expect(
      problems(
        service(`  selector: [app, web]
  ports: [{ port: 80 }]
`),
      ),
    ).toEqual([
      {
        kind: 'Service',
        at: 'selector',
        path: 'spec.selector',
        message: 'spec.selector must be a mapping, not a list',
      },
    ]);
    expect(
      problems(
        service(`  selector:
    app: web
    tier: 2
`),
      ),
    ).toEqual([
      {
        kind: 'Service',
        at: '2',
        path: 'spec.selector.tier',
        message: 'spec.selector.tier must be a string, not the number 2',
      },
    ]);
  });

  it('reports other spec fields of the wrong type, nodePort and healthCheckNodePort as strings, an empty list item', () => {
    expect(
      problems(
        service(`  type: 5
  externalIPs: 10.0.0.1
  allocateLoadBalancerNodePorts: "false"
  ports:
    - port: 80
      nodePort: "30080"
    -
`),
      ),
    ).toEqual([
      { kind: 'Service', at: '5', path: 'spec.type', message: 'spec.type must be a string, not the number 5' },
      {
        kind: 'Service',
        at: '10.0.0.1',
        path: 'spec.externalIPs',
        message: 'spec.externalIPs must be a list, not the string "10.0.0.1"',
      },
      {
        kind: 'Service',
        at: '"false"',
        path: 'spec.allocateLoadBalancerNodePorts',
        message: 'spec.allocateLoadBalancerNodePorts must be true or false, not the string "false"',
      },
      { kind: 'Service', at: 'ports', path: 'spec.ports[1]', message: 'spec.ports[1] is empty; it must be a mapping' },
      {
        kind: 'Service',
        at: '"30080"',
        path: 'spec.ports[0].nodePort',
        message: 'spec.ports[0].nodePort must be an integer, not the string "30080"',
      },
    ]);
  });

  it('reports unknown enum values of the fields no other rule judges, listing the allowed ones', () => {
    expect(
      problems(
        service(`  ipFamilyPolicy: DualStack
  ipFamilies: [IPv4, ipv6]
  internalTrafficPolicy: local
  ports: [{ port: 80 }]
`),
      ),
    ).toEqual([
      {
        kind: 'Service',
        at: 'DualStack',
        path: 'spec.ipFamilyPolicy',
        message: 'spec.ipFamilyPolicy "DualStack" is not one of SingleStack, PreferDualStack, RequireDualStack',
      },
      {
        kind: 'Service',
        at: 'ipv6',
        path: 'spec.ipFamilies[1]',
        message: 'spec.ipFamilies[1] "ipv6" is not one of IPv4, IPv6 (case-sensitive; did you mean IPv6?)',
      },
      {
        kind: 'Service',
        at: 'local',
        path: 'spec.internalTrafficPolicy',
        message:
          'spec.internalTrafficPolicy "local" is not one of Cluster, Local (case-sensitive; did you mean Local?)',
      },
    ]);
  });

  it('leaves the values service-type judges (type, protocol, externalTrafficPolicy, sessionAffinity) to it', () => {
    expect(
      problems(
        service(`  type: Nodeport
  externalTrafficPolicy: local
  sessionAffinity: Sticky
  ports:
    - port: 80
      protocol: tcp
`),
      ),
    ).toEqual([]);
  });

  it('reports metadata labels that are not strings with the number as written, and quotes keys that are not words', () => {
    expect(
      problems(
        service(
          '  ports: [{ port: 80 }]\n',
          `
  labels:
    app.kubernetes.io/version: 1.0
    canary: true
    tier: backend`,
        ),
      ),
    ).toEqual([
      {
        kind: 'Service',
        at: '1.0',
        path: 'metadata.labels["app.kubernetes.io/version"]',
        message: 'metadata.labels["app.kubernetes.io/version"] must be a string, not the number 1.0',
      },
      {
        kind: 'Service',
        at: 'true',
        path: 'metadata.labels.canary',
        message: 'metadata.labels.canary must be a string, not the boolean true',
      },
    ]);
  });
});

describe('workloads', () => {
  it('reports container ports: a string containerPort, a missing one, an unknown protocol', () => {
    expect(
      problems(
        deployment(
          container(`          ports:
            - containerPort: abc
            - name: metrics
              protocol: TCP
            - containerPort: 9090
              protocol: tcp
`),
        ),
      ),
    ).toEqual([
      {
        kind: 'Deployment',
        at: 'abc',
        path: 'spec.template.spec.containers[0].ports[0].containerPort',
        message: 'spec.template.spec.containers[0].ports[0].containerPort must be an integer, not the string "abc"',
      },
      {
        kind: 'Deployment',
        at: 'name: metrics',
        path: 'spec.template.spec.containers[0].ports[1].containerPort',
        message: 'spec.template.spec.containers[0].ports[1].containerPort is required but missing',
      },
      {
        kind: 'Deployment',
        at: 'tcp',
        path: 'spec.template.spec.containers[0].ports[2].protocol',
        message:
          'spec.template.spec.containers[0].ports[2].protocol "tcp" is not one of TCP, UDP, SCTP (case-sensitive; did you mean TCP?)',
      },
    ]);
  });

  it('gives one problem per node: a protocol of the wrong type is a type error, not also an enum error', () => {
    expect(
      problems(
        deployment(
          container(`          ports:
            - containerPort: 8080
              protocol: 6
`),
        ),
      ),
    ).toEqual([
      {
        kind: 'Deployment',
        at: '6',
        path: 'spec.template.spec.containers[0].ports[0].protocol',
        message: 'spec.template.spec.containers[0].ports[0].protocol must be a string, not the number 6',
      },
    ]);
  });

  it('reports an apps/v1 template without containers, without a spec, and a Deployment without a template', () => {
    expect(problems(deployment('      hostNetwork: true\n'))).toEqual([
      {
        kind: 'Deployment',
        at: 'spec',
        path: 'spec.template.spec.containers',
        message: 'spec.template.spec.containers is required but missing',
      },
    ]);
    const noSpec = `apiVersion: apps/v1
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
`;
    expect(problems(noSpec)).toEqual([
      {
        kind: 'Deployment',
        at: 'template',
        path: 'spec.template.spec',
        message: 'spec.template.spec is required but missing',
      },
    ]);
    const noTemplate = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
`;
    expect(problems(noTemplate)).toEqual([
      { kind: 'Deployment', at: 'spec', path: 'spec.template', message: 'spec.template is required but missing' },
    ]);
  });

  it('reports containers without a name and containers written as a mapping', () => {
    expect(
      problems(
        deployment(`      initContainers:
        - image: busybox:1.36
      containers:
        name: web
`),
      ),
    ).toEqual([
      {
        kind: 'Deployment',
        at: 'image: busybox:1.36',
        path: 'spec.template.spec.initContainers[0].name',
        message: 'spec.template.spec.initContainers[0].name is required but missing',
      },
      {
        kind: 'Deployment',
        at: 'containers',
        path: 'spec.template.spec.containers',
        message: 'spec.template.spec.containers must be a list, not a mapping',
      },
    ]);
  });

  it('reports env: a number value, a missing name, the valueFrom shape, envFrom, and args that are numbers', () => {
    expect(
      problems(
        deployment(
          container(`          args: [--port, 8080]
          env:
            - name: PORT
              value: 8080
            - value: debug
            - name: PASSWORD
              valueFrom:
                secretKeyRef:
                  name: db
            - name: MODE
              valueFrom:
                configMapKeyRef: settings
          envFrom:
            - configMapRef:
                name: 42
`),
        ),
      ),
    ).toEqual([
      {
        kind: 'Deployment',
        at: '8080',
        path: 'spec.template.spec.containers[0].args[1]',
        message: 'spec.template.spec.containers[0].args[1] must be a string, not the number 8080',
      },
      {
        kind: 'Deployment',
        at: '8080',
        path: 'spec.template.spec.containers[0].env[0].value',
        message: 'spec.template.spec.containers[0].env[0].value must be a string, not the number 8080',
      },
      {
        kind: 'Deployment',
        at: 'value: debug',
        path: 'spec.template.spec.containers[0].env[1].name',
        message: 'spec.template.spec.containers[0].env[1].name is required but missing',
      },
      {
        kind: 'Deployment',
        at: 'secretKeyRef',
        path: 'spec.template.spec.containers[0].env[2].valueFrom.secretKeyRef.key',
        message: 'spec.template.spec.containers[0].env[2].valueFrom.secretKeyRef.key is required but missing',
      },
      {
        kind: 'Deployment',
        at: 'settings',
        path: 'spec.template.spec.containers[0].env[3].valueFrom.configMapKeyRef',
        message:
          'spec.template.spec.containers[0].env[3].valueFrom.configMapKeyRef must be a mapping, not the string "settings"',
      },
      {
        kind: 'Deployment',
        at: '42',
        path: 'spec.template.spec.containers[0].envFrom[0].configMapRef.name',
        message: 'spec.template.spec.containers[0].envFrom[0].configMapRef.name must be a string, not the number 42',
      },
    ]);
  });

  it('reports replicas as a string, template labels that are not strings, and selector values', () => {
    const yaml = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: "3"
  selector:
    matchLabels:
      app: web
      release: 2
    matchExpressions:
      - { key: tier, operator: In, values: [1, 2] }
      - { operator: Exists }
  template:
    metadata:
      labels:
        app: web
        release: 2
    spec:
      containers:
        - name: web
`;
    expect(problems(yaml)).toEqual([
      {
        kind: 'Deployment',
        at: '"3"',
        path: 'spec.replicas',
        message: 'spec.replicas must be an integer, not the string "3"',
      },
      {
        kind: 'Deployment',
        at: '2',
        path: 'spec.selector.matchLabels.release',
        message: 'spec.selector.matchLabels.release must be a string, not the number 2',
      },
      {
        kind: 'Deployment',
        at: '1',
        path: 'spec.selector.matchExpressions[0].values[0]',
        message: 'spec.selector.matchExpressions[0].values[0] must be a string, not the number 1',
      },
      {
        kind: 'Deployment',
        at: '2',
        path: 'spec.selector.matchExpressions[0].values[1]',
        message: 'spec.selector.matchExpressions[0].values[1] must be a string, not the number 2',
      },
      {
        kind: 'Deployment',
        at: 'operator: Exists',
        path: 'spec.selector.matchExpressions[1].key',
        message: 'spec.selector.matchExpressions[1].key is required but missing',
      },
      {
        kind: 'Deployment',
        at: '2',
        path: 'spec.template.metadata.labels.release',
        message: 'spec.template.metadata.labels.release must be a string, not the number 2',
      },
    ]);
  });

  it('reports a restartPolicy that is not Always (a sidecar typo), and a StatefulSet serviceName that is a number', () => {
    expect(
      problems(
        deployment(`      initContainers:
        - name: proxy
          restartPolicy: always
${container('')}`),
      ),
    ).toEqual([
      {
        kind: 'Deployment',
        at: 'always',
        path: 'spec.template.spec.initContainers[0].restartPolicy',
        message:
          'spec.template.spec.initContainers[0].restartPolicy "always" is not one of Always, OnFailure, Never (case-sensitive; did you mean Always?)',
      },
    ]);
    const statefulSet = deployment(container(''), '\n  serviceName: 5').replace(
      'kind: Deployment',
      'kind: StatefulSet',
    );
    expect(problems(statefulSet)).toEqual([
      {
        kind: 'StatefulSet',
        at: '5',
        path: 'spec.serviceName',
        message: 'spec.serviceName must be a string, not the number 5',
      },
    ]);
  });

  it('checks DaemonSet, ReplicaSet, ReplicationController, Pod, Job and CronJob', () => {
    const yaml = docs(
      `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels:
      app: agent
`,
      `apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: rs
spec:
  replicas: 1.5
  selector:
    matchLabels:
      app: rs
`,
      `apiVersion: v1
kind: ReplicationController
metadata:
  name: rc
spec:
  selector: [app]
  template:
    spec:
      containers: [{ name: rc }]
`,
      `apiVersion: v1
kind: Pod
metadata:
  name: pod
spec:
  enableServiceLinks: "false"
  containers: [{ name: pod, ports: [{ containerPort: "80" }] }]
`,
      `apiVersion: batch/v1
kind: Job
metadata:
  name: job
spec:
  parallelism: "2"
  manualSelector: "true"
  template:
    spec:
      containers: [{ name: job }]
`,
      `apiVersion: batch/v1
kind: CronJob
metadata:
  name: cron
spec:
  schedule: "@hourly"
`,
      `apiVersion: batch/v1
kind: CronJob
metadata:
  name: cron2
spec:
  schedule: "@hourly"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: cron
              ports:
                - containerPort: "9000"
`,
    );
    expect(problems(yaml)).toEqual([
      { kind: 'DaemonSet', at: 'spec', path: 'spec.template', message: 'spec.template is required but missing' },
      {
        kind: 'ReplicaSet',
        at: '1.5',
        path: 'spec.replicas',
        message: 'spec.replicas must be an integer, not the number 1.5',
      },
      {
        kind: 'ReplicationController',
        at: 'selector',
        path: 'spec.selector',
        message: 'spec.selector must be a mapping, not a list',
      },
      {
        kind: 'Pod',
        at: '"false"',
        path: 'spec.enableServiceLinks',
        message: 'spec.enableServiceLinks must be true or false, not the string "false"',
      },
      {
        kind: 'Pod',
        at: '"80"',
        path: 'spec.containers[0].ports[0].containerPort',
        message: 'spec.containers[0].ports[0].containerPort must be an integer, not the string "80"',
      },
      {
        kind: 'Job',
        at: '"2"',
        path: 'spec.parallelism',
        message: 'spec.parallelism must be an integer, not the string "2"',
      },
      {
        kind: 'Job',
        at: '"true"',
        path: 'spec.manualSelector',
        message: 'spec.manualSelector must be true or false, not the string "true"',
      },
      { kind: 'CronJob', at: 'spec', path: 'spec.jobTemplate', message: 'spec.jobTemplate is required but missing' },
      {
        kind: 'CronJob',
        at: '"9000"',
        path: 'spec.jobTemplate.spec.template.spec.containers[0].ports[0].containerPort',
        message:
          'spec.jobTemplate.spec.template.spec.containers[0].ports[0].containerPort must be an integer, not the string "9000"',
      },
    ]);
  });

  it('accepts a ReplicaSet without a template (the OpenAPI does not require one) and a workload without a selector (workload-selector)', () => {
    const yaml = `apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: rs
spec:
  replicas: 0
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers: [{ name: web }]
`;
    expect(problems(yaml)).toEqual([]);
  });
});

describe('Ingress and Gateway API routes', () => {
  it('reports pathType missing or unknown, a quoted port number, a backend Service without a name, rules without paths', () => {
    const yaml = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  defaultBackend:
    service:
      port:
        number: 80
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            backend:
              service:
                name: web
                port:
                  number: "80"
          - path: /api
            pathType: prefix
            backend:
              service:
                name: api
                port:
                  name: http
    - host: admin.example.com
      http: {}
`;
    expect(problems(yaml)).toEqual([
      {
        kind: 'Ingress',
        at: 'service',
        path: 'spec.defaultBackend.service.name',
        message: 'spec.defaultBackend.service.name is required but missing',
      },
      {
        kind: 'Ingress',
        at: 'path: /',
        path: 'spec.rules[0].http.paths[0].pathType',
        message: 'spec.rules[0].http.paths[0].pathType is required but missing',
      },
      {
        kind: 'Ingress',
        at: '"80"',
        path: 'spec.rules[0].http.paths[0].backend.service.port.number',
        message: 'spec.rules[0].http.paths[0].backend.service.port.number must be an integer, not the string "80"',
      },
      {
        kind: 'Ingress',
        at: 'prefix',
        path: 'spec.rules[0].http.paths[1].pathType',
        message:
          'spec.rules[0].http.paths[1].pathType "prefix" is not one of Exact, Prefix, ImplementationSpecific (case-sensitive; did you mean Prefix?)',
      },
      {
        kind: 'Ingress',
        at: 'http',
        path: 'spec.rules[1].http.paths',
        message: 'spec.rules[1].http.paths is required but missing',
      },
    ]);
  });

  it('reports HTTPRoute and GRPCRoute backendRefs: a quoted port, a missing name', () => {
    const route = (kind: string, version: string) => `apiVersion: gateway.networking.k8s.io/${version}
kind: ${kind}
metadata:
  name: web
spec:
  parentRefs: [{ name: gateway }]
  rules:
    - backendRefs:
        - name: web
          port: "8080"
        - port: 80
`;
    const expected = (kind: string) => [
      {
        kind,
        at: '"8080"',
        path: 'spec.rules[0].backendRefs[0].port',
        message: 'spec.rules[0].backendRefs[0].port must be an integer, not the string "8080"',
      },
      {
        kind,
        at: 'port: 80',
        path: 'spec.rules[0].backendRefs[1].name',
        message: 'spec.rules[0].backendRefs[1].name is required but missing',
      },
    ];
    expect(problems(route('HTTPRoute', 'v1'))).toEqual(expected('HTTPRoute'));
    expect(problems(route('HTTPRoute', 'v1beta1'))).toEqual(expected('HTTPRoute'));
    expect(problems(route('GRPCRoute', 'v1'))).toEqual(expected('GRPCRoute'));
  });
});

describe('what is not reported', () => {
  it('accepts unknown fields anywhere (newer API versions, extensions)', () => {
    const yaml = docs(
      service(`  trafficDistribution: PreferClose
  futureField: { anything: [1, 2] }
  ports:
    - port: 80
      futurePortField: 1
`),
      deployment(
        container(`          resizePolicy: [{ resourceName: cpu, restartPolicy: NotRequired }]
          futureContainerField: 7
          ports:
            - containerPort: 8080
              futureField: true
`),
        '\n  futureSpecField: 1',
      ),
    );
    expect(problems(yaml)).toEqual([]);
  });

  it('does not validate custom resources, other API versions or kinds svclint does not model', () => {
    const yaml = docs(
      `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: web
spec:
  replicas: "3"
  template:
    spec:
      containers: [{ ports: [{ containerPort: "8080" }] }]
`,
      `apiVersion: example.com/v1
kind: Service
metadata:
  name: not-core
spec:
  ports: [{ port: "80" }]
`,
      `apiVersion: extensions/v1beta1
kind: Ingress
metadata:
  name: old
spec:
  backend: { serviceName: web, servicePort: "80" }
`,
      `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  port: 8080
`,
    );
    expect(problems(yaml)).toEqual([]);
  });

  it('accepts empty optional fields (null is unset to Kubernetes)', () => {
    expect(
      problems(
        service(
          `  selector:
  clusterIP:
  ports:
    - port: 80
      targetPort:
      protocol:
`,
          `
  labels:
  annotations:
    note:`,
        ),
      ),
    ).toEqual([]);
  });

  it('reads plain scalars as Kubernetes reads YAML 1.1: yes is a boolean, 8_080 an integer', () => {
    const yaml = `apiVersion: batch/v1
kind: Job
metadata:
  name: job
spec:
  manualSelector: yes
  parallelism: 0b10
  selector:
    matchLabels: { app: job }
  template:
    metadata:
      labels: { app: job }
    spec:
      containers:
        - name: job
          ports:
            - containerPort: 8_080
              hostPort: on
`;
    expect(problems(yaml)).toEqual([
      {
        kind: 'Job',
        at: 'on',
        path: 'spec.template.spec.containers[0].ports[0].hostPort',
        message: 'spec.template.spec.containers[0].ports[0].hostPort must be an integer, not the boolean on',
      },
    ]);
  });
});

describe('aliases and merge keys', () => {
  it('follows aliases and points at the anchored value', () => {
    const yaml = `apiVersion: v1
kind: Service
metadata:
  name: web
  annotations:
    port: &port "80"
spec:
  ports:
    - port: *port
`;
    expect(problems(yaml)).toEqual([
      {
        kind: 'Service',
        at: '"80"',
        path: 'spec.ports[0].port',
        message: 'spec.ports[0].port must be an integer, not the string "80"',
      },
    ]);
  });

  it('applies << merges as Kubernetes does: merged fields count, own fields win, merged errors point at their source', () => {
    const yaml = deployment(`      initContainers:
        - &base
          name: base
          image: busybox:1.36
          ports: [{ containerPort: "7000" }]
      containers:
        - <<: *base
          ports: [{ containerPort: 8080 }]
        - <<: [*base]
          image: busybox:1.37
`);
    // containers[0] overrides the merged ports; containers[1] gets them from the anchored init container.
    expect(problems(yaml)).toEqual([
      {
        kind: 'Deployment',
        at: '"7000"',
        path: 'spec.template.spec.containers[1].ports[0].containerPort',
        message: 'spec.template.spec.containers[1].ports[0].containerPort must be an integer, not the string "7000"',
      },
      {
        kind: 'Deployment',
        at: '"7000"',
        path: 'spec.template.spec.initContainers[0].ports[0].containerPort',
        message:
          'spec.template.spec.initContainers[0].ports[0].containerPort must be an integer, not the string "7000"',
      },
      // Every container merges name: base, so ValidatePodSpec rejects the repeated names too.
      {
        kind: 'Deployment',
        at: 'base',
        path: 'spec.template.spec.containers[1].name',
        message:
          'container name "base" is already used by spec.template.spec.containers[0] (containers and initContainers share one set of names)',
      },
      {
        kind: 'Deployment',
        at: 'base',
        path: 'spec.template.spec.initContainers[0].name',
        message:
          'container name "base" is already used by spec.template.spec.containers[0] (containers and initContainers share one set of names)',
      },
    ]);
  });
});

describe('the schema files', () => {
  const names = [
    'meta-v1',
    'core-v1',
    'apps-v1',
    'batch-v1',
    'networking-v1',
    'gateway-v1',
    'autoscaling',
    'policy-v1',
  ];
  const files = names.map(
    (name) =>
      JSON.parse(readFileSync(new URL(`../schemas/kubernetes/${name}.schema.json`, import.meta.url), 'utf8')) as {
        definitions: Record<string, unknown>;
      },
  );

  it('are valid draft-07 schemas whose every definition compiles in strict mode', () => {
    const ajv = new Ajv({ strict: true, allowUnionTypes: true, allErrors: true });
    for (const file of files) ajv.addSchema(file);
    names.forEach((name, i) => {
      for (const definition of Object.keys(files[i]!.definitions)) {
        expect(
          () => ajv.getSchema(`${name}.schema.json#/definitions/${definition}`),
          `${name} ${definition}`,
        ).not.toThrow();
      }
    });
  });

  it('never forbid unknown fields', () => {
    for (const file of files) expect(JSON.stringify(file)).not.toContain('"additionalProperties":false');
  });
});

describe('the precompiled validators (src/model/schema-validators.generated.ts)', () => {
  it('are what scripts/gen-schema-validators.mjs makes from the schema files (else: npm run update)', async () => {
    const { generate, OUTFILE } = await import('../scripts/gen-schema-validators.mjs');
    expect(
      readFileSync(OUTFILE, 'utf8') === generate(),
      `src/model/schema-validators.generated.ts is out of date: ${UPDATE_HINT}`,
    ).toBe(true);
  });

  it('judge as ajv compiling the schemas at run time does', async () => {
    const precompiled = await import('../src/model/schema-validators.generated.js');
    const { SCHEMA_FILES, VALIDATORS } = await import('../scripts/gen-schema-validators.mjs');
    const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, inlineRefs: false });
    for (const name of SCHEMA_FILES) {
      ajv.addSchema(
        JSON.parse(readFileSync(new URL(`../schemas/kubernetes/${name}.schema.json`, import.meta.url), 'utf8')),
      );
    }
    const bad = {
      metadata: { name: 3, labels: { a: 1 } },
      spec: {
        ports: [{ port: '80', protocol: 'SCTPX' }],
        selector: [],
        replicas: 'x',
        template: { spec: { containers: {} } },
      },
    };
    for (const [name, ref] of Object.entries(VALIDATORS)) {
      const compiled = ajv.getSchema(ref)!;
      const validate = (precompiled as unknown as Record<string, typeof compiled>)[name]!;
      expect([validate(bad), validate.errors], name).toEqual([compiled(bad), compiled.errors]);
    }
  });
});

describe('the fields of monitors, volumes and service accounts', () => {
  it('reports wrongly typed ServiceMonitor and PodMonitor fields, and a missing selector', () => {
    const yaml = `apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: web
spec:
  namespaceSelector:
    any: "yes"
    matchNames: default
  selector:
    matchLabels:
      app: web
  endpoints:
    - port: 8080
      targetPort: [web]
---
apiVersion: monitoring.coreos.com/v1
kind: PodMonitor
metadata:
  name: web
spec:
  podMetricsEndpoints:
    - port: 9090
`;
    expect(problems(yaml).map((p) => `${p.kind} ${p.path}`)).toEqual([
      'ServiceMonitor spec.namespaceSelector.any',
      'ServiceMonitor spec.namespaceSelector.matchNames',
      'ServiceMonitor spec.endpoints[0].port',
      'ServiceMonitor spec.endpoints[0].targetPort',
      'PodMonitor spec.selector',
      'PodMonitor spec.podMetricsEndpoints[0].port',
    ]);
  });

  it('reports wrongly typed volume sources, items and service account names', () => {
    const yaml = deployment(`      serviceAccountName: 3
      volumes:
        - name: config
          configMap:
            name: [app]
            optional: "true"
            items:
              - key: 1
        - name: creds
          secret:
            secretName: db
            items: db
        - name: all
          projected:
            sources:
              - secret:
                  name: 7
      containers:
        - name: web
          image: nginx:1.27
`);
    expect(problems(yaml).map((p) => p.path)).toEqual([
      'spec.template.spec.serviceAccountName',
      'spec.template.spec.volumes[0].configMap.name',
      'spec.template.spec.volumes[0].configMap.optional',
      'spec.template.spec.volumes[0].configMap.items[0].path',
      'spec.template.spec.volumes[0].configMap.items[0].key',
      'spec.template.spec.volumes[1].secret.items',
      'spec.template.spec.volumes[2].projected.sources[0].secret.name',
    ]);
  });
});

describe('validations no schema expresses', () => {
  it('reports a container name repeated across containers and initContainers at the later name (ValidatePodSpec)', () => {
    const yaml = deployment(`      initContainers:
        - name: web
          image: busybox:1.36
      containers:
        - name: web
          image: nginx:1.27
        - name: sidecar
          image: envoy:1.31
`);
    expect(problems(yaml)).toEqual([
      {
        kind: 'Deployment',
        at: 'web',
        path: 'spec.template.spec.initContainers[0].name',
        message:
          'container name "web" is already used by spec.template.spec.containers[0] (containers and initContainers share one set of names)',
      },
    ]);
  });

  it('reports an object with neither metadata.name nor generateName at metadata; generateName alone is accepted', () => {
    const message =
      'has no metadata.name (nor generateName): the API server requires one, and `kubectl apply` requires metadata.name (generateName only works with `kubectl create`)';
    expect(problems('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels: { app: web }\n')).toEqual([
      { kind: 'ConfigMap', at: 'metadata', path: 'metadata.name', message },
    ]);
    expect(problems('apiVersion: v1\nkind: ConfigMap\ndata: {}\n')).toEqual([
      { kind: 'ConfigMap', at: 'ConfigMap', path: 'metadata.name', message },
    ]);
    expect(problems('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  generateName: web-\n')).toEqual([]);
    // Files with apiVersion and kind that are no API objects (a kind cluster config, a kubeconfig) name nothing.
    expect(problems('apiVersion: kind.x-k8s.io/v1alpha4\nkind: Cluster\nnodes: []\n')).toEqual([]);
    expect(problems('apiVersion: v1\nkind: Config\nclusters: []\n')).toEqual([]);
  });
});
