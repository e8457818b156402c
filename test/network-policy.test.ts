// NetworkPolicy semantics (src/analysis/network-policy.ts) as a table: the cases of the Kubernetes NetworkPolicy docs
// and of the conformance tests in test/e2e/network/netpol (default deny, allow same namespace, namespace by label,
// pod and namespace selectors together or apart, named ports, endPort, egress with DNS).
import { describe, expect, it } from 'vitest';
import { podClient, type Tri } from '../src/analysis/network-policy.js';
import type { WorkloadModel } from '../src/model/types.js';
import { docs, lintYaml } from './rule-tester.js';
import { namespace, pod, policy } from './netpol-fixtures.js';

const base = [
  namespace('shop', { team: 'shop' }),
  namespace('ops', { team: 'ops' }),
  pod('frontend', 'shop', { app: 'frontend' }),
  pod('cart', 'shop', { app: 'cart' }),
  pod('monitor', 'ops', { app: 'monitor' }),
  pod('frontend', 'ops', { app: 'frontend' }),
];

function verdict(
  policies: string[],
  from: string,
  to: string,
  port = 8080,
  protocol: 'TCP' | 'UDP' = 'TCP',
  extra: string[] = base,
): Tri {
  const { model, analysis } = lintYaml(docs(...extra, ...policies));
  const find = (ref: string) => model.workloads.find((w) => `${w.namespace}/${w.name}` === ref) as WorkloadModel;
  return analysis.network.connect(podClient(find(from)), find(to), port, protocol).allowed;
}

const denyIngress = policy(
  'deny',
  'shop',
  `
podSelector: {}
policyTypes: [Ingress]`,
);

