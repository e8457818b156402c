import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintPaths } from '../../src/index.js';
import { brief, docs, findingsOf, lintYaml, withRule } from '../../test/rule-tester.js';
import rule from './index.js';

const options = withRule(rule);
const schemaFindings = (yaml: string) => findingsOf('schema', yaml, options);

const service = `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector:
    app: web
  ports:
    - name: http
      port: "80"
      targetPort: http
`;

const deployment = (ports: string, labels = 'app: web') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        ${labels}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports:
${ports}`;

describe('schema', () => {
  it('reports a Service port written as a string at the value, naming the Service', () => {
    const findings = schemaFindings(service);
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'schema',
        severity: 'error',
        line: 11,
        column: 13,
        endLine: 11,
        endColumn: 17,
        path: 'spec.ports[0].port',
      },
    ]);
    expect(findings[0]!.message).toBe(
      'Service shop/web spec.ports[0].port must be an integer, not the string "80"; the API server rejects it',
    );
  });

  it('reports a containerPort that is not a number and an unknown container port protocol: two findings', () => {
    const findings = schemaFindings(
      deployment(`            - name: http
              containerPort: abc
            - name: dns
              containerPort: 53
              protocol: udp
`),
    );
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'schema',
        severity: 'error',
        line: 20,
        column: 30,
        endLine: 20,
        endColumn: 33,
        path: 'spec.template.spec.containers[0].ports[0].containerPort',
      },
      {
        ruleId: 'schema',
        severity: 'error',
        line: 23,
        column: 25,
        endLine: 23,
        endColumn: 28,
        path: 'spec.template.spec.containers[0].ports[1].protocol',
      },
    ]);
    expect(findings.map((f) => f.message)).toEqual([
      'Deployment shop/web spec.template.spec.containers[0].ports[0].containerPort must be an integer, not the string "abc"; the API server rejects it',
      'Deployment shop/web spec.template.spec.containers[0].ports[1].protocol "udp" is not one of TCP, UDP, SCTP (case-sensitive; did you mean UDP?); the API server rejects it',
    ]);
  });

  it('reports a container port without containerPort at the first line of the port', () => {
    const findings = schemaFindings(
      deployment(`            - name: http
              protocol: TCP
