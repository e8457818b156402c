import { describe, expect, it } from 'vitest';
import { brief, docs, findingsOf, lintYaml, withRule } from '../../test/rule-tester.js';
import rule from './index.js';

const options = withRule(rule);
const findings = (yaml: string) => findingsOf('selectorless-service', yaml, options);

const service = (name: string, spec: string, namespace = '') => `apiVersion: v1
kind: Service
metadata:
  name: ${name}${namespace ? `\n  namespace: ${namespace}` : ''}
spec:
${spec}`;

const ports = `  ports:
    - name: postgres
      port: 5432
`;

const endpointSlice = (
  service: string,
  opts: { namespace?: string; apiVersion?: string } = {},
) => `apiVersion: ${opts.apiVersion ?? 'discovery.k8s.io/v1'}
kind: EndpointSlice
metadata:
  name: ${service}-abc12${opts.namespace ? `\n  namespace: ${opts.namespace}` : ''}
  labels:
    kubernetes.io/service-name: ${service}
addressType: IPv4
ports:
  - name: postgres
    port: 5432
endpoints:
  - addresses:
      - 10.20.0.15
`;

const endpoints = (name: string, namespace = '') => `apiVersion: v1
kind: Endpoints
metadata:
  name: ${name}${namespace ? `\n  namespace: ${namespace}` : ''}
subsets:
  - addresses:
      - ip: 10.20.0.15
    ports:
      - name: postgres
        port: 5432
`;

describe('selectorless-service', () => {
  it('reports a Service without a selector and without endpoint objects, at its name', () => {
    const result = findings(service('legacy-db', ports, 'shop'));
    expect(result.map(brief)).toEqual([
      {
        ruleId: 'selectorless-service',
        severity: 'note',
        line: 4,
        column: 9,
        endLine: 4,
        endColumn: 18,
        path: 'metadata.name',
      },
    ]);
    expect(result[0]!.message).toBe(
      'Service shop/legacy-db has no selector, so Kubernetes manages no endpoints for it, and no EndpointSlice labelled kubernetes.io/service-name=legacy-db or Endpoints object named legacy-db is in namespace shop in the files; traffic to it goes nowhere until something creates them (fine if a controller or another repository does)',
    );
  });

  it('points at an empty selector, which Kubernetes treats as no selector', () => {
    const result = findings(
      service(
        'cache',
        `  type: ClusterIP
  selector: {}
${ports}`,
      ),
    );
    expect(result.map(brief)).toEqual([
      {
        ruleId: 'selectorless-service',
        severity: 'note',
        line: 7,
        column: 3,
        endLine: 7,
        endColumn: 11,
        path: 'spec.selector',
      },
    ]);
    expect(result[0]!.message).toMatch(
      /^Service default\/cache has an empty selector, so Kubernetes manages no endpoints for it/,
    );
  });

  it('accepts a selectorless Service with an EndpointSlice labelled with its name, of any discovery.k8s.io version', () => {
    expect(findings(docs(service('legacy-db', ports), endpointSlice('legacy-db')))).toEqual([]);
    // The slice may come first in apply order, and the label is what links it, not the slice's name.
    expect(
      findings(
        docs(endpointSlice('legacy-db', { apiVersion: 'discovery.k8s.io/v1beta1' }), service('legacy-db', ports)),
      ),
    ).toEqual([]);
  });

  it('accepts a selectorless Service with a legacy Endpoints object of the same name', () => {
    expect(findings(docs(service('legacy-db', ports, 'shop'), endpoints('legacy-db', 'shop')))).toEqual([]);
  });

  it('does not count endpoint objects of another namespace or another Service (two findings)', () => {
    const yaml = docs(
      service('legacy-db', ports, 'shop'),
      endpointSlice('legacy-db', { namespace: 'billing' }),
      service('search', ports, 'shop'),
      endpoints('search-v2', 'shop'),
    );
    expect(findings(yaml).map(brief)).toEqual([
      {
        ruleId: 'selectorless-service',
        severity: 'note',
        line: 4,
        column: 9,
        endLine: 4,
        endColumn: 18,
        path: 'metadata.name',
      },
      {
        ruleId: 'selectorless-service',
        severity: 'note',
        line: 29,
        column: 9,
        endLine: 29,
        endColumn: 15,
        path: 'metadata.name',
      },
    ]);
  });

  it('ignores an EndpointSlice without the service-name label and objects that only look like Endpoints', () => {
    const unlabelled = `apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: legacy-db
addressType: IPv4
endpoints: []
`;
    const customEndpoints = `apiVersion: example.com/v1
kind: Endpoints
metadata:
  name: legacy-db
`;
    expect(findings(docs(service('legacy-db', ports), unlabelled, customEndpoints))).toHaveLength(1);
  });

  it('exempts ExternalName Services, Services with a selector and default/kubernetes', () => {
    const yaml = docs(
      service(
        'payments',
        `  type: ExternalName
  externalName: payments.example.com
`,
      ),
      service(
        'web',
        `  selector:
    app: web
${ports}`,
      ),
      service(
        'kubernetes',
        `  ports:
    - name: https
      port: 443
      targetPort: 6443
`,
        'default',
      ),
    );
    expect(findings(yaml)).toEqual([]);
  });

  it('still reports a selectorless headless Service: its DNS name has no addresses either', () => {
    const result = findings(
      service(
        'peers',
        `  clusterIP: None
${ports}`,
        'shop',
      ),
    );
    expect(result.map((f) => f.path)).toEqual(['metadata.name']);
  });

  it('meta examples: valid ones give no finding from any rule, invalid ones exactly one of this rule', () => {
    for (const example of rule.meta.examples.valid) expect(lintYaml(example.yaml, options).findings).toEqual([]);
    for (const example of rule.meta.examples.invalid) {
      expect(lintYaml(example.yaml, options).findings.map((f) => f.ruleId)).toEqual(['selectorless-service']);
    }
  });
});