describe('NetworkPolicy semantics', () => {
  const cases: [title: string, policies: string[], from: string, to: string, port: number, expected: Tri][] = [
    ['no policy: every pod is non-isolated', [], 'ops/monitor', 'shop/cart', 8080, true],
    [
      'default deny ingress (podSelector: {}, no ingress rules)',
      [denyIngress],
      'shop/frontend',
      'shop/cart',
      8080,
      false,
    ],
    [
      'default deny ingress leaves egress of the same pods alone',
      [denyIngress],
      'shop/cart',
      'ops/monitor',
      8080,
      true,
    ],
    [
      'policyTypes defaulted to [Ingress] without egress rules',
      [policy('d', 'shop', 'podSelector: {}')],
      'shop/frontend',
      'shop/cart',
      8080,
      false,
    ],
    [
      'policyTypes: [Egress] leaves ingress alone',
      [policy('d', 'shop', 'podSelector: {}\npolicyTypes: [Egress]')],
      'shop/frontend',
      'shop/cart',
      8080,
      false,
    ],
    [
      '... but admits ingress into shop from outside',
      [policy('d', 'shop', 'podSelector: {}\npolicyTypes: [Egress]')],
      'ops/monitor',
      'shop/cart',
      8080,
      true,
    ],
    [
      'policyTypes: [Ingress] ignores egress rules',
      [policy('d', 'shop', 'podSelector: {}\npolicyTypes: [Ingress]\ningress:\n  - {}\negress: []')],
      'shop/cart',
      'ops/monitor',
      8080,
      true,
    ],
    [
      'egress rules default policyTypes to [Ingress, Egress]',
      [
        policy(
          'd',
          'shop',
          'podSelector: {}\ningress:\n  - {}\negress:\n  - ports:\n      - port: 53\n        protocol: UDP',
        ),
      ],
      'shop/cart',
      'ops/monitor',
      8080,
      false,
    ],
    [
      'allow all ingress ({} rule) overrides default deny',
      [denyIngress, policy('all', 'shop', 'podSelector: {}\ningress:\n  - {}')],
      'ops/monitor',
      'shop/cart',
      8080,
      true,
    ],
    [
      'allow same namespace (podSelector: {} peer)',
      [denyIngress, policy('same', 'shop', 'podSelector: {}\ningress:\n  - from:\n      - podSelector: {}')],
      'shop/frontend',
      'shop/cart',
      8080,
      true,
    ],
    [
      'allow same namespace does not admit other namespaces',
      [denyIngress, policy('same', 'shop', 'podSelector: {}\ningress:\n  - from:\n      - podSelector: {}')],
      'ops/monitor',
      'shop/cart',
      8080,
      false,
    ],
    [
      'namespace by label (Namespace object in the input)',
      [
        denyIngress,
        policy(
          'ns',
          'shop',
          'podSelector: {}\ningress:\n  - from:\n      - namespaceSelector:\n          matchLabels:\n            team: ops',
        ),
      ],
      'ops/monitor',
      'shop/cart',
      8080,
      true,
    ],
    [
      'namespace by label, another namespace',
      [
        denyIngress,
        policy(
          'ns',
          'shop',
          'podSelector: {}\ningress:\n  - from:\n      - namespaceSelector:\n          matchLabels:\n            team: billing',
        ),
      ],
      'ops/monitor',
      'shop/cart',
      8080,
      false,
    ],
    [
      'namespace by kubernetes.io/metadata.name',
      [
        denyIngress,
        policy(
          'ns',
          'shop',
          'podSelector: {}\ningress:\n  - from:\n      - namespaceSelector:\n          matchLabels:\n            kubernetes.io/metadata.name: ops',
        ),
      ],
      'ops/monitor',
      'shop/cart',
      8080,
      true,
    ],
    [
      'pod AND namespace selector in one peer: both must match',
      [
        denyIngress,
        policy(
          'and',
          'shop',
          'podSelector: {}\ningress:\n  - from:\n      - namespaceSelector:\n          matchLabels:\n            team: ops\n        podSelector:\n          matchLabels:\n            app: frontend',
        ),
      ],
      'ops/monitor',
      'shop/cart',
      8080,
      false,
    ],
    [
      'pod AND namespace selector: the pod in that namespace',
      [
        denyIngress,
        policy(
          'and',
          'shop',
          'podSelector: {}\ningress:\n  - from:\n      - namespaceSelector:\n          matchLabels:\n            team: ops\n        podSelector:\n          matchLabels:\n            app: frontend',
        ),
      ],
      'ops/frontend',
      'shop/cart',
      8080,
      true,
    ],
    [
      'pod OR namespace selector in two peers',
      [
        denyIngress,
        policy(
          'or',
          'shop',
          'podSelector: {}\ningress:\n  - from:\n      - namespaceSelector:\n          matchLabels:\n            team: ops\n      - podSelector:\n          matchLabels:\n            app: frontend',
        ),
      ],
      'ops/monitor',
      'shop/cart',
      8080,
      true,
    ],
    [
      'a podSelector alone stays in the policy namespace',
      [
        denyIngress,
        policy(
          'pods',
          'shop',
          'podSelector: {}\ningress:\n  - from:\n      - podSelector:\n          matchLabels:\n            app: frontend',
        ),
      ],
      'ops/frontend',
      'shop/cart',
      8080,
      false,
    ],
    [
      'named port resolves on the destination pod',
      [denyIngress, policy('named', 'shop', 'podSelector: {}\ningress:\n  - ports:\n      - port: http')],
      'shop/frontend',
      'shop/cart',
      8080,
      true,
    ],
    [
      'named port with another protocol admits nothing',
      [
        denyIngress,
        policy('named', 'shop', 'podSelector: {}\ningress:\n  - ports:\n      - port: http\n        protocol: UDP'),
      ],
      'shop/frontend',
      'shop/cart',
      8080,
      false,
    ],
    [
      'numeric port that is not the pod port',
      [denyIngress, policy('num', 'shop', 'podSelector: {}\ningress:\n  - ports:\n      - port: 80')],
      'shop/frontend',
      'shop/cart',
      8080,
      false,
    ],
    [
      'endPort range covers the port',
      [
        denyIngress,
        policy('range', 'shop', 'podSelector: {}\ningress:\n  - ports:\n      - port: 8000\n        endPort: 9000'),
      ],
      'shop/frontend',
      'shop/cart',
      8080,
      true,
    ],
    [
      'endPort below port: the API server rejects the policy, it isolates nothing',
      [policy('bad', 'shop', 'podSelector: {}\ningress:\n  - ports:\n      - port: 9000\n        endPort: 8000')],
      'shop/frontend',
      'shop/cart',
      8080,
      true,
    ],
    [
      'egress isolation of the client blocks too',
      [
        policy(
          'eg',
          'shop',
          'podSelector:\n  matchLabels:\n    app: frontend\npolicyTypes: [Egress]\negress:\n  - ports:\n      - port: 53\n        protocol: UDP',
        ),
      ],
      'shop/frontend',
      'shop/cart',
      8080,
      false,
    ],
    [
      'egress to the destination pods on their port',
      [
        policy(
          'eg',
          'shop',
          'podSelector:\n  matchLabels:\n    app: frontend\npolicyTypes: [Egress]\negress:\n  - to:\n      - podSelector:\n          matchLabels:\n            app: cart\n    ports:\n      - port: http',
        ),
      ],
      'shop/frontend',
      'shop/cart',
      8080,
      true,
    ],
    [
      'ipBlock of a private range may hold pod IPs: unknown',
      [
        denyIngress,
        policy('ip', 'shop', 'podSelector: {}\ningress:\n  - from:\n      - ipBlock:\n          cidr: 10.0.0.0/8'),
      ],
      'shop/frontend',
      'shop/cart',
      8080,
      null,
    ],
    [
      'ipBlock of a public range holds no pods',
      [
        denyIngress,
        policy('ip', 'shop', 'podSelector: {}\ningress:\n  - from:\n      - ipBlock:\n          cidr: 203.0.113.0/24'),
      ],
      'shop/frontend',
      'shop/cart',
      8080,
      false,
    ],
    [
      'policies are additive: one that admits is enough',
      [
        denyIngress,
        policy(
          'a',
          'shop',
          'podSelector:\n  matchLabels:\n    app: cart\ningress:\n  - from:\n      - podSelector:\n          matchLabels:\n            app: frontend',
        ),
      ],
      'shop/frontend',
      'shop/cart',
      8080,
      true,
    ],
  ];
  it.each(cases)('%s', (_title, policies, from, to, port, expected) => {
    expect(verdict(policies, from, to, port)).toBe(expected);
  });

  it('a namespace without a Namespace object is known only by its name label', () => {
    const extra = [pod('cart', 'shop', { app: 'cart' }), pod('monitor', 'ops', { app: 'monitor' })];
    const byLabel = policy(
      'ns',
      'shop',
      'podSelector: {}\ningress:\n  - from:\n      - namespaceSelector:\n          matchLabels:\n            team: ops',
    );
    expect(verdict([byLabel], 'ops/monitor', 'shop/cart', 8080, 'TCP', extra)).toBe(null);
    const byName = policy(
      'ns',
      'shop',
      'podSelector: {}\ningress:\n  - from:\n      - namespaceSelector:\n          matchExpressions:\n            - key: kubernetes.io/metadata.name\n              operator: In\n              values: [billing]',
    );
    expect(verdict([byName], 'ops/monitor', 'shop/cart', 8080, 'TCP', extra)).toBe(false);
  });

  it('groups pods by the set of policies that select them', () => {
    const { model, analysis } = lintYaml(
      docs(
        ...base,
        denyIngress,
        policy('cart', 'shop', 'podSelector:\n  matchLabels:\n    app: cart\ningress:\n  - {}'),
      ),
    );
    const [frontend, cart] = ['frontend', 'cart'].map((n) =>
      model.workloads.find((w) => w.namespace === 'shop' && w.name === n)!,
    );
    expect(analysis.network.groupOf(frontend!, 'Ingress')).toBe('0');
    expect(analysis.network.groupOf(cart!, 'Ingress')).toBe('0,1');
    expect(analysis.network.groupOf(cart!, 'Egress')).toBe('');
  });
});
