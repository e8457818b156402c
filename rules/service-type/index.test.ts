import { describe, expect, it } from 'vitest';
import { brief, docs, findingsOf, lintYaml, withRule } from '../../test/rule-tester.js';
import rule from './index.js';

const options = withRule(rule);
const serviceType = (yaml: string) => findingsOf('service-type', yaml, options);

/** A Service in namespace shop; its spec lines start at line 7. */
const service = (spec: string, name = 'web', annotations = '') => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: shop${annotations}
spec:
${spec}`;

const ports = `  ports:
    - port: 80
      targetPort: 8080
`;

const workload = (kind: string, extra = '') => `apiVersion: apps/v1
kind: ${kind}
metadata:
  name: web
  namespace: shop
spec:${extra}
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
          image: example/web:2.0
          ports:
            - containerPort: 8080
`;

describe('service-type', () => {
  it('rejects a cluster IP on an ExternalName Service, at clusterIP or clusterIPs', () => {
    const findings = serviceType(
      docs(
        service(
          `  type: ExternalName
  clusterIP: None
  externalName: db.example.com
`,
          'db',
        ),
        service(
          `  type: ExternalName
  externalName: cache.example.com
  clusterIPs:
    - 10.96.0.10
`,
          'cache',
        ),
      ),
    );
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'service-type',
        severity: 'error',
        line: 8,
        column: 14,
        endLine: 8,
        endColumn: 18,
        path: 'spec.clusterIP',
      },
      {
        ruleId: 'service-type',
        severity: 'error',
        line: 19,
        column: 3,
        endLine: 19,
        endColumn: 13,
        path: 'spec.clusterIPs',
      },
    ]);
    expect(findings[0]!.message).toBe(
      'Service shop/db is of type ExternalName but sets clusterIP None, which "may not be set for ExternalName services" (an ExternalName Service has no cluster IP); the API server rejects it',
    );
    expect(findings[1]!.message).toContain('Service shop/cache is of type ExternalName but sets clusterIPs, which');
  });

  it('accepts an ExternalName Service without clusterIP, or with an empty one, and with ports', () => {
    const yaml = docs(
      service(
        `  type: ExternalName
  externalName: db.example.com.
`,
        'db',
      ),
      service(
        `  type: ExternalName
  clusterIP: ""
  externalName: cache.example.com
  ports:
    - name: redis
      port: 6379
`,
        'cache',
      ),
    );
    expect(lintYaml(yaml, options).findings).toEqual([]);
  });

  it('rejects ipFamilies, ipFamilyPolicy and a missing externalName on an ExternalName Service', () => {
    const findings = serviceType(
      service(
        `  type: ExternalName
  ipFamilyPolicy: SingleStack
  ipFamilies: [IPv4]
`,
        'db',
      ),
    );
    expect(findings.map((f) => [f.line, f.column, f.path, f.severity])).toEqual([
      [7, 9, 'spec.externalName', 'error'],
      [8, 19, 'spec.ipFamilyPolicy', 'error'],
      [9, 3, 'spec.ipFamilies', 'error'],
    ]);
    expect(findings[0]!.message).toBe(
      'Service shop/db is of type ExternalName but has no externalName (the DNS name it aliases); the API server rejects it',
    );
    // A lone dot is trimmed to nothing.
    expect(
      serviceType(
        service(`  type: ExternalName
  externalName: .
`),
      ).map((f) => [f.line, f.column, f.path]),
    ).toEqual([[8, 17, 'spec.externalName']]);
  });

  it('rejects a headless NodePort or LoadBalancer Service', () => {
    const findings = serviceType(
      docs(
        service(`  type: NodePort
  clusterIP: None
${ports}`),
        service(
          `  type: LoadBalancer
  clusterIPs: [None]
