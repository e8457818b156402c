import { describe, expect, it } from 'vitest';
import { brief, docs, findingsOf, lintYaml, withRule } from '../../test/rule-tester.js';
import rule, { DEFAULT_NODE_PORT_RANGE, nodePortRangeFindings, parseNodePortRange } from './index.js';

const options = withRule(rule);

/** A Service with the given spec lines (indented two spaces) and no selector, so only its ports matter. */
const service = (name: string, spec: string) => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
${spec}`;

describe('node-port-range', () => {
  it('reports a nodePort below and above the default range at the nodePort value', () => {
    const yaml = service(
      'web',
      `  type: NodePort
  ports:
    - name: http
      port: 80
      nodePort: 8080
    - name: https
      port: 443
      nodePort: 32768
`,
    );
    const findings = findingsOf('node-port-range', yaml, options);
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'node-port-range',
        severity: 'error',
        line: 10,
        column: 17,
        endLine: 10,
        endColumn: 21,
        path: 'spec.ports[0].nodePort',
      },
      {
        ruleId: 'node-port-range',
        severity: 'error',
        line: 13,
        column: 17,
        endLine: 13,
        endColumn: 22,
        path: 'spec.ports[1].nodePort',
      },
    ]);
    expect(findings[0]!.message).toBe(
      'Service default/web port 80 nodePort 8080 is outside the node port range 30000-32767; the API server rejects the Service: provided port is not in the valid range',
    );
    expect(findings[1]!.message).toContain('port 443 nodePort 32768 is outside the node port range 30000-32767');
  });

  it('accepts both ends of the range, a missing nodePort and nodePort 0 (auto-allocated) on a LoadBalancer', () => {
    const yaml = service(
      'web',
      `  type: LoadBalancer
  ports:
    - { name: a, port: 80, nodePort: 30000 }
    - { name: b, port: 81, nodePort: 32767 }
    - { name: c, port: 82 }
    - { name: d, port: 83, nodePort: 0 }
`,
    );
    expect(findingsOf('node-port-range', yaml, options)).toEqual([]);
  });

  it('reports any nodePort on a ClusterIP Service, explicit, defaulted or headless', () => {
    const yaml = docs(
      service(
        'explicit',
        `  type: ClusterIP
  ports:
    - port: 80
      nodePort: 30080
`,
      ),
      service(
        'defaulted',
        `  ports:
    - port: 80
      nodePort: 30081
`,
      ),
      service(
        'db',
        `  clusterIP: None
  ports:
    - port: 5432
      nodePort: 30432
`,
      ),
    );
    const findings = findingsOf('node-port-range', yaml, options);
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'node-port-range',
        severity: 'error',
        line: 9,
        column: 17,
        endLine: 9,
        endColumn: 22,
        path: 'spec.ports[0].nodePort',
      },
      {
        ruleId: 'node-port-range',
        severity: 'error',
        line: 18,
        column: 17,
        endLine: 18,
        endColumn: 22,
        path: 'spec.ports[0].nodePort',
      },
      {
        ruleId: 'node-port-range',
        severity: 'error',
        line: 28,
        column: 17,
        endLine: 28,
        endColumn: 22,
        path: 'spec.ports[0].nodePort',
      },
    ]);
    expect(findings.map((f) => f.message)).toEqual([
      "Service default/explicit port 80 nodePort 30080 is set, but the Service is of type ClusterIP; the API server rejects it: nodePort may not be used when type is 'ClusterIP'",
      "Service default/defaulted port 80 nodePort 30081 is set, but the Service is of type ClusterIP (the default); the API server rejects it: nodePort may not be used when type is 'ClusterIP'",
      "Service default/db port 5432 nodePort 30432 is set, but the Service is headless (clusterIP: None) and so of type ClusterIP; the API server rejects it: nodePort may not be used when type is 'ClusterIP'",
    ]);
  });

  it('warns about a nodePort on an ExternalName Service, which the API server accepts and ignores', () => {
    const yaml = service(
      'db',
      `  type: ExternalName
  externalName: db.example.com
  ports:
    - port: 5432
      nodePort: 30432
