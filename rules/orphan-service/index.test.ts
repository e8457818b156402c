import { describe, expect, it } from 'vitest';
import { brief, docs, findingsOf } from '../../test/rule-tester.js';

const service = (selector: string, extra = '', namespace = '') => `apiVersion: v1
kind: Service
metadata:
  name: api${namespace ? `\n  namespace: ${namespace}` : ''}
spec:${extra}
  selector:
${selector}
  ports:
    - port: 80
`;

const deployment = (name: string, podLabels: string, opts: { namespace?: string; objectLabels?: string } = {}) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}${opts.namespace ? `\n  namespace: ${opts.namespace}` : ''}${opts.objectLabels ? `\n  labels:\n${opts.objectLabels}` : ''}
spec:
  selector:
    matchLabels:
${podLabels.replace(/^ {8}/gm, '      ')}
  template:
    metadata:
      labels:
${podLabels}
    spec:
      containers:
        - name: app
          image: example/app:1.0
`;

describe('orphan-service', () => {
  it('reports a selector that matches no pod template, at the selector key, naming the nearest workload', () => {
    const yaml = docs(
      service(`    app: api-sever
    tier: backend`),
      deployment('api', `        app: api-server
        tier: backend`),
    );
    const findings = findingsOf('orphan-service', yaml);
    expect(findings.map(brief)).toEqual([
      { ruleId: 'orphan-service', severity: 'warning', line: 6, column: 3, endLine: 6, endColumn: 11, path: 'spec.selector' },
    ]);
    expect(findings[0]!.message).toBe(
      'Service default/api selects app=api-sever,tier=backend, but no pod template in namespace default has these labels, so it has no endpoints; nearest is Deployment/api, whose pods have app=api-server (not api-sever); did you mean app=api-server,tier=backend?',
    );
    expect(findings[0]!.related).toEqual([
      { file: 'test.yaml', line: 23, column: 7, endLine: 23, endColumn: 13, message: 'pod labels of Deployment/api' },
    ]);
  });

  it('names the first by kind and name among equally near workloads, whatever the file order', () => {
    // web-b and web-a share tier=backend and a typo of app with the selector: a tie, broken by name.
    const files = {
      'a.yaml': deployment('web-b', `        app: api-serverb
        tier: backend`),
      'b.yaml': service(`    app: api-servera
    tier: backend`),
      'c.yaml': deployment('web-a', `        app: api-serverc
        tier: backend`),
      'd.yaml': deployment('web-z', `        app: other
        tier: frontend`),
    };
    const message = (input: Record<string, string>) => findingsOf('orphan-service', input)[0]!.message;
    expect(message(files)).toContain('nearest is Deployment/web-a, whose pods have app=api-serverc (not api-servera)');
    const reordered = { 'a.yaml': files['c.yaml'], 'b.yaml': files['b.yaml'], 'c.yaml': files['a.yaml'], 'd.yaml': files['d.yaml'] };
    expect(message(reordered)).toBe(message(files));
  });

  it("never suggests another app's labels: a different value that is no typo gets no 'did you mean'", () => {
    const findings = findingsOf(
      'orphan-service',
      docs(
        service(`    app: orders
    tier: web`),
        deployment('storefront', `        app: storefront
        tier: web`),
      ),
    );
    expect(findings[0]!.message).toContain('nearest is Deployment/storefront, whose pods have app=storefront (not orders)');
    expect(findings[0]!.message).not.toContain('did you mean');
    const unrelated = findingsOf('orphan-service', docs(service(`    app: orders`), deployment('storefront', `        app: storefront`)));
    expect(unrelated[0]!.message).toBe(
      'Service default/api selects app=orders, but no pod template in namespace default has these labels, so it has no endpoints',
    );
  });

  it('prefers the workload whose metadata.labels match over a nearest template of another app', () => {
    const findings = findingsOf(
      'orphan-service',
      docs(
        service(`    app: orders`),
        deployment('orders', `        app.kubernetes.io/name: orders`, { objectLabels: '    app: orders' }),
        deployment('storefront', `        app: storefront`),
      ),
    );
    expect(findings[0]!.message).toContain('Deployment/orders carries them in metadata.labels');
  });

  it('does not count a partial match: every selector label must be on the pod', () => {
    const findings = findingsOf(
      'orphan-service',
      docs(service(`    app: api
    tier: backend`), deployment('api', `        app: api`)),
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toContain('nearest is Deployment/api, whose pods have no tier label');
    expect(findings[0]!.message).not.toContain('did you mean');
  });

  it('explains a selector that matches only the workload metadata.labels', () => {
    const findings = findingsOf(
      'orphan-service',
      docs(service(`    component: api`), deployment('api', `        app: api`, { objectLabels: '    component: api' })),
    );
    expect(findings[0]!.message).toContain(
      'Deployment/api carries them in metadata.labels, but a Service selects pod template labels (spec.template.metadata.labels)',
    );
  });

  it('never matches across namespaces, and says where the pods are', () => {
    const findings = findingsOf(
      'orphan-service',
      docs(service(`    app: api`, '', 'shop'), deployment('api', `        app: api`, { namespace: 'billing' })),
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toContain('no pod template in namespace shop');
    expect(findings[0]!.message).toContain('Deployment/api in namespace billing has them, but a Service selects pods in its own namespace only');
  });

  it('accepts selectors that match several workloads, bare Pods, and workloads in later files', () => {
    const pod = `apiVersion: v1
kind: Pod
metadata:
  name: api-debug
  labels:
    app: api
spec:
  containers:
    - name: app
      image: example/app:1.0
`;
    const files = {
      'a-service.yaml': service(`    app: api`),
      'b-workloads.yaml': docs(deployment('api-v1', `        app: api
        version: v1`), deployment('api-v2', `        app: api
        version: v2`), pod),
    };
    expect(findingsOf('orphan-service', files)).toEqual([]);
  });

  it('ignores Services without a selector, ExternalName Services, and pods an operator makes', () => {
    const selectorless = `apiVersion: v1
kind: Service
metadata:
  name: external-db
spec:
  ports:
    - port: 5432
`;
    const externalName = service(`    app: nothing`, `
  type: ExternalName
  externalName: db.example.com`);
    const operated = docs(
      service(`    app.kubernetes.io/name: alertmanager`),
      `apiVersion: monitoring.coreos.com/v1
kind: Alertmanager
metadata:
  name: main
spec:
  podMetadata:
    labels:
      app.kubernetes.io/name: alertmanager
`,
    );
    expect(findingsOf('orphan-service', selectorless)).toEqual([]);
    expect(findingsOf('orphan-service', externalName)).toEqual([]);
    expect(findingsOf('orphan-service', operated)).toEqual([]);
  });

  it('reports every orphan in a file, each at its own selector', () => {
    const yaml = docs(service(`    app: one`), service(`    app: two`));
    expect(findingsOf('orphan-service', yaml).map((f) => f.line)).toEqual([6, 16]);
  });
});
