import { describe, expect, it } from 'vitest';
import { brief, docs, findingsOf, lintYaml, withRule } from '../../test/rule-tester.js';
import rule from './index.js';

const options = withRule(rule);

/** A Service without selector: only its ports matter here. */
const service = (ports: string, type = 'ClusterIP', extra = '') => `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: ${type}${extra}
  ports:
${ports}`;

/** A Deployment whose pod spec has the given containers (and init containers). */
const deployment = (name: string, containers: string, initContainers = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:${initContainers ? `\n      initContainers:\n${initContainers.replace(/\n$/, '')}` : ''}
      containers:
${containers}`;

const container = (name: string, ports: string, extra = '') => `        - name: ${name}
          image: example/${name}:1.0${extra}
          ports:
${ports}`;

describe('duplicate-port: Services', () => {
  it('reports a repeated port/protocol at the later port, and accepts the same number with TCP and UDP', () => {
    const yaml = service(`    - name: dns-udp
      port: 53
      protocol: UDP
    - name: dns-tcp
      port: 53
      protocol: TCP
    - name: dns-udp-again
      port: 53
      protocol: UDP
`);
    const findings = findingsOf('duplicate-port', yaml, options);
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'duplicate-port',
        severity: 'error',
        line: 15,
        column: 13,
        endLine: 15,
        endColumn: 15,
        path: 'spec.ports[2].port',
      },
    ]);
    expect(findings[0]!.message).toBe(
      'Service default/web declares port 53/UDP twice (spec.ports[0] and spec.ports[2]); the API server rejects the Service: duplicate port',
    );
    expect(findings[0]!.related).toEqual([
      { file: 'test.yaml', line: 9, column: 13, endLine: 9, endColumn: 15, message: 'first declared at spec.ports[0]' },
    ]);
  });

  it('treats a missing protocol as TCP', () => {
    const yaml = service(`    - name: a
      port: 8080
    - name: b
      protocol: TCP
      port: 8080
`);
    expect(findingsOf('duplicate-port', yaml, options).map((f) => f.path)).toEqual(['spec.ports[1].port']);
  });

  it('reports repeated port names at the name, even names the API server also finds invalid', () => {
    const yaml = service(`    - name: http
      port: 80
    - name: http
      port: 443
    - name: Web_UI
      port: 8080
    - name: Web_UI
      port: 8081
`);
    const findings = findingsOf('duplicate-port', yaml, options);
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'duplicate-port',
        severity: 'error',
        line: 10,
        column: 13,
        endLine: 10,
        endColumn: 17,
        path: 'spec.ports[1].name',
      },
      {
        ruleId: 'duplicate-port',
        severity: 'error',
        line: 14,
        column: 13,
        endLine: 14,
        endColumn: 19,
        path: 'spec.ports[3].name',
      },
    ]);
    expect(findings[0]!.message).toBe(
      'Service default/web has two ports named "http" (spec.ports[0] and spec.ports[1]); the API server rejects the Service: duplicate port name',
    );
  });

  it('accepts one nodePort for 53/TCP and 53/UDP, and Services without nodePorts', () => {
    const yaml = docs(
      service(
        `    - name: dns-tcp
      port: 53
      protocol: TCP
      nodePort: 30053
    - name: dns-udp
      port: 53
      protocol: UDP
      nodePort: 30053
`,
        'NodePort',
      ),
      service(
        `    - name: http
      port: 80
    - name: https
      port: 443
`,
        'LoadBalancer',
      ),
    );
    expect(findingsOf('duplicate-port', yaml, options)).toEqual([]);
  });

  it('reports a nodePort repeated with the same protocol (validation) and one shared by two port numbers (allocator)', () => {
    const yaml = service(
      `    - name: http
      port: 80
      nodePort: 30080
    - name: https
      port: 443
      nodePort: 30080
    - name: quic
      port: 8443
      protocol: UDP
      nodePort: 30443
    - name: dns
      port: 53
      protocol: TCP
      nodePort: 30443
`,
      'NodePort',
    );
    const findings = findingsOf('duplicate-port', yaml, options);
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'duplicate-port',
        severity: 'error',
        line: 13,
        column: 17,
        endLine: 13,
        endColumn: 22,
        path: 'spec.ports[1].nodePort',
      },
      {
        ruleId: 'duplicate-port',
        severity: 'error',
        line: 21,
        column: 17,
        endLine: 21,
        endColumn: 22,
        path: 'spec.ports[3].nodePort',
      },
    ]);
    expect(findings.map((f) => f.message)).toEqual([
      'Service default/web uses nodePort 30080/TCP for two ports (spec.ports[0] and spec.ports[1]); the API server rejects the Service: duplicate nodePort',
      'Service default/web uses nodePort 30443 for port 8443 and port 53; ports may share a nodePort only when they have the same port number, so creating the Service fails: provided port is already allocated',
    ]);
    expect(findings[1]!.related.map((r) => [r.line, r.message])).toEqual([[17, 'first declared at spec.ports[2]']]);
  });

  it('does not report the nodePort of a port that is itself a duplicate', () => {
    const yaml = service(
      `    - name: a
      port: 80
      nodePort: 30080
    - name: b
      port: 80
      nodePort: 30080
`,
      'NodePort',
    );
    expect(findingsOf('duplicate-port', yaml, options).map((f) => f.path)).toEqual(['spec.ports[1].port']);
  });

  it('leaves the allocator check to Services that allocate (validation duplicates count on every type)', () => {
    const allocatorOnly = `    - name: a
      port: 80
      nodePort: 30080
    - name: b
      port: 443
      protocol: UDP
      nodePort: 30080
`;
    const externalName = '\n  externalName: db.example.com';
    expect(findingsOf('duplicate-port', service(allocatorOnly, 'ExternalName', externalName), options)).toEqual([]);
    // Out of range, the allocator never gets that far: node-port-range reports both ports.
    const outOfRange = lintYaml(service(allocatorOnly.replaceAll('30080', '8080'), 'NodePort'), options);
    expect(outOfRange.findings.filter((f) => f.ruleId !== 'selectorless-service').map((f) => f.ruleId)).toEqual([
      'node-port-range',
      'node-port-range',
    ]);
    const sameProtocol = allocatorOnly.replace('      protocol: UDP\n', '');
    expect(
      findingsOf('duplicate-port', service(sameProtocol, 'ExternalName', externalName), options).map((f) => f.path),
    ).toEqual(['spec.ports[1].nodePort']);
  });
});

describe('duplicate-port: pod templates', () => {
  it('warns about one containerPort/protocol declared in two containers, at the later one', () => {
    const yaml = deployment(
      'web',
      `${container(
        'app',
        `            - containerPort: 8080
`,
      )}${container(
        'proxy',
        `            - name: http
              containerPort: 8080
`,
      )}`,
    );
    const findings = findingsOf('duplicate-port', yaml, options);
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'duplicate-port',
        severity: 'warning',
        line: 23,
        column: 30,
        endLine: 23,
        endColumn: 34,
        path: 'spec.template.spec.containers[1].ports[0].containerPort',
      },
    ]);
    expect(findings[0]!.message).toBe(
      'Deployment/web container proxy declares containerPort 8080/TCP, which container app already declares; the API server warns: duplicate port definition',
    );
    expect(findings[0]!.related).toEqual([
      {
        file: 'test.yaml',
        line: 18,
        column: 30,
        endLine: 18,
        endColumn: 34,
        message: 'containerPort 8080/TCP of container app',
      },
    ]);
  });

  it('accepts TCP and UDP on one containerPort, and one containerPort in two workloads', () => {
    const yaml = docs(
      deployment(
        'dns',
        container(
          'dns',
          `            - name: dns-tcp
              containerPort: 53
            - name: dns-udp
              containerPort: 53
              protocol: UDP
`,
        ),
      ),
      deployment(
        'dns-canary',
        container(
          'dns',
          `            - containerPort: 53
`,
        ),
      ),
    );
    expect(findingsOf('duplicate-port', yaml, options)).toEqual([]);
  });

  it('reports a port name repeated within one container, but not across containers or when the name is invalid', () => {
    const yaml = deployment(
      'web',
      `${container(
        'app',
        `            - name: http
              containerPort: 8080
            - name: metrics
              containerPort: 9100
            - name: http
              containerPort: 8081
            - name: HTTP
              containerPort: 8082
            - name: HTTP
              containerPort: 8083
`,
      )}${container(
        'proxy',
        `            - name: http
              containerPort: 9090
`,
      )}`,
    );
    const findings = findingsOf('duplicate-port', yaml, options);
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'duplicate-port',
        severity: 'error',
        line: 22,
        column: 21,
        endLine: 22,
        endColumn: 25,
        path: 'spec.template.spec.containers[0].ports[2].name',
      },
    ]);
    expect(findings[0]!.message).toBe(
      'Deployment/web container app has two ports named "http"; the API server rejects its pod template: duplicate port name',
    );
    expect(findings[0]!.related.map((r) => [r.line, r.message])).toEqual([[18, 'first port named "http"']]);
  });

  it('reports a hostPort/protocol repeated among the regular containers, once even when the containerPort repeats too', () => {
    const yaml = deployment(
      'ingress',
      `${container(
        'nginx',
        `            - containerPort: 80
              hostPort: 80
`,
      )}${container(
        'stats',
        `            - containerPort: 8080
              hostPort: 80
            - containerPort: 80
              hostPort: 80
              protocol: UDP
`,
      )}${container(
        'extra',
        `            - containerPort: 80
              hostPort: 80
`,
      )}`,
    );
    const findings = findingsOf('duplicate-port', yaml, options);
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'duplicate-port',
        severity: 'error',
        line: 24,
        column: 25,
        endLine: 24,
        endColumn: 27,
        path: 'spec.template.spec.containers[1].ports[0].hostPort',
      },
      {
        ruleId: 'duplicate-port',
        severity: 'error',
        line: 32,
        column: 25,
        endLine: 32,
        endColumn: 27,
        path: 'spec.template.spec.containers[2].ports[0].hostPort',
      },
    ]);
    expect(findings.map((f) => f.message)).toEqual([
      'Deployment/ingress container stats maps hostPort 80/TCP, which container nginx already maps; the API server rejects its pod template: duplicate hostPort',
      'Deployment/ingress container extra maps hostPort 80/TCP, which container nginx already maps; the API server rejects its pod template: duplicate hostPort',
    ]);
    expect(findings[1]!.related.map((r) => [r.line, r.message])).toEqual([[19, 'hostPort 80/TCP of container nginx']]);
  });

  it('checks init containers one by one for hostPorts, but warns about their containerPorts across the pod', () => {
    const init = `        - name: setup
          image: example/setup:1.0
          ports:
            - containerPort: 80
              hostPort: 80
            - containerPort: 81
              hostPort: 80
`;
    const yaml = deployment(
      'web',
      container(
        'app',
        `            - containerPort: 80
              hostPort: 80
`,
      ),
      init,
    );
    const findings = findingsOf('duplicate-port', yaml, options);
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'duplicate-port',
        severity: 'error',
        line: 21,
        column: 25,
        endLine: 21,
        endColumn: 27,
        path: 'spec.template.spec.initContainers[0].ports[1].hostPort',
      },
      // The API server visits init containers first, so the regular container's port is the later declaration.
      {
        ruleId: 'duplicate-port',
        severity: 'warning',
        line: 26,
        column: 30,
        endLine: 26,
        endColumn: 32,
        path: 'spec.template.spec.containers[0].ports[0].containerPort',
      },
    ]);
    expect(findings.map((f) => f.message)).toEqual([
      'Deployment/web init container setup maps hostPort 80/TCP, which the same container already maps; the API server rejects its pod template: duplicate hostPort',
      'Deployment/web container app declares containerPort 80/TCP, which init container setup already declares; the API server warns: duplicate port definition',
    ]);
  });

  it('warns about an overlapping declaration (one with hostPort, one without), and accepts distinct hostPorts', () => {
    const yaml = deployment(
      'web',
      `${container(
        'app',
        `            - containerPort: 8080
            - containerPort: 9090
              hostPort: 9090
`,
      )}${container(
        'sidecar',
        `            - containerPort: 8080
              hostPort: 18080
            - containerPort: 9090
              hostPort: 19090
`,
      )}`,
    );
    const findings = findingsOf('duplicate-port', yaml, options);
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'duplicate-port',
        severity: 'warning',
        line: 24,
        column: 30,
        endLine: 24,
        endColumn: 34,
        path: 'spec.template.spec.containers[1].ports[0].containerPort',
      },
    ]);
    expect(findings[0]!.message).toBe(
      'Deployment/web container sidecar declares containerPort 8080/TCP, which container app already declares (only one of them with a hostPort); the API server warns: overlapping port definition',
    );
  });

  it('accepts hostPort 0 or unset on ports that differ', () => {
    const yaml = deployment(
      'web',
      `${container(
        'app',
        `            - containerPort: 8080
              hostPort: 0
            - containerPort: 8081
`,
      )}${container(
        'sidecar',
        `            - containerPort: 9090
              hostPort: 0
`,
      )}`,
    );
    expect(findingsOf('duplicate-port', yaml, options)).toEqual([]);
  });

  it('counts sidecar init containers in the warning and names the object as the API server sees it', () => {
    const sidecar = `        - name: proxy
          image: example/proxy:1.0
          restartPolicy: Always
          ports:
            - containerPort: 15001
`;
    const pod = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  initContainers:
${sidecar}  containers:
    - name: app
      image: example/app:1.0
      ports:
        - containerPort: 15001
        - name: http
          containerPort: 8080
        - name: http
          containerPort: 8081
`;
    const findings = findingsOf('duplicate-port', pod, options);
    expect(findings.map((f) => [f.path, f.severity, f.message])).toEqual([
      [
        'spec.containers[0].ports[0].containerPort',
        'warning',
        'Pod/web container app declares containerPort 15001/TCP, which sidecar container proxy already declares; the API server warns: duplicate port definition',
      ],
      [
        'spec.containers[0].ports[2].name',
        'error',
        'Pod/web container app has two ports named "http"; the API server rejects the Pod: duplicate port name',
      ],
    ]);
    const rollout = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
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
${container(
  'app',
  `            - name: http
              containerPort: 8080
            - name: http
              containerPort: 8081
`,
)}`;
    expect(findingsOf('duplicate-port', rollout, options).map((f) => f.message)).toEqual([
      'Rollout/web container app has two ports named "http"; the API server rejects the pods its controller creates: duplicate port name',
    ]);
  });

  it('skips ports whose numbers are not integers (the schema rule judges them)', () => {
    const yaml = deployment(
      'web',
      container(
        'app',
        `            - containerPort: "8080"
            - containerPort: "8080"
            - containerPort: 9090
              hostPort: "80"
            - containerPort: 9090
`,
      ),
    );
    expect(findingsOf('duplicate-port', yaml, options)).toEqual([]);
  });
});

describe('duplicate-port: meta', () => {
  it('meta examples: valid ones give no findings from any rule, invalid ones exactly one of this rule', () => {
    for (const example of rule.meta.examples.valid) expect(lintYaml(example.yaml, options).findings).toEqual([]);
    for (const example of rule.meta.examples.invalid) {
      expect(lintYaml(example.yaml, options).findings.map((f) => f.ruleId)).toEqual(['duplicate-port']);
    }
  });
});
