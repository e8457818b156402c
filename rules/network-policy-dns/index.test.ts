import { describe, expect, it } from 'vitest';
import { brief, docs, findingsOf } from '../../test/rule-tester.js';
import { namespace, pod, policy } from '../../test/netpol-fixtures.js';

const service = `apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: shop
spec:
  selector:
    app: api
  ports:
    - port: 80
      targetPort: 8080
`;

const web = (env = 'http://api:80', extra = '') => `apiVersion: apps/v1
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
        app: web
    spec:${extra}
      containers:
        - name: web
          image: example/web:1.0
          env:
            - name: API_URL
              value: ${env}
`;

const app = [service, pod('api', 'shop', { app: 'api' })];
const egressTo = (rules: string) =>
  policy(
    'web',
    'shop',
    `podSelector:\n  matchLabels:\n    app: web\npolicyTypes:\n  - Egress\negress:\n  - to:\n      - podSelector:\n          matchLabels:\n            app: api\n    ports:\n      - port: 8080\n${rules}`,
  );
const dns = (...extra: string[]) => findingsOf('network-policy-dns', docs(...app, ...extra));

describe('network-policy-dns', () => {
  it('reports egress-isolated pods that call by name without DNS egress, at the policyTypes of the policy', () => {
    const findings = dns(web(), egressTo(''));
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'network-policy-dns',
        severity: 'warning',
        line: 64,
        column: 3,
        endLine: 64,
        endColumn: 14,
        path: 'spec.policyTypes',
      },
    ]);
    expect(findings[0]!.message).toBe(
      'NetworkPolicy shop/web isolates the pods of Deployment/web for egress, and no egress rule allows UDP or TCP port 53 to the cluster DNS (kube-dns in kube-system), so every name lookup fails: Deployment/web calls api:80 (env API_URL); add an egress rule to namespaceSelector kubernetes.io/metadata.name=kube-system on UDP and TCP port 53',
    );
    expect(findings[0]!.related.map((r) => [r.line, r.column, r.message])).toEqual([
      [53, 29, 'Deployment/web calls api:80 by name'],
    ]);
  });

  it('reports a default-deny egress policy once for all the pods it isolates', () => {
    const denyAll = policy('deny', 'shop', 'podSelector: {}\npolicyTypes: [Ingress, Egress]');
    expect(
      dns(web(), denyAll).map((f) =>
        f.message.startsWith(
          'NetworkPolicy shop/deny isolates the pods of Deployment/web for egress, and no egress rule allows',
        ),
      ),
    ).toEqual([true]);
  });

  const allowed: [title: string, rule: string][] = [
    [
      'UDP 53 to kube-system by name label',
      '  - to:\n      - namespaceSelector:\n          matchLabels:\n            kubernetes.io/metadata.name: kube-system\n    ports:\n      - port: 53\n        protocol: UDP\n',
    ],
    [
      'TCP 53 to any namespace',
      '  - to:\n      - namespaceSelector: {}\n    ports:\n      - port: 53\n        protocol: TCP\n',
    ],
    ['port 53 to any peer', '  - ports:\n      - port: 53\n        protocol: UDP\n'],
    ['every port to an ipBlock (node-local DNS)', '  - to:\n      - ipBlock:\n          cidr: 169.254.20.10/32\n'],
    [
      'a named dns port to pods of kube-system',
      '  - to:\n      - namespaceSelector:\n          matchLabels:\n            kubernetes.io/metadata.name: kube-system\n        podSelector:\n          matchLabels:\n            k8s-app: kube-dns\n    ports:\n      - port: dns\n        protocol: UDP\n',
    ],
    [
      'namespaces by a label the input cannot judge',
      '  - to:\n      - namespaceSelector:\n          matchLabels:\n            role: system\n    ports:\n      - port: 53\n        protocol: UDP\n',
    ],
  ];
  it.each(allowed)('stays silent with DNS egress: %s', (_title, rule) => {
    expect(dns(web(), egressTo(rule))).toEqual([]);
  });

  it('stays silent for pods that make no call by name, do not use the cluster DNS, or are not egress-isolated', () => {
    expect(dns(web('$(API_SERVICE_HOST)'), egressTo(''))).toEqual([]);
    expect(dns(web('http://api:80', '\n      dnsPolicy: Default'), egressTo(''))).toEqual([]);
    expect(dns(web(), policy('ingress', 'shop', 'podSelector: {}\ningress:\n  - {}'))).toEqual([]);
    // UDP 53 to pods of the policy's own namespace only: not where the cluster DNS runs.
    expect(
      dns(
        namespace('shop'),
        web(),
        egressTo('  - to:\n      - podSelector: {}\n    ports:\n      - port: 53\n        protocol: UDP\n'),
      ).length,
    ).toBe(1);
  });
});
