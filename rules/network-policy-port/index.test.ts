import { describe, expect, it } from 'vitest';
import { brief, docs, findingsOf } from '../../test/rule-tester.js';
import { namespace, pod, policy } from '../../test/netpol-fixtures.js';

const api = pod(
  'api',
  'shop',
  { app: 'api' },
  '            - name: http\n              containerPort: 8080\n            - name: dns\n              containerPort: 5353\n              protocol: UDP',
);

describe('network-policy-port', () => {
  it('reports a named ingress port no selected pod declares, at the port', () => {
    const yaml = docs(
      api,
      policy('api', 'shop', 'podSelector:\n  matchLabels:\n    app: api\ningress:\n  - ports:\n      - port: https'),
    );
    const findings = findingsOf('network-policy-port', yaml);
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'network-policy-port',
        severity: 'warning',
        line: 36,
        column: 17,
        endLine: 36,
        endColumn: 22,
        path: 'spec.ingress[0].ports[0].port',
      },
    ]);
    expect(findings[0]!.message).toBe(
      'NetworkPolicy shop/api spec.ingress[0].ports[0] allows port https/TCP, but none of the pods it selects (Deployment/api) declares a container port named https, so this clause admits nothing there',
    );
  });

  it('reports a named port declared only with another protocol', () => {
    const yaml = docs(api, policy('api', 'shop', 'podSelector: {}\ningress:\n  - ports:\n      - port: dns'));
    expect(findingsOf('network-policy-port', yaml).map((f) => f.message)).toEqual([
      'NetworkPolicy shop/api spec.ingress[0].ports[0] allows port dns/TCP, but Deployment/api declares dns:5353/UDP, not with protocol TCP (the default), so this clause admits nothing there',
    ]);
  });

  it('reports an endPort below its port as an error: the API server rejects the policy', () => {
    const yaml = docs(
      api,
      policy('api', 'shop', 'podSelector: {}\ningress:\n  - ports:\n      - port: 9000\n        endPort: 8000'),
    );
    const findings = findingsOf('network-policy-port', yaml);
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'network-policy-port',
        severity: 'error',
        line: 35,
        column: 20,
        endLine: 35,
        endColumn: 24,
        path: 'spec.ingress[0].ports[0].endPort',
      },
    ]);
    expect(findings[0]!.message).toBe(
      'NetworkPolicy shop/api spec.ingress[0].ports[0]: endPort 8000 must be greater than or equal to port 9000; the API server rejects the whole policy (ValidateNetworkPolicyPort), so it isolates and admits nothing',
    );
  });

  it('reports an endPort with a named port', () => {
    const yaml = docs(
      api,
      policy('api', 'shop', 'podSelector: {}\negress:\n  - ports:\n      - port: http\n        endPort: 8000'),
    );
    expect(findingsOf('network-policy-port', yaml).map((f) => [f.severity, f.message])).toEqual([
      [
        'error',
        'NetworkPolicy shop/api spec.egress[0].ports[0]: endPort may not be specified when port is non-numeric; the API server rejects the whole policy (ValidateNetworkPolicyPort), so it isolates and admits nothing',
      ],
    ]);
  });

  it('checks an egress port name against podSelector peers of the namespace', () => {
    const web = pod('web', 'shop', { app: 'web' });
    const yaml = docs(
      api,
      web,
      policy(
        'web',
        'shop',
        'podSelector:\n  matchLabels:\n    app: web\npolicyTypes: [Egress]\negress:\n  - to:\n      - podSelector:\n          matchLabels:\n            app: api\n    ports:\n      - port: grpc',
      ),
    );
    expect(findingsOf('network-policy-port', yaml).map((f) => f.message)).toEqual([
      'NetworkPolicy shop/web spec.egress[0].ports[0] allows port grpc/TCP, but none of the peer pods (Deployment/api) declares a container port named grpc, so this clause admits nothing there',
    ]);
  });

  it('stays silent when the name is declared, when the pods are unknown, and for egress to other namespaces', () => {
    const crd = `apiVersion: monitoring.coreos.com/v1
kind: Prometheus
metadata:
  name: k8s
  namespace: shop
spec:
  podMetadata:
    labels:
      app: prometheus
`;
    const yaml = docs(
      api,
      crd,
      policy(
        'a',
        'shop',
        'podSelector: {}\ningress:\n  - ports:\n      - port: http\n      - port: dns\n        protocol: UDP',
      ),
      // Pods of an operator: their ports are unknown.
      policy('b', 'shop', 'podSelector:\n  matchLabels:\n    app: prometheus\ningress:\n  - ports:\n      - port: web'),
      // Selects no pods: nothing to resolve on (network-policy-selector's business).
      policy('c', 'shop', 'podSelector:\n  matchLabels:\n    app: nothing\ningress:\n  - ports:\n      - port: web'),
      policy(
        'd',
        'shop',
        'podSelector: {}\negress:\n  - to:\n      - namespaceSelector: {}\n    ports:\n      - port: metrics',
      ),
      policy('e', 'shop', 'podSelector: {}\negress:\n  - ports:\n      - port: 8000\n        endPort: 8000'),
    );
    expect(findingsOf('network-policy-port', yaml)).toEqual([]);
  });
  it('checks an egress port name against the peer pods of namespaces named by kubernetes.io/metadata.name', () => {
    const db = pod('db', 'data', { app: 'db' }, '            - name: pg\n              containerPort: 5432');
    const web = pod('web', 'shop', { app: 'web' });
    const egress = (peers: string) =>
      `podSelector:\n  matchLabels:\n    app: web\npolicyTypes: [Egress]\negress:\n  - to:\n${peers}\n    ports:\n      - port: postgres`;
    const yaml = docs(
      db,
      web,
      policy(
        'alone',
        'shop',
        egress('      - namespaceSelector:\n          matchLabels:\n            kubernetes.io/metadata.name: data'),
      ),
      policy(
        'both',
        'shop',
        egress(
          '      - namespaceSelector:\n          matchExpressions:\n            - key: kubernetes.io/metadata.name\n              operator: In\n              values: [data, shop]\n        podSelector:\n          matchLabels:\n            app: db',
        ),
      ),
    );
    const findings = findingsOf('network-policy-port', yaml);
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'network-policy-port',
        severity: 'warning',
        line: 59,
        column: 17,
        endLine: 59,
        endColumn: 25,
        path: 'spec.egress[0].ports[0].port',
      },
      {
        ruleId: 'network-policy-port',
        severity: 'warning',
        line: 82,
        column: 17,
        endLine: 82,
        endColumn: 25,
        path: 'spec.egress[0].ports[0].port',
      },
    ]);
    expect([59, 82].map((line) => yaml.split('\n')[line - 1]!.slice(16))).toEqual(['postgres', 'postgres']);
    expect(findings.map((f) => f.message)).toEqual([
      'NetworkPolicy shop/alone spec.egress[0].ports[0] allows port postgres/TCP, but none of the peer pods (Deployment/db) declares a container port named postgres, so this clause admits nothing there',
      'NetworkPolicy shop/both spec.egress[0].ports[0] allows port postgres/TCP, but none of the peer pods (Deployment/db) declares a container port named postgres, so this clause admits nothing there',
    ]);
  });

  it('stays silent for egress peers whose pods the input may not hold', () => {
    const db = pod('db', 'data', { app: 'db' }, '            - name: pg\n              containerPort: 5432');
    const web = pod('web', 'shop', { app: 'web' });
    const egress = (peers: string) =>
      `podSelector:\n  matchLabels:\n    app: web\npolicyTypes: [Egress]\negress:\n  - to:\n${peers}\n    ports:\n      - port: postgres`;
    const yaml = docs(
      namespace('data', { team: 'data' }),
      db,
      web,
      // By another label: namespaces outside the input may carry it.
      policy('label', 'shop', egress('      - namespaceSelector:\n          matchLabels:\n            team: data')),
      // A namespace the input does not hold.
      policy(
        'elsewhere',
        'shop',
        egress('      - namespaceSelector:\n          matchLabels:\n            kubernetes.io/metadata.name: billing'),
      ),
      // One known peer and an ipBlock: the block may hold pods that declare it.
      policy(
        'mixed',
        'shop',
        egress(
          '      - namespaceSelector:\n          matchLabels:\n            kubernetes.io/metadata.name: data\n      - ipBlock:\n          cidr: 10.0.0.0/8',
        ),
      ),
      // The name is declared by the peer pods.
      policy(
        'declared',
        'shop',
        egress(
          '      - namespaceSelector:\n          matchLabels:\n            kubernetes.io/metadata.name: data',
        ).replace('port: postgres', 'port: pg'),
      ),
    );
    expect(findingsOf('network-policy-port', yaml)).toEqual([]);
  });
});
