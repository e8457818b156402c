import { describe, expect, it } from 'vitest';
import { brief, docs, findingsOf, lintYaml, withRule } from '../../test/rule-tester.js';
import rule, { nodePortConflictFindings } from './index.js';

const options = withRule(rule);

/** A Service without selector: only its type and ports matter here. */
const service = (name: string, ports: string, { type = 'NodePort', namespace = '', extra = '' } = {}) => `apiVersion: v1
kind: Service
metadata:
  name: ${name}${namespace ? `\n  namespace: ${namespace}` : ''}
spec:
  type: ${type}${extra}
  ports:
${ports}`;

describe('node-port-conflict', () => {
  it('reports the later Service in apply order, across files and namespaces, with the first as related location', () => {
    const input = {
      'a.yaml': service(
        'web',
        `    - port: 80
      nodePort: 30080
`,
        { namespace: 'shop' },
      ),
      'b.yaml': service(
        'api',
        `    - name: http
      port: 8080
      nodePort: 30080
`,
        { namespace: 'billing', type: 'LoadBalancer' },
      ),
    };
    const findings = findingsOf('node-port-conflict', input, options);
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'node-port-conflict',
        severity: 'error',
        line: 11,
        column: 17,
        endLine: 11,
        endColumn: 22,
        path: 'spec.ports[0].nodePort',
      },
    ]);
    expect(findings[0]!.file).toBe('b.yaml');
    expect(findings[0]!.message).toBe(
      'Service billing/api port 8080 nodePort 30080 is already used by Service shop/web for its port 80; node ports are allocated cluster-wide by number, whatever the protocol, so creating the Service fails: provided port is already allocated',
    );
    expect(findings[0]!.related).toEqual([
      {
        file: 'a.yaml',
        line: 10,
        column: 17,
        endLine: 10,
        endColumn: 22,
        message: 'port 80 nodePort 30080 of Service shop/web',
      },
    ]);
  });

  it('reports TCP on one Service and UDP on another: the allocator is keyed by number only', () => {
    const yaml = docs(
      service(
        'dns-tcp',
        `    - port: 53
      protocol: TCP
      nodePort: 30053
`,
      ),
      service(
        'dns-udp',
        `    - port: 53
      protocol: UDP
      nodePort: 30053
`,
      ),
    );
    const findings = findingsOf('node-port-conflict', yaml, options);
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'node-port-conflict',
        severity: 'error',
        line: 21,
        column: 17,
        endLine: 21,
        endColumn: 22,
        path: 'spec.ports[0].nodePort',
      },
    ]);
    expect(findings[0]!.message).toContain(
      'Service default/dns-udp port 53 nodePort 30053 is already used by Service default/dns-tcp for its port 53',
    );
  });

  it('reports every later Service against the first holder, once per Service and number', () => {
    const yaml = docs(
      service(
        'a',
        `    - port: 80
      nodePort: 30080
`,
      ),
      service(
        'b',
        `    - name: dns-tcp
      port: 53
      protocol: TCP
      nodePort: 30080
    - name: dns-udp
      port: 53
      protocol: UDP
      nodePort: 30080
`,
      ),
      service(
        'c',
        `    - port: 81
      nodePort: 30080
`,
      ),
    );
    const findings = findingsOf('node-port-conflict', yaml, options);
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'node-port-conflict',
        severity: 'error',
        line: 21,
        column: 17,
        endLine: 21,
        endColumn: 22,
        path: 'spec.ports[0].nodePort',
      },
      {
        ruleId: 'node-port-conflict',
        severity: 'error',
        line: 35,
        column: 17,
        endLine: 35,
        endColumn: 22,
        path: 'spec.ports[0].nodePort',
      },
    ]);
    expect(findings.map((f) => f.related[0]!.line)).toEqual([9, 9]);
    expect(findings[1]!.message).toContain(
      'Service default/c port 81 nodePort 30080 is already used by Service default/a for its port 80',
    );
  });

  it('accepts one Service reusing a nodePort for TCP and UDP, Services without nodePorts, and distinct nodePorts', () => {
    const yaml = docs(
      service(
        'dns',
        `    - name: dns-tcp
      port: 53
      protocol: TCP
      nodePort: 30053
    - name: dns-udp
      port: 53
      protocol: UDP
      nodePort: 30053
`,
      ),
      service(
        'auto-a',
        `    - port: 80
`,
      ),
      service(
        'auto-b',
        `    - port: 80
      nodePort: 0
`,
        { type: 'LoadBalancer' },
      ),
      service(
        'web',
        `    - port: 80
      nodePort: 30080
`,
      ),
    );
    expect(findingsOf('node-port-conflict', yaml, options)).toEqual([]);
  });

  it('leaves nodePorts of ClusterIP and ExternalName Services and out-of-range nodePorts to node-port-range', () => {
    const yaml = docs(
      service(
        'web',
        `    - port: 80
      nodePort: 30080
`,
      ),
      service(
        'internal',
        `    - port: 80
      nodePort: 30080
`,
        { type: 'ClusterIP' },
      ),
      service(
        'ext',
        `    - port: 80
      nodePort: 30080
`,
        { type: 'ExternalName', extra: '\n  externalName: db.example.com' },
      ),
      service(
        'low-a',
        `    - port: 80
      nodePort: 8080
`,
      ),
      service(
        'low-b',
        `    - port: 80
      nodePort: 8080
`,
      ),
    );
    const findings = lintYaml(yaml, options).findings;
    expect(findings.filter((f) => f.ruleId === 'node-port-conflict')).toEqual([]);
    expect(findings.filter((f) => f.ruleId === 'node-port-range').map((f) => f.object!.name)).toEqual([
      'internal',
      'ext',
      'low-a',
      'low-b',
    ]);
  });

  it('does not count the same Service declared again (an update keeps its node ports)', () => {
    const web = service(
      'web',
      `    - port: 80
      nodePort: 30080
`,
      { namespace: 'shop' },
    );
    expect(findingsOf('node-port-conflict', docs(web, web), options)).toEqual([]);
    const other = service(
      'web',
      `    - port: 80
      nodePort: 30080
`,
      { namespace: 'staging' },
    );
    expect(findingsOf('node-port-conflict', docs(web, other), options)).toHaveLength(1);
  });

  it('counts healthCheckNodePort, allocated from the same pool, including against the Service own nodePort', () => {
    const local = '\n  externalTrafficPolicy: Local\n  healthCheckNodePort: 30080';
    const yaml = docs(
      service(
        'web',
        `    - port: 80
      nodePort: 30080
`,
      ),
      service(
        'lb',
        `    - port: 443
      nodePort: 30443
`,
        { type: 'LoadBalancer', extra: local },
      ),
      service(
        'self',
        `    - port: 443
      nodePort: 30444
`,
        { type: 'LoadBalancer', extra: local.replace('30080', '30444') },
      ),
    );
    const findings = findingsOf('node-port-conflict', yaml, options);
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'node-port-conflict',
        severity: 'error',
        line: 18,
        column: 24,
        endLine: 18,
        endColumn: 29,
        path: 'spec.healthCheckNodePort',
      },
      {
        ruleId: 'node-port-conflict',
        severity: 'error',
        line: 30,
        column: 24,
        endLine: 30,
        endColumn: 29,
        path: 'spec.healthCheckNodePort',
      },
    ]);
    expect(findings[0]!.message).toContain(
      'Service default/lb healthCheckNodePort 30080 is already used by Service default/web for its port 80',
    );
    expect(findings[1]!.message).toContain(
      'Service default/self healthCheckNodePort 30444 is already used by its own port 443 nodePort',
    );
    // Without externalTrafficPolicy: Local no health check port is allocated.
    expect(findingsOf('node-port-conflict', yaml.replaceAll('Local', 'Cluster'), options)).toEqual([]);
  });

  it('indexes by number: thousands of Services are checked in one pass', () => {
    const services = Array.from({ length: 4000 }, (_, i) =>
      service(
        `s${i}`,
        `    - port: 80
      nodePort: ${30000 + (i % 2000)}
`,
      ),
    );
    const model = lintYaml(docs(...services), { rules: [] }).model;
    const findings = nodePortConflictFindings(model, { first: 30000, last: 32767 });
    expect(findings).toHaveLength(2000);
    expect(findings[0]!.message).toContain(
      'Service default/s2000 port 80 nodePort 30000 is already used by Service default/s0',
    );
  });

  it('meta examples: valid ones give no findings from any rule, invalid ones exactly one of this rule', () => {
    for (const example of rule.meta.examples.valid) expect(lintYaml(example.yaml, options).findings).toEqual([]);
    for (const example of rule.meta.examples.invalid) {
      expect(lintYaml(example.yaml, options).findings.map((f) => f.ruleId)).toEqual(['node-port-conflict']);
    }
  });
});