`,
    );
    const findings = findingsOf('node-port-range', yaml, options);
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'node-port-range',
        severity: 'warning',
        line: 10,
        column: 17,
        endLine: 10,
        endColumn: 22,
        path: 'spec.ports[0].nodePort',
      },
    ]);
    expect(findings[0]!.message).toBe(
      'Service default/db port 5432 nodePort 30432 is set on an ExternalName Service, which gets no node ports; the API server accepts it but never opens the port',
    );
  });

  it('skips nodePorts that are not integers (the schema rule judges them) and unknown Service types', () => {
    const yaml = docs(
      service(
        'quoted',
        `  type: NodePort
  ports:
    - name: a
      port: 80
      nodePort: "8080"
    - name: b
      port: 81
      nodePort: 8080.5
`,
      ),
      service(
        'typo',
        `  type: Nodeport
  ports:
    - port: 80
      nodePort: 8080
`,
      ),
    );
    expect(findingsOf('node-port-range', yaml, options)).toEqual([]);
  });

  it('checks healthCheckNodePort of a LoadBalancer with externalTrafficPolicy Local, and only then', () => {
    const local = service(
      'lb',
      `  type: LoadBalancer
  externalTrafficPolicy: Local
  healthCheckNodePort: 10256
  ports:
    - port: 80
`,
    );
    const findings = findingsOf('node-port-range', local, options);
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'node-port-range',
        severity: 'error',
        line: 8,
        column: 24,
        endLine: 8,
        endColumn: 29,
        path: 'spec.healthCheckNodePort',
      },
    ]);
    expect(findings[0]!.message).toBe(
      'Service default/lb healthCheckNodePort 10256 is outside the node port range 30000-32767; creating the Service fails: provided port is not in the valid range',
    );
    // With Cluster the field is a validation error of its own, not a range problem.
    expect(findingsOf('node-port-range', local.replace('Local', 'Cluster'), options)).toEqual([]);
    expect(findingsOf('node-port-range', local.replace('10256', '30256'), options)).toEqual([]);
  });

  it('judges against the range it is given (--node-port-range)', () => {
    const yaml = service(
      'web',
      `  type: NodePort
  ports:
    - name: a
      port: 80
      nodePort: 8080
    - name: b
      port: 81
      nodePort: 30080
`,
    );
    const model = lintYaml(yaml, options).model;
    const custom = nodePortRangeFindings(model, { first: 8000, last: 9000 });
    expect(custom.map((f) => [f.path, f.message])).toEqual([
      [
        'spec.ports[1].nodePort',
        'Service default/web port 81 nodePort 30080 is outside the node port range 8000-9000; the API server rejects the Service: provided port is not in the valid range',
      ],
    ]);
    expect(nodePortRangeFindings(model, DEFAULT_NODE_PORT_RANGE).map((f) => f.path)).toEqual([
      'spec.ports[0].nodePort',
    ]);
  });

  it('parses --node-port-range values as the API server does', () => {
    expect(DEFAULT_NODE_PORT_RANGE).toEqual({ first: 30000, last: 32767 });
    expect(parseNodePortRange('30000-32767')).toEqual({ first: 30000, last: 32767 });
    expect(parseNodePortRange(' 8000+999 ')).toEqual({ first: 8000, last: 8999 });
    expect(parseNodePortRange('30000')).toEqual({ first: 30000, last: 30000 });
    expect(parseNodePortRange('32767-30000')).toBe('end port cannot be less than start port: 32767-30000');
    expect(parseNodePortRange('30000-70000')).toBe('the port range cannot be greater than 65535: 30000-70000');
    expect(parseNodePortRange('a-b')).toBe('unable to parse port range: a-b');
  });

  it('meta examples: valid ones give no findings from any rule, invalid ones exactly one of this rule', () => {
    for (const example of rule.meta.examples.valid) expect(lintYaml(example.yaml, options).findings).toEqual([]);
    for (const example of rule.meta.examples.invalid) {
      expect(lintYaml(example.yaml, options).findings.map((f) => f.ruleId)).toEqual(['node-port-range']);
    }
  });
});