${ports}`,
          'lb',
        ),
      ),
    );
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'service-type',
        severity: 'error',
        line: 8,
        column: 14,
        endLine: 8,
        endColumn: 18,
        path: 'spec.clusterIP',
      },
      {
        ruleId: 'service-type',
        severity: 'error',
        line: 20,
        column: 3,
        endLine: 20,
        endColumn: 13,
        path: 'spec.clusterIPs',
      },
    ]);
    expect(findings[0]!.message).toBe(
      'Service shop/web is headless (clusterIP None), which "may not be set to \'None\' for NodePort services": only a ClusterIP Service can be headless; the API server rejects it',
    );
    expect(findings[1]!.message).toContain('"may not be set to \'None\' for LoadBalancer services"');
  });

  it('accepts a headless Service with a selector that governs a StatefulSet', () => {
    const yaml = docs(
      service(`  clusterIP: None
  selector:
    app: web
${ports}`),
      workload('StatefulSet', '\n  serviceName: web'),
    );
    expect(lintYaml(yaml, options).findings).toEqual([]);
  });

  it('rejects externalTrafficPolicy on a ClusterIP Service without externalIPs', () => {
    const findings = serviceType(
      service(`  selector:
    app: web
  externalTrafficPolicy: Local
${ports}`),
    );
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'service-type',
        severity: 'error',
        line: 9,
        column: 26,
        endLine: 9,
        endColumn: 31,
        path: 'spec.externalTrafficPolicy',
      },
    ]);
    expect(findings[0]!.message).toBe(
      'Service shop/web sets externalTrafficPolicy, which "may only be set for externally-accessible services", but it is a ClusterIP Service without externalIPs; the API server rejects it',
    );
  });

  it('accepts externalTrafficPolicy Local on NodePort, and on ClusterIP with externalIPs', () => {
    const nodePort = docs(
      service(`  type: NodePort
  externalTrafficPolicy: Local
  selector:
    app: web
${ports}`),
      workload('Deployment'),
    );
    expect(lintYaml(nodePort, options).findings).toEqual([]);
    const externalIPs = service(`  externalIPs: [203.0.113.7]
  externalTrafficPolicy: Cluster
${ports}`);
    expect(serviceType(externalIPs)).toEqual([]);
  });

  it('rejects an externalTrafficPolicy value other than Cluster or Local, case-sensitively', () => {
    const findings = serviceType(
      service(`  type: LoadBalancer
  externalTrafficPolicy: local
${ports}`),
    );
    expect(findings.map((f) => [f.line, f.column, f.endColumn, f.path])).toEqual([
      [8, 26, 31, 'spec.externalTrafficPolicy'],
    ]);
    expect(findings[0]!.message).toBe(
      'Service shop/web externalTrafficPolicy "local" is not one of Cluster, Local (case-sensitive; did you mean Local?); the API server rejects it',
    );
  });

  it('allows healthCheckNodePort only on a LoadBalancer with externalTrafficPolicy Local', () => {
    expect(
      serviceType(
        service(`  type: LoadBalancer
  externalTrafficPolicy: Local
  healthCheckNodePort: 32100
${ports}`),
      ),
    ).toEqual([]);
    const findings = serviceType(
      service(`  type: LoadBalancer
  healthCheckNodePort: 32100
${ports}`),
    );
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'service-type',
        severity: 'error',
        line: 8,
        column: 24,
        endLine: 8,
        endColumn: 29,
        path: 'spec.healthCheckNodePort',
      },
    ]);
    expect(findings[0]!.message).toBe(
      'Service shop/web sets healthCheckNodePort, which may only be set when type is LoadBalancer and externalTrafficPolicy is Local; the API server rejects it',
    );
  });

  it('rejects loadBalancerSourceRanges (field or annotation) and allocateLoadBalancerNodePorts on other types', () => {
    const findings = serviceType(
      docs(
        service(`  type: NodePort
  loadBalancerSourceRanges:
    - 10.0.0.0/8
  allocateLoadBalancerNodePorts: false
