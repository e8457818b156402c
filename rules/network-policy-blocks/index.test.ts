import { describe, expect, it } from 'vitest';
import { brief, docs, findingsOf } from '../../test/rule-tester.js';
import { namespace, pod, policy } from '../../test/netpol-fixtures.js';

const service = (name: string, ns: string, app: string, port = 80, target: number | string = 8080) => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  selector:
    app: ${app}
  ports:
    - port: ${port}
      targetPort: ${target}
`;

/** A client Deployment whose container has one env variable. */
const client = (name: string, ns: string, env: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
        - name: app
          image: example/app:1.0
          env:
            - name: UPSTREAM
              value: ${env}
`;

const app = [
  namespace('shop', { team: 'shop' }),
  namespace('ops', { team: 'ops' }),
  service('cart', 'shop', 'cart'),
  pod('cart', 'shop', { app: 'cart' }),
];
const denyIngress = policy('deny', 'shop', 'podSelector: {}\npolicyTypes: [Ingress]');
const blocked = (...extra: string[]) =>
  findingsOf('network-policy-blocks', docs(...app, ...extra)).map((f) => f.message);

describe('network-policy-blocks', () => {
  it('reports a call the destination policies deny, at the host in the env value', () => {
    const yaml = docs(
      ...app,
      client('frontend', 'shop', 'http://cart:80/api'),
      denyIngress,
      policy(
        'cart',
        'shop',
        'podSelector:\n  matchLabels:\n    app: cart\ningress:\n  - from:\n      - podSelector:\n          matchLabels:\n            app: checkout',
      ),
    );
    const findings = findingsOf('network-policy-blocks', yaml);
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'network-policy-blocks',
        severity: 'warning',
        line: 67,
        column: 29,
        endLine: 67,
        endColumn: 36,
        path: 'spec.template.spec.containers[0].env[0].value',
      },
    ]);
    expect(findings[0]!.message).toBe(
      'Deployment shop/frontend calls cart:80 (env UPSTREAM), which Service shop/cart port 80 forwards to Deployment/cart port 8080, but NetworkPolicies shop/deny and shop/cart isolate the pods of Deployment/cart for ingress and no ingress rule admits Deployment/frontend on TCP 8080; allow it with an ingress rule in NetworkPolicy shop/cart from podSelector app=frontend on TCP 8080',
    );
    expect(findings[0]!.related.map((r) => r.message)).toEqual(['NetworkPolicy shop/deny', 'NetworkPolicy shop/cart']);
  });

  const admitFrom = (from: string, ports = '') =>
    policy('cart', 'shop', `podSelector:\n  matchLabels:\n    app: cart\ningress:\n  - from:\n${from}${ports}`);
  const cases: [title: string, extra: string[], blocked: boolean][] = [
    ['default deny, same namespace', [client('frontend', 'shop', 'cart:80'), denyIngress], true],
    [
      'allow same namespace',
      [client('frontend', 'shop', 'cart:80'), denyIngress, admitFrom('      - podSelector: {}\n')],
      false,
    ],
    [
      'allow same namespace, client in another namespace',
      [client('frontend', 'ops', 'cart.shop:80'), denyIngress, admitFrom('      - podSelector: {}\n')],
      true,
    ],
    [
      'namespace by label',
      [
        client('monitor', 'ops', 'cart.shop:80'),
        denyIngress,
        admitFrom('      - namespaceSelector:\n          matchLabels:\n            team: ops\n'),
      ],
      false,
    ],
    [
      'pod AND namespace selector, wrong pod',
      [
        client('monitor', 'ops', 'cart.shop:80'),
        denyIngress,
        admitFrom(
          '      - namespaceSelector:\n          matchLabels:\n            team: ops\n        podSelector:\n          matchLabels:\n            app: frontend\n',
        ),
      ],
      true,
    ],
    [
      'pod OR namespace selector',
      [
        client('monitor', 'ops', 'cart.shop:80'),
        denyIngress,
        admitFrom(
          '      - namespaceSelector:\n          matchLabels:\n            team: ops\n      - podSelector:\n          matchLabels:\n            app: frontend\n',
        ),
      ],
      false,
    ],
    [
      'Service port instead of targetPort',
      [client('frontend', 'shop', 'cart:80'), admitFrom('      - podSelector: {}\n', '    ports:\n      - port: 80\n')],
      true,
    ],
    [
      'named port of the pod',
      [
        client('frontend', 'shop', 'cart:80'),
        admitFrom('      - podSelector: {}\n', '    ports:\n      - port: http\n'),
      ],
      false,
    ],
    [
      'endPort range',
      [
        client('frontend', 'shop', 'cart:80'),
        admitFrom('      - podSelector: {}\n', '    ports:\n      - port: 8000\n        endPort: 8999\n'),
      ],
      false,
    ],
    [
      'egress isolation of the client',
      [
        client('frontend', 'shop', 'cart:80'),
        policy(
          'eg',
          'shop',
          'podSelector:\n  matchLabels:\n    app: frontend\npolicyTypes: [Egress]\negress:\n  - to:\n      - namespaceSelector:\n          matchLabels:\n            kubernetes.io/metadata.name: kube-system\n    ports:\n      - port: 53\n        protocol: UDP',
        ),
      ],
      true,
    ],
    [
      'egress allowed to the pods on the targetPort',
      [
        client('frontend', 'shop', 'cart:80'),
        policy(
          'eg',
          'shop',
          'podSelector:\n  matchLabels:\n    app: frontend\npolicyTypes: [Egress]\negress:\n  - to:\n      - podSelector:\n          matchLabels:\n            app: cart\n    ports:\n      - port: 8080\n  - ports:\n      - port: 53\n        protocol: UDP',
        ),
      ],
      false,
    ],
  ];
  it.each(cases)('%s', (_title, extra, expected) => {
    expect(blocked(...extra).length).toBe(expected ? 1 : 0);
  });

  it('reports a Service port closed to every peer once, on the Service, not at each call', () => {
    const yaml = docs(
      ...app,
      client('frontend', 'shop', 'cart:80'),
      client('checkout', 'shop', 'cart:80'),
      policy('cart', 'shop', 'podSelector:\n  matchLabels:\n    app: cart\ningress:\n  - ports:\n      - port: 9090'),
    );
    const findings = findingsOf('network-policy-blocks', yaml);
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'network-policy-blocks',
        severity: 'warning',
        line: 24,
        column: 13,
        endLine: 24,
        endColumn: 15,
        path: 'spec.ports[0].port',
      },
    ]);
    expect(findings[0]!.message).toBe(
      'Service shop/cart port 80/TCP goes to Deployment/cart port 8080, but NetworkPolicy shop/cart isolates these pods for ingress and no ingress rule admits TCP 8080 from any peer, so no client can connect',
    );
  });

  it('reports egress denials with the egress rule that would allow them, and Service link variables', () => {
    const linked = client('frontend', 'shop', 'http://$(CART_SERVICE_HOST):$(CART_SERVICE_PORT)');
    const egress = policy(
      'eg',
      'shop',
      'podSelector:\n  matchLabels:\n    app: frontend\npolicyTypes: [Egress]\negress:\n  - ports:\n      - port: 53\n        protocol: UDP',
    );
    expect(blocked(linked, egress)).toEqual([
      'Deployment shop/frontend calls $(CART_SERVICE_PORT) (service-link), which Service shop/cart port 80 forwards to Deployment/cart port 8080, but NetworkPolicy shop/eg isolates the pods of Deployment/frontend for egress and no egress rule allows Deployment/cart on TCP 8080; allow it with an egress rule in NetworkPolicy shop/eg to podSelector app=cart on TCP 8080',
    ]);
  });

  it('never reports what the input cannot decide', () => {
    expect(
      blocked(
        // A namespace without a Namespace object: its labels are unknown.
        client('agent', 'monitoring', 'cart.shop:80'),
        denyIngress,
        admitFrom('      - namespaceSelector:\n          matchLabels:\n            team: monitoring\n'),
        // An ipBlock of a private range may hold pod IPs.
        client('batch', 'shop', 'cart:80'),
        policy(
          'ip',
          'shop',
          'podSelector: {}\ningress:\n  - from:\n      - podSelector:\n          matchLabels:\n            app: batch\n      - ipBlock:\n          cidr: 10.0.0.0/8',
        ),
      ).filter((m) => !m.includes('Deployment shop/batch')),
    ).toEqual([]);
    // An empty podSelector policy with an allow-all rule, a name that does not resolve, and a rejected policy.
    expect(
      blocked(
        client('frontend', 'shop', 'cart:80'),
        client('web', 'shop', 'http://missing:80'),
        policy('all', 'shop', 'podSelector: {}\ningress:\n  - {}'),
      ),
    ).toEqual([]);
    expect(
      blocked(
        client('frontend', 'shop', 'cart:80'),
        policy('bad', 'shop', 'podSelector: {}\ningress:\n  - ports:\n      - port: 9000\n        endPort: 8000'),
      ),
    ).toEqual([]);
  });
});
