import { describe, expect, it } from 'vitest';
import { brief, docs, findingsOf } from '../../test/rule-tester.js';
import { namespace, pod, policy } from '../../test/netpol-fixtures.js';

const pods = [
  pod('api', 'shop', { app: 'api' }),
  pod('web', 'shop', { app: 'web', tier: 'front' }),
  pod('agent', 'ops', { app: 'agent' }),
];

describe('network-policy-selector', () => {
  it('reports a podSelector that selects no pod template of its namespace, at the podSelector key', () => {
    const yaml = docs(...pods, policy('api', 'shop', 'podSelector:\n  matchLabels:\n    app: apii\ningress:\n  - {}'));
    const findings = findingsOf('network-policy-selector', yaml);
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'network-policy-selector',
        severity: 'warning',
        line: 72,
        column: 3,
        endLine: 72,
        endColumn: 14,
        path: 'spec.podSelector',
      },
    ]);
    expect(findings[0]!.message).toBe(
      'NetworkPolicy shop/api spec.podSelector app=apii selects no pod template in namespace shop, so the policy applies to no pod',
    );
  });

  it('reports peers that select nothing: a podSelector alone, and with a namespace named by kubernetes.io/metadata.name', () => {
    const yaml = docs(
      ...pods,
      policy(
        'api',
        'shop',
        `podSelector: {}
ingress:
  - from:
      - podSelector:
          matchLabels:
            app: agent
      - namespaceSelector:
          matchLabels:
            kubernetes.io/metadata.name: ops
        podSelector:
          matchExpressions:
            - key: app
              operator: In
              values: [agnet]`,
      ),
    );
    const findings = findingsOf('network-policy-selector', yaml);
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'network-policy-selector',
        severity: 'warning',
        line: 75,
        column: 11,
        endLine: 75,
        endColumn: 22,
        path: 'spec.ingress[0].from[0].podSelector',
      },
      {
        ruleId: 'network-policy-selector',
        severity: 'warning',
        line: 81,
        column: 11,
        endLine: 81,
        endColumn: 22,
        path: 'spec.ingress[0].from[1].podSelector',
      },
    ]);
    expect(findings.map((f) => f.message)).toEqual([
      'NetworkPolicy shop/api spec.ingress[0].from[0].podSelector app=agent selects no pod template in namespace shop, so this peer admits no pod',
      'NetworkPolicy shop/api spec.ingress[0].from[1].podSelector app in (agnet) selects no pod template in namespace ops, so this peer admits no pod',
    ]);
  });

  it('never reports an empty podSelector, nor selectors that may select pods the input does not hold', () => {
    const yaml = docs(
      ...pods,
      namespace('ops', { team: 'ops' }),
      `apiVersion: monitoring.coreos.com/v1
kind: Prometheus
metadata:
  name: k8s
  namespace: monitoring
spec: {}
`,
      policy(
        'all',
        'shop',
        'podSelector: {}\npolicyTypes: [Ingress, Egress]\ningress:\n  - from:\n      - podSelector: {}\negress:\n  - to:\n      - namespaceSelector: {}\n        podSelector: {}',
      ),
      // Matches a pod, with an expression.
      policy(
        'expr',
        'shop',
        'podSelector:\n  matchExpressions:\n    - key: tier\n      operator: In\n      values: [front, back]',
      ),
      // Another label of the namespace: namespaces outside the input may have it.
      policy(
        'team',
        'shop',
        'podSelector: {}\ningress:\n  - from:\n      - namespaceSelector:\n          matchLabels:\n            team: ops\n        podSelector:\n          matchLabels:\n            app: nothing',
      ),
      // A namespace with no pod templates in the input, and one with a custom resource (its operator's pods).
      policy('elsewhere', 'billing', 'podSelector:\n  matchLabels:\n    app: invoices'),
      policy('operator', 'monitoring', 'podSelector:\n  matchLabels:\n    app.kubernetes.io/name: prometheus'),
      policy(
        'peer-elsewhere',
        'shop',
        'podSelector: {}\ningress:\n  - from:\n      - namespaceSelector:\n          matchLabels:\n            kubernetes.io/metadata.name: monitoring\n        podSelector:\n          matchLabels:\n            app: prometheus',
      ),
      // Controller labels: pod-template-hash is on every pod of a Deployment, with a value only the cluster knows.
      policy('hash', 'shop', 'podSelector:\n  matchExpressions:\n    - key: pod-template-hash\n      operator: Exists'),
    );
    expect(findingsOf('network-policy-selector', yaml)).toEqual([]);
  });
});