${ports}`),
        service(
          ports,
          'internal',
          `
  annotations:
    service.beta.kubernetes.io/load-balancer-source-ranges: 10.0.0.0/8`,
        ),
      ),
    );
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'service-type',
        severity: 'error',
        line: 8,
        column: 3,
        endLine: 8,
        endColumn: 27,
        path: 'spec.loadBalancerSourceRanges',
      },
      {
        ruleId: 'service-type',
        severity: 'error',
        line: 10,
        column: 34,
        endLine: 10,
        endColumn: 39,
        path: 'spec.allocateLoadBalancerNodePorts',
      },
      // No annotation ranges in the model: the finding points at the name.
      {
        ruleId: 'service-type',
        severity: 'error',
        line: 18,
        column: 9,
        endLine: 18,
        endColumn: 17,
        path: 'metadata.annotations[service.beta.kubernetes.io/load-balancer-source-ranges]',
      },
    ]);
    expect(findings.map((f) => f.message)).toEqual([
      'Service shop/web sets loadBalancerSourceRanges, which may only be used when type is LoadBalancer, but it is NodePort; the API server rejects it',
      'Service shop/web sets allocateLoadBalancerNodePorts, which may only be used when type is LoadBalancer, but it is NodePort; the API server rejects it',
      'Service shop/internal sets the service.beta.kubernetes.io/load-balancer-source-ranges annotation, which may only be used when type is LoadBalancer, but it is ClusterIP; the API server rejects it',
    ]);
    expect(
      serviceType(
        service(
          `  type: LoadBalancer
  allocateLoadBalancerNodePorts: false
  loadBalancerSourceRanges: [10.0.0.0/8]
${ports}`,
          'lb',
          `
  annotations:
    service.beta.kubernetes.io/load-balancer-source-ranges: 10.0.0.0/8`,
        ),
      ),
    ).toEqual([]);
  });

  it('warns about fields Kubernetes ignores for the type: loadBalancerIP, externalName, externalIPs, headless affinity', () => {
    const findings = serviceType(
      docs(
        service(`  type: NodePort
  loadBalancerIP: 203.0.113.10
  externalName: web.example.com
${ports}`),
        service(
          `  clusterIP: None
  sessionAffinity: ClientIP
  externalIPs: [203.0.113.11]
${ports}`,
          'headless',
        ),
        service(
          `  type: ExternalName
  externalName: db.example.com
  externalIPs: [203.0.113.12]
`,
          'db',
        ),
      ),
    );
    expect(findings.map((f) => [f.severity, f.line, f.column, f.path])).toEqual([
      ['warning', 8, 19, 'spec.loadBalancerIP'],
      ['warning', 9, 17, 'spec.externalName'],
      ['warning', 21, 20, 'spec.sessionAffinity'],
      ['warning', 22, 3, 'spec.externalIPs'],
      ['warning', 35, 3, 'spec.externalIPs'],
    ]);
    expect(findings.map((f) => f.message)).toEqual([
      'Service shop/web sets loadBalancerIP, but it is NodePort, not LoadBalancer; Kubernetes ignores it',
      'Service shop/web sets externalName, but it is NodePort; externalName is used only by ExternalName Services, so Kubernetes ignores it',
      'Service shop/headless sets sessionAffinity ClientIP, but it is headless (clients connect to pods directly); Kubernetes ignores it',
      'Service shop/headless sets externalIPs, but it is headless; Kubernetes ignores them',
      'Service shop/db sets externalIPs, but it is ExternalName; Kubernetes ignores them',
    ]);
  });

  it('warns about a selector on an ExternalName Service: no endpoints are made', () => {
    const findings = serviceType(
      service(
        `  type: ExternalName
  externalName: db.example.com
  selector:
    app: db
`,
        'db',
      ),
    );
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'service-type',
        severity: 'warning',
        line: 9,
        column: 3,
        endLine: 9,
        endColumn: 11,
        path: 'spec.selector',
      },
    ]);
    expect(findings[0]!.message).toBe(
      'Service shop/db is of type ExternalName, so its selector has no effect: Kubernetes makes no endpoints for it and DNS answers with a CNAME to db.example.com',
    );
  });

  it('rejects an unknown type (case-sensitive) and then judges no type-dependent field', () => {
    const findings = serviceType(
      service(`  type: Nodeport
  clusterIP: None
  externalTrafficPolicy: Local
