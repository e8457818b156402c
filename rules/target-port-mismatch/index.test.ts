import { describe, expect, it } from 'vitest';
import { brief, docs, findingsOf, lintYaml } from '../../test/rule-tester.js';

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
      deployment('web', container('app', `            - name: web
              containerPort: 8080
`)),
    );
    const findings = findingsOf('target-port-mismatch', yaml);
    expect(findings.map(brief)).toEqual([
      { ruleId: 'target-port-mismatch', severity: 'error', line: 10, column: 19, endLine: 10, endColumn: 23, path: 'spec.ports[0].targetPort' },
    ]);
    expect(findings[0]!.message).toBe(
      'Service default/web port 80 targetPort "http" matches no container port named "http" in Deployment/web (its ports: web:8080/TCP); those pods get no traffic on this port',
    );
    expect(findings[0]!.related).toEqual([
      { file: 'test.yaml', line: 22, column: 7, endLine: 22, endColumn: 13, message: 'pod template of Deployment/web' },
    ]);
  });

  it('accepts a named targetPort served by another container of the pod', () => {
    const yaml = docs(
      service(`    - name: http
      port: 80
      targetPort: http
`),
      deployment('web', `${container('app', `            - containerPort: 9000
`)}${container('proxy', `            - name: http
              containerPort: 8080
`)}`),
    );
    expect(findingsOf('target-port-mismatch', yaml)).toEqual([]);
    const port = lintYaml(yaml).analysis.endpoints[0]!.ports[0]!;
    expect(port.endpoints.map((e) => [e.workload.name, e.container, e.containerPort])).toEqual([['web', 'proxy', 8080]]);
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
      deployment('web', container('app', `            - containerPort: 8080
            - containerPort: 9090
            - containerPort: 9100
`)),
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
      deployment('web', container('app', `            - containerPort: 8080
`)),
    );
    const findings = findingsOf('target-port-mismatch', yaml);
    expect(findings.map(brief)).toEqual([
      { ruleId: 'target-port-mismatch', severity: 'warning', line: 11, column: 19, endLine: 11, endColumn: 21, path: 'spec.ports[0].targetPort' },
      { ruleId: 'target-port-mismatch', severity: 'warning', line: 13, column: 13, endLine: 13, endColumn: 17, path: 'spec.ports[1].port' },
    ]);
    expect(findings[0]!.message).toContain('targetPort 80 is not declared by any container of Deployment/web (its ports: 8080/TCP)');
    expect(findings[1]!.message).toContain('port 9000 (targetPort defaults to 9000) is not declared');
    // Kubernetes still routes a numeric targetPort.
    expect(lintYaml(yaml).analysis.endpoints[0]!.ports[0]!.endpoints).toMatchObject([{ container: null, containerPort: 80 }]);
  });

  it('reports a port declared only with another protocol', () => {
    const yaml = docs(
      service(`    - name: dns
      port: 53
      protocol: UDP
      targetPort: dns
`),
      deployment('web', container('coredns', `            - name: dns
              containerPort: 53
`)),
    );
    const findings = findingsOf('target-port-mismatch', yaml);
    expect(findings.map(brief)).toEqual([
      { ruleId: 'target-port-mismatch', severity: 'error', line: 12, column: 19, endLine: 12, endColumn: 22, path: 'spec.ports[0].targetPort' },
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
      deployment('web', container('statsd', `            - containerPort: 9125
              protocol: UDP
`)),
    );
    const findings = findingsOf('target-port-mismatch', yaml);
    expect(findings.map(brief)).toEqual([
      { ruleId: 'target-port-mismatch', severity: 'warning', line: 10, column: 19, endLine: 10, endColumn: 23, path: 'spec.ports[0].targetPort' },
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
      deployment('web', container('coredns', `            - name: dns
              containerPort: 1053
              protocol: UDP
            - name: dns
              containerPort: 1053
              protocol: TCP
`)),
    );
    expect(findingsOf('target-port-mismatch', yaml)).toEqual([]);
  });

  it('says which of several selected workloads lack the port', () => {
    const yaml = docs(
      service(`    - port: 80
      targetPort: http
`),
      deployment('web-v1', container('app', `            - name: http
              containerPort: 8080
`)),
      deployment('web-v2', container('app', `            - name: web
              containerPort: 8080
`)),
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
      deployment('web-v1', container('app', `            - name: http
              containerPort: 8080
`)),
      deployment('web-v2', container('app', `            - name: http
              containerPort: 9090
`)),
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
    const app = container('app', `            - containerPort: 9000
`);
    expect(findingsOf('target-port-mismatch', docs(svc, deployment('web', app, 'app: web', init('\n          restartPolicy: Always'))))).toEqual([]);
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
      service(`    - port: 80
      targetPort: http
`, `
  type: ExternalName
  externalName: db.example.com`),
      deployment('web', container('app', `            - containerPort: 8080
`)),
    );
    expect(findingsOf('target-port-mismatch', externalName)).toEqual([]);
    // A quoted number is a port name the API server rejects; that is port-name's business.
    const quoted = docs(
      service(`    - port: 80
      targetPort: "8080"
`),
      deployment('web', container('app', `            - containerPort: 9000
`)),
    );
    expect(findingsOf('target-port-mismatch', quoted)).toEqual([]);
  });

  it('shows a quoted containerPort as quoted: it is not the number the targetPort names', () => {
    const yaml = docs(
      service(`    - port: 80
      targetPort: 8080
`),
      deployment('web', container('app', `            - containerPort: "8080"
`)),
    );
    const findings = findingsOf('target-port-mismatch', yaml);
    expect(findings.map((f) => f.message)).toEqual([
      'Service default/web port 80 targetPort 8080 is not declared by any container of Deployment/web (its ports: "8080"/TCP); traffic is still sent to port 8080, so check that the process listens there',
    ]);
    expect(findingsOf('schema', yaml).map((f) => f.path)).toEqual(['spec.template.spec.containers[0].ports[0].containerPort']);
  });
});
