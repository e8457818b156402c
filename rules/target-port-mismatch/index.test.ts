import { describe, expect, it } from 'vitest';
import { brief, docs, findingsOf, lintYaml } from '../../test/rule-tester.js';
import { formatEndpoints } from '../../src/report/endpoints-table.js';

const service = (ports: string, extra = '') => `apiVersion: v1
kind: Service
metadata:
  name: web
spec:${extra}
  selector:
    app: web
  ports:
${ports}`;

const deployment = (name: string, containers: string, labels = 'app: web', initContainers = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  selector:
    matchLabels:
      ${labels}
  template:
    metadata:
      labels:
        ${labels}
    spec:${initContainers}
      containers:
${containers}`;

const container = (name: string, ports: string) => `        - name: ${name}
          image: example/${name}:1.0
          ports:
${ports}`;

describe('target-port-mismatch', () => {
  it('reports a named targetPort that no container declares, at the targetPort value', () => {
    const yaml = docs(
      service(`    - port: 80
      targetPort: http
`),
      deployment(
        'web',
        container(
          'app',
          `            - name: web
              containerPort: 8080
`,
        ),
      ),
    );
    const findings = findingsOf('target-port-mismatch', yaml);
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'target-port-mismatch',
        severity: 'error',
        line: 10,
        column: 19,
        endLine: 10,
        endColumn: 23,
        path: 'spec.ports[0].targetPort',
      },
    ]);
    expect(findings[0]!.message).toBe(
      'Service default/web port 80 targetPort "http" matches no container port named "http" in Deployment/web (its ports: web:8080/TCP); those pods get no traffic on this port',
    );
    expect(findings[0]!.related).toEqual([
      { file: 'test.yaml', line: 22, column: 7, endLine: 22, endColumn: 13, message: 'pod template of Deployment/web' },
    ]);
  });

  it('names two workloads of one kind and name apart by file and line, and a port two containers declare once', () => {
    const replicaSet = (containers: string) =>
      deployment('frontend', containers).replace(
        'apiVersion: apps/v1\nkind: Deployment',
        'apiVersion: apps/v1\nkind: ReplicaSet',
      );
    const findings = findingsOf('target-port-mismatch', {
      'a.yaml': docs(
        service(`    - port: 80
      targetPort: http
`),
        replicaSet(
          container(
            'app',
            `            - name: web
              containerPort: 8080
`,
          ),
        ),
      ),
      'b.yaml': replicaSet(
        `${container(
          'app',
          `            - containerPort: 8080
`,
        )}${container(
          'sidecar',
          `            - containerPort: 8080
`,
        )}`,
      ),
    });
    expect(findings.map((f) => f.message)).toEqual([
      'Service default/web port 80 targetPort "http" matches no container port named "http" in ReplicaSet/frontend (a.yaml:15) (its ports: web:8080/TCP) and ReplicaSet/frontend (b.yaml:4) (its ports: 8080/TCP (twice)); those pods get no traffic on this port',
    ]);
  });

  it('accepts a named targetPort served by another container of the pod', () => {
    const yaml = docs(
      service(`    - name: http
      port: 80
      targetPort: http
`),
      deployment(
        'web',
        `${container(
          'app',
          `            - containerPort: 9000
`,
        )}${container(
          'proxy',
          `            - name: http
              containerPort: 8080
`,
        )}`,
      ),
    );
    expect(findingsOf('target-port-mismatch', yaml)).toEqual([]);
    const port = lintYaml(yaml).analysis.endpoints[0]!.ports[0]!;
    expect(port.endpoints.map((e) => [e.workload.name, e.container, e.containerPort])).toEqual([
      ['web', 'proxy', 8080],
    ]);
  });

  it('defaults targetPort to port when it is missing, 0 or ""', () => {
    const yaml = docs(
      service(`    - name: a
      port: 8080
    - name: b
      port: 9090
      targetPort: 0
    - name: c
      port: 9100
      targetPort: ""
`),
      deployment(
        'web',
        container(
          'app',
          `            - containerPort: 8080
            - containerPort: 9090
            - containerPort: 9100
`,
        ),
      ),
    );
    expect(findingsOf('target-port-mismatch', yaml)).toEqual([]);
    expect(lintYaml(yaml).analysis.endpoints[0]!.ports.map((p) => p.targetPort)).toEqual([8080, 9090, 9100]);
  });

  it('warns about a numeric targetPort no container declares, and about a defaulted one at the port', () => {
    const yaml = docs(
      service(`    - name: http
      port: 80
      targetPort: 80
    - name: admin
      port: 9000
`),
      deployment(
        'web',
        container(
          'app',
          `            - containerPort: 8080
`,
        ),
      ),
    );
    const findings = findingsOf('target-port-mismatch', yaml);
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'target-port-mismatch',
        severity: 'warning',
        line: 11,
        column: 19,
        endLine: 11,
        endColumn: 21,
        path: 'spec.ports[0].targetPort',
      },
      {
        ruleId: 'target-port-mismatch',
        severity: 'warning',
        line: 13,
        column: 13,
        endLine: 13,
        endColumn: 17,
        path: 'spec.ports[1].port',
      },
    ]);
    expect(findings[0]!.message).toContain(
      'targetPort 80 is not declared by any container of Deployment/web (its ports: 8080/TCP)',
    );
    expect(findings[1]!.message).toContain('port 9000 (targetPort defaults to 9000) is not declared');
    // Kubernetes still routes a numeric targetPort.
    expect(lintYaml(yaml).analysis.endpoints[0]!.ports[0]!.endpoints).toMatchObject([
      { container: null, containerPort: 80 },
    ]);
  });

  describe('a numeric targetPort no container declares: evidence of where the pods listen', () => {
    /** A container with command/args/env lines (already indented) and optional ports. */
    /** An init container that names port 15090; a sidecar with restartPolicy: Always. */
    const sidecar = (restartPolicy: string) => `
      initContainers:
        - name: stats
          image: example/stats:1.0${restartPolicy}
          args: ["--listen=:15090"]`;
    const listener = (name: string, lines: string, ports = '') => `        - name: ${name}
          image: example/${name}:1.0
${lines}${ports ? `          ports:\n${ports}` : ''}`;

    it('warns when the containers declare other ports and name the number nowhere (a port after a host name is a connection)', () => {
      const yaml = docs(
        service(`    - port: 80
      targetPort: 80
`),
        deployment(
          'web',
          listener(
            'app',
            `          args: ["--metrics-port=9090", "--upstream=http://api:80"]
          env:
            - name: CACHE
              value: cache.shop:80
`,
            `            - containerPort: 8080
`,
          ),
        ),
      );
      const findings = findingsOf('target-port-mismatch', yaml);
      expect(findings.map(brief)).toEqual([
        {
          ruleId: 'target-port-mismatch',
          severity: 'warning',
          line: 10,
          column: 19,
          endLine: 10,
          endColumn: 21,
          path: 'spec.ports[0].targetPort',
        },
      ]);
      expect(findings[0]!.message).toBe(
        'Service default/web port 80 targetPort 80 is not declared by any container of Deployment/web (its ports: 8080/TCP); traffic is still sent to port 80, so check that the process listens there',
      );
    });

    it('notes a number the containers name but do not declare beside their other ports', () => {
      const yaml = docs(
        service(`    - port: 80
      targetPort: 8080
`),
        deployment(
          'web',
          listener(
            'app',
            `          args: ["--port=8080"]
`,
            `            - name: metrics
              containerPort: 9090
`,
          ),
        ),
      );
      const findings = findingsOf('target-port-mismatch', yaml);
      expect(findings.map(brief)).toEqual([
        {
          ruleId: 'target-port-mismatch',
          severity: 'note',
          line: 10,
          column: 19,
          endLine: 10,
          endColumn: 23,
          path: 'spec.ports[0].targetPort',
        },
      ]);
      expect(findings[0]!.message).toBe(
        'Service default/web port 80 targetPort 8080 is not declared by any container of Deployment/web (its ports: metrics:9090/TCP), though container app args[0] "--port=8080" names it; traffic is sent to it all the same: declare it as a containerPort to document it',
      );
      expect(findings[0]!.related).toEqual([
        {
          file: 'test.yaml',
          line: 22,
          column: 7,
          endLine: 22,
          endColumn: 13,
          message: 'pod template of Deployment/web',
        },
      ]);
    });

    it('notes a number of containers that declare no ports and name it nowhere (the otel-collector case: a default port)', () => {
      const yaml = docs(
        service(`    - name: grpc-otlp
      port: 4317
      targetPort: 4317
`),
        deployment(
          'collector',
          listener(
            'otel',
            `          args: ["--config=/conf/collector.yaml"]
`,
          ),
        ),
      );
      const findings = findingsOf('target-port-mismatch', yaml);
      expect(findings.map(brief)).toEqual([
        {
          ruleId: 'target-port-mismatch',
          severity: 'note',
          line: 11,
          column: 19,
          endLine: 11,
          endColumn: 23,
          path: 'spec.ports[0].targetPort',
        },
      ]);
      expect(findings[0]!.message).toBe(
        "Service default/web port 4317 targetPort 4317: Deployment/collector declares no container ports and no command, args or env of its containers names 4317; traffic is still sent to port 4317, so check that the process listens there (an image's default port, say)",
      );
    });

    it('accepts containers without ports that say where they listen: flags, :port, host:port of their own, env, envFrom ConfigMaps, sidecars', () => {
      const configMap = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  LISTEN_PORT: "9000"
`;
      const ports = [7080, 8443, 4317, 8080, 9000, 9100, 3000, 15090]
        .map((n, i) => `    - name: p${i}\n      port: ${n}\n`)
        .join('');
      const yaml = docs(
        service(ports),
        configMap,
        deployment(
          'web',
          `${listener(
            'app',
            `          command: ["/server", "-addr=:4317", "--grpc", ":8443"]
          args: ["--port", "7080", "--metrics=0.0.0.0:9100", "--health=localhost:3000/healthz", "--http=$(PORT)"]
          env:
            - name: PORT
              value: "8080"
          envFrom:
            - configMapRef:
                name: settings
`,
          )}`,
          'app: web',
          sidecar('\n          restartPolicy: Always'),
        ),
      );
      expect(findingsOf('target-port-mismatch', yaml)).toEqual([]);
    });

    it('judges each selected workload on its own evidence: only the one that declares other ports is warned about', () => {
      const yaml = docs(
        service(`    - port: 80
      targetPort: 8080
`),
        deployment(
          'web-v1',
          listener(
            'app',
            `          args: ["--verbose"]
`,
            `            - containerPort: 9090
`,
          ),
        ),
        deployment(
          'web-v2',
          listener(
            'app',
            `          args: ["--port=8080"]
`,
          ),
        ),
      );
      const findings = findingsOf('target-port-mismatch', yaml);
      expect(findings.map((f) => [f.severity, f.path, f.message])).toEqual([
        [
          'warning',
          'spec.ports[0].targetPort',
          'Service default/web port 80 targetPort 8080 is not declared by any container of Deployment/web-v1 (its ports: 9090/TCP); traffic is still sent to port 8080, so check that the process listens there',
        ],
      ]);
      expect(findings[0]!.related.map((r) => r.message)).toEqual(['pod template of Deployment/web-v1']);
    });

    it('does not count an ordinary init container, which serves no traffic', () => {
      const yaml = docs(
        service(`    - port: 15090\n`),
        deployment('web', listener('app', `          args: ["--config=/etc/app.yaml"]\n`), 'app: web', sidecar('')),
      );
      expect(findingsOf('target-port-mismatch', yaml).map((f) => [f.severity, f.path])).toEqual([
        ['note', 'spec.ports[0].port'],
      ]);
    });
  });

  it('reports a port declared only with another protocol', () => {
    const yaml = docs(
      service(`    - name: dns
      port: 53
      protocol: UDP
      targetPort: dns
`),
      deployment(
        'web',
        container(
          'coredns',
          `            - name: dns
              containerPort: 53
`,
        ),
      ),
    );
    const findings = findingsOf('target-port-mismatch', yaml);
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'target-port-mismatch',
        severity: 'error',
        line: 12,
        column: 19,
        endLine: 12,
        endColumn: 22,
        path: 'spec.ports[0].targetPort',
      },
    ]);
    expect(findings[0]!.message).toBe(
      'Service default/web port 53 targetPort "dns" is UDP, but coredns of Deployment/web declares dns:53/TCP only with another protocol; those pods get no traffic on this port',
    );
  });

  it('warns (not errs) about a numeric targetPort declared only with another protocol: it is still routed', () => {
    const yaml = docs(
      service(`    - port: 9125
      targetPort: 9125
`),
      deployment(
        'web',
        container(
          'statsd',
          `            - containerPort: 9125
              protocol: UDP
`,
        ),
      ),
    );
    const findings = findingsOf('target-port-mismatch', yaml);
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'target-port-mismatch',
        severity: 'warning',
        line: 10,
        column: 19,
        endLine: 10,
        endColumn: 23,
        path: 'spec.ports[0].targetPort',
      },
    ]);
    expect(findings[0]!.message).toBe(
      'Service default/web port 9125 targetPort 9125 is TCP, but statsd of Deployment/web declares 9125/UDP only with another protocol; TCP traffic is still sent to port 9125, so check that the process listens for it',
    );
  });

  it('accepts TCP and UDP on one port number, each resolved by name and protocol', () => {
    const yaml = docs(
      service(`    - name: dns-udp
      port: 53
      protocol: UDP
      targetPort: dns
    - name: dns-tcp
      port: 53
      protocol: TCP
      targetPort: dns
`),
      deployment(
        'web',
        container(
          'coredns',
          `            - name: dns
              containerPort: 1053
              protocol: UDP
            - name: dns
              containerPort: 1053
              protocol: TCP
`,
        ),
      ),
    );
    expect(findingsOf('target-port-mismatch', yaml)).toEqual([]);
  });

  it('says which of several selected workloads lack the port', () => {
    const yaml = docs(
      service(`    - port: 80
      targetPort: http
`),
      deployment(
        'web-v1',
        container(
          'app',
          `            - name: http
              containerPort: 8080
`,
        ),
      ),
      deployment(
        'web-v2',
        container(
          'app',
          `            - name: web
              containerPort: 8080
`,
        ),
      ),
    );
    const findings = findingsOf('target-port-mismatch', yaml);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toBe(
      'Service default/web port 80 targetPort "http" matches no container port named "http" in Deployment/web-v2 (its ports: web:8080/TCP); those pods get no traffic on this port; Deployment/web-v1 serves it',
    );
  });

  it('resolves a named port to different numbers in different workloads', () => {
    const yaml = docs(
      service(`    - port: 80
      targetPort: http
`),
      deployment(
        'web-v1',
        container(
          'app',
          `            - name: http
              containerPort: 8080
`,
        ),
      ),
      deployment(
        'web-v2',
        container(
          'app',
          `            - name: http
              containerPort: 9090
`,
        ),
      ),
    );
    expect(findingsOf('target-port-mismatch', yaml)).toEqual([]);
    const endpoints = lintYaml(yaml).analysis.endpoints[0]!.ports[0]!.endpoints;
    expect(endpoints.map((e) => [e.workload.name, e.containerPort])).toEqual([
      ['web-v1', 8080],
      ['web-v2', 9090],
    ]);
  });

  it('counts sidecar init containers (restartPolicy: Always) but not ordinary init containers', () => {
    const init = (restartPolicy: string) => `
      initContainers:
        - name: proxy
          image: example/proxy:1.0${restartPolicy}
          ports:
            - name: http
              containerPort: 8080`;
    const svc = service(`    - port: 80
      targetPort: http
`);
    const app = container(
      'app',
      `            - containerPort: 9000
`,
    );
    expect(
      findingsOf(
        'target-port-mismatch',
        docs(svc, deployment('web', app, 'app: web', init('\n          restartPolicy: Always'))),
      ),
    ).toEqual([]);
    expect(findingsOf('target-port-mismatch', docs(svc, deployment('web', app, 'app: web', init(''))))).toHaveLength(1);
  });

  it('stays silent when the pods are made by an operator (ports unknown), for ExternalName and invalid targetPorts', () => {
    const operated = docs(
      service(`    - port: 9093
      targetPort: web
`),
      `apiVersion: monitoring.coreos.com/v1
kind: Alertmanager
metadata:
  name: main
spec:
  podMetadata:
    labels:
      app: web
`,
    );
    expect(findingsOf('target-port-mismatch', operated)).toEqual([]);
    const externalName = docs(
      service(
        `    - port: 80
      targetPort: http
`,
        `
  type: ExternalName
  externalName: db.example.com`,
      ),
      deployment(
        'web',
        container(
          'app',
          `            - containerPort: 8080
`,
        ),
      ),
    );
    expect(findingsOf('target-port-mismatch', externalName)).toEqual([]);
    // A quoted number is a port name the API server rejects; that is port-name's business.
    const quoted = docs(
      service(`    - port: 80
      targetPort: "8080"
`),
      deployment(
        'web',
        container(
          'app',
          `            - containerPort: 9000
`,
        ),
      ),
    );
    expect(findingsOf('target-port-mismatch', quoted)).toEqual([]);
  });

  it('judges no pods of a Deployment the API server rejects (a quoted containerPort): schema and orphan-service say why', () => {
    const yaml = docs(
      service(`    - port: 80
      targetPort: 8080
`),
      deployment(
        'web',
        container(
          'app',
          `            - containerPort: "8080"
`,
        ),
      ),
    );
    expect(findingsOf('target-port-mismatch', yaml)).toEqual([]);
    expect(findingsOf('schema', yaml).map((f) => f.path)).toEqual([
      'spec.template.spec.containers[0].ports[0].containerPort',
    ]);
    expect(findingsOf('orphan-service', yaml).map((f) => f.message)).toEqual([
      'Service default/web selects app=web, but its only pods would come from Deployment/web, which the cluster rejects: spec.template.spec.containers[0].ports[0].containerPort is invalid, so it has no endpoints',
    ]);
  });

  it('treats a container port whose name, number or protocol is a placeholder as unknown: nothing is judged against it', () => {
    const placeholderPorts = container(
      'app',
      `            - name: \${PORT_NAME}
              containerPort: \${PORT}
`,
    );
    // A numeric targetPort and a named one: the placeholder port may be either once it is filled in.
    const yaml = docs(
      service(`    - name: http
      port: 80
      targetPort: 8081
    - name: admin
      port: 9000
      targetPort: admin
`),
      deployment('web', placeholderPorts),
    );
    const result = lintYaml(yaml);
    expect(findingsOf('target-port-mismatch', yaml)).toEqual([]);
    expect(result.findings.map((f) => f.ruleId)).toEqual(['placeholder']);
    const [numeric, named] = result.analysis.endpoints[0]!.ports;
    // The number is routed as is all the same; the name has no known endpoint, and neither is a mistake.
    expect(numeric!.endpoints.map((e) => [e.workload.name, e.container, e.containerPort])).toEqual([
      ['web', null, 8081],
    ]);
    expect(numeric!.gaps.map((g) => g.kind)).toEqual(['placeholder']);
    expect(named!.endpoints).toEqual([]);
    expect(named!.gaps.map((g) => g.kind)).toEqual(['placeholder']);

    // Only the port that may match is unknown: a known port of another container is still judged as before...
    const known = container(
      'sidecar',
      `            - name: metrics
              containerPort: 9090
`,
    );
    const mixed = docs(
      service(`    - name: metrics
      port: 9090
      targetPort: metrics
`),
      deployment('web', `${placeholderPorts}${known}`),
    );
    expect(findingsOf('target-port-mismatch', mixed)).toEqual([]);
    expect(
      lintYaml(mixed).analysis.endpoints[0]!.ports[0]!.endpoints.map((e) => `${e.container}:${e.containerPort}`),
    ).toEqual(['sidecar:9090']);
    // ...and a placeholder in another field (the image) leaves the ports known.
    const imageOnly = docs(
      service(`    - port: 80
      targetPort: http
`),
      deployment(
        'web',
        container(
          'app',
          `            - name: web
              containerPort: 8080
`,
        ).replace('image: example/app:1.0', 'image: example/app:${TAG}'),
      ),
    );
    expect(findingsOf('target-port-mismatch', imageOnly).map((f) => f.severity)).toEqual(['error']);
  });

  it('treats a placeholder protocol on the port with the targetPort name as unknown', () => {
    const yaml = docs(
      service(`    - port: 53
      targetPort: dns
      protocol: UDP
`),
      deployment(
        'web',
        container(
          'app',
          `            - name: dns
              containerPort: 5353
              protocol: \${DNS_PROTOCOL}
`,
        ),
      ),
    );
    expect(findingsOf('target-port-mismatch', yaml)).toEqual([]);
    expect(lintYaml(yaml).analysis.endpoints[0]!.ports[0]!.gaps.map((g) => g.kind)).toEqual(['placeholder']);
  });

  it('shows the unknown port in the endpoint map instead of "no endpoints"', () => {
    const result = lintYaml(
      docs(
        service(`    - port: 80
      targetPort: http
`),
        deployment(
          'web',
          container(
            'app',
            `            - name: \${PORT_NAME}
              containerPort: 8080
`,
          ),
        ),
      ),
    );
    expect(formatEndpoints(result, { color: false, toolVersion: '0.0.0' })).toContain(
      'Deployment/web: container app has a port holding a placeholder (filled in before the manifest is applied), so whether it serves this port is unknown',
    );
    expect(formatEndpoints(result, { color: false, toolVersion: '0.0.0' })).not.toContain('no endpoints');
  });
});