${ports}`),
    );
    expect(findings.map(brief)).toEqual([
      { ruleId: 'service-type', severity: 'error', line: 7, column: 9, endLine: 7, endColumn: 17, path: 'spec.type' },
    ]);
    expect(findings[0]!.message).toBe(
      'Service shop/web type "Nodeport" is not one of ClusterIP, NodePort, LoadBalancer, ExternalName (case-sensitive; did you mean NodePort?); the API server rejects it',
    );
  });

  it('treats an empty type as ClusterIP (the default)', () => {
    const findings = serviceType(
      service(`  type: ""
  externalTrafficPolicy: Cluster
${ports}`),
    );
    expect(findings.map((f) => [f.line, f.path])).toEqual([[8, 'spec.externalTrafficPolicy']]);
    expect(findings[0]!.message).toContain('but it is a ClusterIP Service without externalIPs');
  });

  it('rejects unknown sessionAffinity and protocol values', () => {
    const findings = serviceType(
      service(`  sessionAffinity: Sticky
  ports:
    - name: dns
      port: 53
      protocol: udp
    - name: web
      port: 80
      protocol: HTTP
    - name: default
      port: 81
      protocol: ""
`),
    );
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'service-type',
        severity: 'error',
        line: 7,
        column: 20,
        endLine: 7,
        endColumn: 26,
        path: 'spec.sessionAffinity',
      },
      {
        ruleId: 'service-type',
        severity: 'error',
        line: 11,
        column: 17,
        endLine: 11,
        endColumn: 20,
        path: 'spec.ports[0].protocol',
      },
      {
        ruleId: 'service-type',
        severity: 'error',
        line: 14,
        column: 17,
        endLine: 14,
        endColumn: 21,
        path: 'spec.ports[1].protocol',
      },
    ]);
    expect(findings.map((f) => f.message)).toEqual([
      'Service shop/web sessionAffinity "Sticky" is not one of None, ClientIP; the API server rejects it',
      'Service shop/web port 53 protocol "udp" is not one of TCP, UDP, SCTP (case-sensitive; did you mean UDP?); the API server rejects it',
      'Service shop/web port 80 protocol "HTTP" is not one of TCP, UDP, SCTP; the API server rejects it',
    ]);
  });

  it('rejects port and targetPort numbers outside 1-65535; targetPort 0 defaults to port', () => {
    const findings = serviceType(
      service(`  ports:
    - name: a
      port: 0
    - name: b
      port: 70000
      targetPort: -1
    - name: c
      port: 82
      targetPort: 0
    - name: d
      port: 83
      targetPort: 65536
`),
    );
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'service-type',
        severity: 'error',
        line: 9,
        column: 13,
        endLine: 9,
        endColumn: 14,
        path: 'spec.ports[0].port',
      },
      {
        ruleId: 'service-type',
        severity: 'error',
        line: 11,
        column: 13,
        endLine: 11,
        endColumn: 18,
        path: 'spec.ports[1].port',
      },
      {
        ruleId: 'service-type',
        severity: 'error',
        line: 12,
        column: 19,
        endLine: 12,
        endColumn: 21,
        path: 'spec.ports[1].targetPort',
      },
      {
        ruleId: 'service-type',
        severity: 'error',
        line: 18,
        column: 19,
        endLine: 18,
        endColumn: 24,
        path: 'spec.ports[3].targetPort',
      },
    ]);
    expect(findings.map((f) => f.message)).toEqual([
      'Service shop/web port 0 must be between 1 and 65535, inclusive; the API server rejects it',
      'Service shop/web port 70000 must be between 1 and 65535, inclusive; the API server rejects it',
      'Service shop/web port 70000 targetPort -1 must be between 1 and 65535, inclusive; the API server rejects it',
      'Service shop/web port 83 targetPort 65536 must be between 1 and 65535, inclusive; the API server rejects it',
    ]);
  });

  it('runs its documentation examples: valid ones clean under all rules, invalid ones exactly one finding of this rule', () => {
    for (const example of rule.meta.examples.valid) expect(lintYaml(example.yaml, options).findings).toEqual([]);
    for (const example of rule.meta.examples.invalid) {
      expect(lintYaml(example.yaml, options).findings.map((f) => f.ruleId)).toEqual(['service-type']);
    }
  });
});