`),
    );
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'schema',
        severity: 'error',
        line: 19,
        column: 15,
        endLine: 19,
        endColumn: 25,
        path: 'spec.template.spec.containers[0].ports[0].containerPort',
      },
    ]);
    expect(findings[0]!.message).toBe(
      'Deployment shop/web spec.template.spec.containers[0].ports[0].containerPort is required but missing; the API server rejects it',
    );
  });

  it('reports a template label value that is not a string, with the number as written', () => {
    const findings = schemaFindings(deployment('            - containerPort: 8080\n', 'version: 2.10'));
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'schema',
        severity: 'error',
        line: 13,
        column: 18,
        endLine: 13,
        endColumn: 22,
        path: 'spec.template.metadata.labels.version',
      },
    ]);
    expect(findings[0]!.message).toBe(
      'Deployment shop/web spec.template.metadata.labels.version must be a string, not the number 2.10; the API server rejects it',
    );
  });

  it('reports an apps/v1 pod template without containers at the template spec key', () => {
    const yaml = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      initContainers:
        - name: init
          image: busybox:1.36
`;
    const findings = schemaFindings(yaml);
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'schema',
        severity: 'error',
        line: 14,
        column: 5,
        endLine: 14,
        endColumn: 9,
        path: 'spec.template.spec.containers',
      },
    ]);
    expect(findings[0]!.message).toBe(
      'StatefulSet default/db spec.template.spec.containers is required but missing; the API server rejects it',
    );
  });

  it('reports a Service selector written as a list at its key, in a second document', () => {
    const yaml = docs(
      `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  port: "80"
`,
      `apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector:
    - app: api
  ports:
    - port: 80
`,
    );
    const findings = schemaFindings(yaml);
    expect(findings.map(brief)).toEqual([
      { ruleId: 'schema', severity: 'error', line: 13, column: 3, endLine: 13, endColumn: 11, path: 'spec.selector' },
    ]);
    expect(findings[0]!.message).toBe(
      'Service default/api spec.selector must be a mapping, not a list; the API server rejects it',
    );
  });

  it('reports an Ingress backend port number written as a string and an HTTPRoute backendRef without a name', () => {
    const yaml = docs(
      `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  rules:
    - http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: web
                port: { number: "80" }
`,
      `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: web
spec:
  rules:
    - backendRefs:
        - port: 80
`,
    );
    const findings = lintYaml(yaml, options).findings.filter((f) => f.ruleId === 'schema');
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'schema',
        severity: 'error',
        line: 14,
        column: 33,
        endLine: 14,
        endColumn: 37,
        path: 'spec.rules[0].http.paths[0].backend.service.port.number',
      },
      {
        ruleId: 'schema',
        severity: 'error',
        line: 23,
        column: 11,
        endLine: 23,
        endColumn: 19,
        path: 'spec.rules[0].backendRefs[0].name',
      },
    ]);
    expect(findings.map((f) => f.message)).toEqual([
      'Ingress default/web spec.rules[0].http.paths[0].backend.service.port.number must be an integer, not the string "80"; the API server rejects it',
      'HTTPRoute default/web spec.rules[0].backendRefs[0].name is required but missing; the API server rejects it',
    ]);
  });

  it('does not report a quoted targetPort: it is an IntOrString string, judged by port-name', () => {
    const yaml = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - port: 80
      targetPort: "8080"
`;
    const ruleIds = lintYaml(yaml, options).findings.map((f) => f.ruleId);
    expect(ruleIds).not.toContain('schema');
    expect(ruleIds).toContain('port-name');
  });

  it('accepts unknown fields, and does not check custom resources', () => {
    const yaml = docs(
      `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  trafficDistribution: PreferClose
  selector:
    app: web
  ports:
    - port: 80
      somethingNew: { a: 1 }
`,
      `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: web
spec:
  replicas: "2"
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
          ports:
            - containerPort: "8080"
`,
    );
    expect(schemaFindings(yaml)).toEqual([]);
  });

  describe('meta examples', () => {
    it.each(rule.meta.examples.valid.map((e) => [e.title, e.yaml] as const))(
      'valid: %s gives no findings from any rule',
      (_title, yaml) => {
        expect(lintYaml(yaml, options).findings.map((f) => `${f.ruleId}@${f.line}:${f.column}`)).toEqual([]);
      },
    );
    it.each(rule.meta.examples.invalid.map((e) => [e.title, e.yaml] as const))(
      'invalid: %s gives exactly one finding, of schema',
      (_title, yaml) => {
        expect(lintYaml(yaml, options).findings.map((f) => f.ruleId)).toEqual(['schema']);
      },
    );
  });

  const corpus = path.resolve(import.meta.dirname, '../../../shared/corpus');
  const directories = existsSync(corpus)
    ? readdirSync(corpus, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort()
    : [];
  describe.skipIf(directories.length === 0)('real-world corpus', () => {
    it.each(directories)('%s gives no schema findings', async (dir) => {
      const result = await lintPaths([path.join(corpus, dir)], {
        cwd: path.resolve(import.meta.dirname, '../..'),
        ...options,
      });
      expect(
        result.findings.filter((f) => f.ruleId === 'schema').map((f) => `${f.file}:${f.line}:${f.column} ${f.message}`),
      ).toEqual([]);
    });
  });
});

describe('schema and placeholders', () => {
  it('does not judge fields that hold placeholders (see placeholder), and still judges the others', () => {
    const findings = findingsOf(
      'schema',
      `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - port: \${PORT}
      nodePort: {{NODE_PORT}}
      protocol: \${PROTOCOL}
    - port: "81"
      name: other
`,
    );
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'schema',
        severity: 'error',
        line: 12,
        column: 13,
        endLine: 12,
        endColumn: 17,
        path: 'spec.ports[1].port',
      },
    ]);
  });
});
