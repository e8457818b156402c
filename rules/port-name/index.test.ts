import { describe, expect, it } from 'vitest';
import { brief, docs, findingsOf, lintYaml, withRule } from '../../test/rule-tester.js';
import rule from './index.js';

const options = withRule(rule);
const portName = (yaml: string) => findingsOf('port-name', yaml, options);

const service = (ports: string) => `apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: shop
spec:
  selector:
    app: api
  ports:
${ports}`;

const deployment = (containers: string, initContainers = '') => `apiVersion: apps/v1
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
    spec:${initContainers}
      containers:
${containers}`;

const container = (name: string, ports: string) => `        - name: ${name}
          image: example/${name}:1.0
          ports:
${ports}`;

describe('port-name', () => {
  it('reports an unnamed port of a multi-port Service at its port, and a name that is not a DNS-1123 label', () => {
    const findings = portName(
      service(`    - name: HTTP
      port: 80
    - port: 9100
`),
    );
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'port-name',
        severity: 'error',
        line: 10,
        column: 13,
        endLine: 10,
        endColumn: 17,
        path: 'spec.ports[0].name',
      },
      {
        ruleId: 'port-name',
        severity: 'error',
        line: 12,
        column: 13,
        endLine: 12,
        endColumn: 17,
        path: 'spec.ports[1].name',
      },
    ]);
    expect(findings.map((f) => f.message)).toEqual([
      'Service shop/api port 80 name "HTTP" is not a valid DNS-1123 label: must be lowercase (found "H"); the API server rejects it',
      'Service shop/api port 9100 has no name, but every port of a Service with more than one port must be named; the API server rejects it',
    ]);
  });

  it('points at an explicitly empty name, and accepts a single unnamed port', () => {
    const empty = portName(
      service(`    - name: http
      port: 80
    - name: ""
      port: 9100
`),
    );
    expect(empty.map(brief)).toEqual([
      {
        ruleId: 'port-name',
        severity: 'error',
        line: 12,
        column: 13,
        endLine: 12,
        endColumn: 15,
        path: 'spec.ports[1].name',
      },
    ]);
    expect(
      portName(
        service(`    - port: 80
      targetPort: 8080
`),
      ),
    ).toEqual([]);
  });

  it('allows Service port names up to 63 characters (DNS-1123 label), unlike container port names', () => {
    const name63 = `metrics-${'a'.repeat(55)}`;
    expect(
      portName(
        service(`    - name: prometheus-metrics
      port: 9100
    - name: ${name63}
      port: 9200
`),
      ),
    ).toEqual([]);
    const findings = portName(
      service(`    - name: ${name63}b
      port: 9200
`),
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toBe(
      `Service shop/api port 9200 name "${name63}b" is not a valid DNS-1123 label: must be no more than 63 characters (it has 64); the API server rejects it`,
    );
    expect(
      portName(
        service(`    - name: web_ui
      port: 80
    - name: -web
      port: 81
`),
      ).map((f) => f.message),
    ).toEqual([
      'Service shop/api port 80 name "web_ui" is not a valid DNS-1123 label: must contain only lowercase alphanumerics and \'-\' (found "_"); the API server rejects it',
      'Service shop/api port 81 name "-web" is not a valid DNS-1123 label: must start with an alphanumeric character; the API server rejects it',
    ]);
  });

  it('reports a quoted numeric targetPort and suggests the number unquoted', () => {
    const findings = portName(
      service(`    - port: 80
      targetPort: "8080"
`),
    );
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'port-name',
        severity: 'error',
        line: 11,
        column: 19,
        endLine: 11,
        endColumn: 25,
        path: 'spec.ports[0].targetPort',
      },
    ]);
    expect(findings[0]!.message).toBe(
      'Service shop/api port 80 targetPort "8080" is not a valid port name (IANA_SVC_NAME): must contain at least one letter; the quotes make it a port name, not a number: write targetPort: 8080 unquoted; the API server rejects it',
    );
    // Out of port range: no number to suggest.
    expect(
      portName(
        service(`    - port: 80
      targetPort: '99999'
`),
      )[0]!.message,
    ).toBe(
      'Service shop/api port 80 targetPort "99999" is not a valid port name (IANA_SVC_NAME): must contain at least one letter; the API server rejects it',
    );
  });

  it('holds a string targetPort to IANA_SVC_NAME (15 characters) and accepts numbers, valid names and "" (defaulted)', () => {
    const findings = portName(
      service(`    - name: metrics
      port: 9100
      targetPort: metrics-exporter
    - name: web
      port: 80
      targetPort: web--ui
    - name: a
      port: 81
      targetPort: 8081
    - name: b
      port: 82
      targetPort: http-metrics
    - name: c
      port: 83
      targetPort: ""
`),
    );
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'port-name',
        severity: 'error',
        line: 12,
        column: 19,
        endLine: 12,
        endColumn: 35,
        path: 'spec.ports[0].targetPort',
      },
      {
        ruleId: 'port-name',
        severity: 'error',
        line: 15,
        column: 19,
        endLine: 15,
        endColumn: 26,
        path: 'spec.ports[1].targetPort',
      },
    ]);
    expect(findings.map((f) => f.message)).toEqual([
      'Service shop/api port 9100 targetPort "metrics-exporter" is not a valid port name (IANA_SVC_NAME): must be no more than 15 characters; the API server rejects it',
      'Service shop/api port 80 targetPort "web--ui" is not a valid port name (IANA_SVC_NAME): must not contain consecutive hyphens; the API server rejects it',
    ]);
  });

  it('reports container port names that are not IANA_SVC_NAMEs: http-metrics (12) is fine, metrics-exporter (16) is not', () => {
    const findings = portName(
      deployment(
        container(
          'api',
          `            - name: http-metrics
              containerPort: 9100
            - name: metrics-exporter
              containerPort: 9101
`,
        ),
      ),
    );
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'port-name',
        severity: 'error',
        line: 21,
        column: 21,
        endLine: 21,
        endColumn: 37,
        path: 'spec.template.spec.containers[0].ports[1].name',
      },
    ]);
    expect(findings[0]!.message).toBe(
      'Deployment shop/api container api port 9101 name "metrics-exporter" is not a valid port name (IANA_SVC_NAME): must be no more than 15 characters; the API server rejects it',
    );
  });

  it('checks init containers and bare Pods too, with the exact reason', () => {
    const init = `
      initContainers:
        - name: migrate
          image: example/migrate:1.0
          ports:
            - name: HTTP
              containerPort: 8000`;
    const findings = portName(
      deployment(
        container(
          'api',
          `            - name: "8080"
              containerPort: 8080
`,
        ),
        init,
      ),
    );
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'port-name',
        severity: 'error',
        line: 19,
        column: 21,
        endLine: 19,
        endColumn: 25,
        path: 'spec.template.spec.initContainers[0].ports[0].name',
      },
      {
        ruleId: 'port-name',
        severity: 'error',
        line: 25,
        column: 21,
        endLine: 25,
        endColumn: 27,
        path: 'spec.template.spec.containers[0].ports[0].name',
      },
    ]);
    expect(findings.map((f) => f.message)).toEqual([
      'Deployment shop/api container migrate port 8000 name "HTTP" is not a valid port name (IANA_SVC_NAME): must contain only lowercase alphanumerics and \'-\'; the API server rejects it',
      'Deployment shop/api container api port 8080 name "8080" is not a valid port name (IANA_SVC_NAME): must contain at least one letter; the API server rejects it',
    ]);
    const pod = portName(`apiVersion: v1
kind: Pod
metadata:
  name: debug
spec:
  containers:
    - name: shell
      image: busybox:1.36
      ports:
        - name: -debug
          containerPort: 4000
`);
    expect(pod.map(brief)).toEqual([
      {
        ruleId: 'port-name',
        severity: 'error',
        line: 10,
        column: 17,
        endLine: 10,
        endColumn: 23,
        path: 'spec.containers[0].ports[0].name',
      },
    ]);
    expect(pod[0]!.message).toContain(
      'Pod default/debug container shell port 4000 name "-debug" is not a valid port name (IANA_SVC_NAME): must not begin or end with a hyphen',
    );
  });

  it('leaves a valid setup alone: named ports resolving to short container port names', () => {
    const yaml = docs(
      service(`    - name: http
      port: 80
      targetPort: http
    - name: prometheus-metrics
      port: 9100
      targetPort: http-metrics
`),
      deployment(
        container(
          'api',
          `            - name: http
              containerPort: 8080
            - name: http-metrics
              containerPort: 9100
`,
        ),
      ),
    );
    expect(lintYaml(yaml, options).findings).toEqual([]);
  });

  it('runs its documentation examples: valid ones clean under all rules, invalid ones exactly one finding of this rule', () => {
    for (const example of rule.meta.examples.valid) expect(lintYaml(example.yaml, options).findings).toEqual([]);
    for (const example of rule.meta.examples.invalid) {
      expect(lintYaml(example.yaml, options).findings.map((f) => f.ruleId)).toEqual(['port-name']);
    }
  });
});
