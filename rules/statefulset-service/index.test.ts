import { describe, expect, it } from 'vitest';
import { brief, docs, findingsOf, lintYaml, withRule } from '../../test/rule-tester.js';
import rule from './index.js';

const options = withRule(rule);
const findings = (yaml: string) => findingsOf('statefulset-service', yaml, options);

const service = (name: string, spec: string, namespace = 'shop') => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
${spec}  ports:
    - name: web
      port: 80
`;

const headless = (name: string, selector = 'app: nginx', namespace = 'shop') =>
  service(
    name,
    `  clusterIP: None
  selector:
    ${selector}
`,
    namespace,
  );

const statefulSet = (
  name: string,
  serviceNameLine: string,
  labels = 'app: nginx',
  namespace = 'shop',
) => `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
${serviceNameLine}  replicas: 3
  selector:
    matchLabels:
      ${labels}
  template:
    metadata:
      labels:
        ${labels}
    spec:
      containers:
        - name: nginx
          image: registry.k8s.io/nginx-slim:0.24
          ports:
            - name: web
              containerPort: 80
`;

const serviceName = (value: string) => `  serviceName: ${value}\n`;

describe('statefulset-service', () => {
  it('accepts a headless Service of the same namespace that selects the pods', () => {
    expect(findings(docs(headless('nginx'), statefulSet('web', serviceName('nginx'))))).toEqual([]);
    // Apply order does not matter for DNS, and clusterIPs: [None] alone is headless too.
    const viaClusterIPs = service(
      'nginx',
      `  clusterIPs:
    - None
  selector:
    app: nginx
`,
    );
    expect(findings(docs(statefulSet('web', serviceName('nginx')), viaClusterIPs))).toEqual([]);
  });

  it('reports a serviceName that names no Service, at the serviceName value', () => {
    const result = findings(docs(statefulSet('web', serviceName('nginx'))));
    expect(result.map(brief)).toEqual([
      {
        ruleId: 'statefulset-service',
        severity: 'warning',
        line: 7,
        column: 16,
        endLine: 7,
        endColumn: 21,
        path: 'spec.serviceName',
      },
    ]);
    expect(result[0]!.message).toBe(
      'StatefulSet shop/web spec.serviceName "nginx" names no Service in namespace shop, so pod DNS names such as web-0.nginx.shop.svc.cluster.local will not exist',
    );
  });

  it('does not match a Service of another namespace, and says where it is', () => {
    const result = findings(docs(headless('nginx', 'app: nginx', 'default'), statefulSet('web', serviceName('nginx'))));
    expect(result.map(brief)).toEqual([
      {
        ruleId: 'statefulset-service',
        severity: 'warning',
        line: 20,
        column: 16,
        endLine: 20,
        endColumn: 21,
        path: 'spec.serviceName',
      },
    ]);
    expect(result[0]!.message).toBe(
      'StatefulSet shop/web spec.serviceName "nginx" names no Service in namespace shop (there is one in namespace default, but serviceName always refers to the StatefulSet\'s own namespace), so pod DNS names such as web-0.nginx.shop.svc.cluster.local will not exist',
    );
  });

  it('reports a ClusterIP Service: per-pod names are published only for headless Services', () => {
    const clusterIP = service(
      'nginx',
      `  selector:
    app: nginx
`,
    );
    const result = findings(docs(clusterIP, statefulSet('web', serviceName('"nginx"'))));
    expect(result.map(brief)).toEqual([
      {
        ruleId: 'statefulset-service',
        severity: 'warning',
        line: 19,
        column: 16,
        endLine: 19,
        endColumn: 23,
        path: 'spec.serviceName',
      },
    ]);
    expect(result[0]!.message).toBe(
      'StatefulSet shop/web spec.serviceName "nginx" names Service shop/nginx, which is not headless (no clusterIP: None): nginx.shop.svc.cluster.local resolves to the cluster IP rather than the pods, and pod DNS names such as web-0.nginx.shop.svc.cluster.local are published only for headless Services (CoreDNS answers them anyway, other DNS servers do not)',
    );
    expect(result[0]!.related).toEqual([
      { file: 'test.yaml', line: 4, column: 9, endLine: 4, endColumn: 14, message: 'Service shop/nginx' },
    ]);
  });

  it('reports a headless Service that does not select the pods, with the pod labels as related location', () => {
    const result = findings(docs(headless('nginx', 'app: web'), statefulSet('web', serviceName('nginx'))));
    expect(result.map(brief)).toEqual([
      {
        ruleId: 'statefulset-service',
        severity: 'warning',
        line: 20,
        column: 16,
        endLine: 20,
        endColumn: 21,
        path: 'spec.serviceName',
      },
    ]);
    expect(result[0]!.message).toBe(
      'StatefulSet shop/web spec.serviceName "nginx" names Service shop/nginx, which does not select the StatefulSet\'s pods (its selector app=web does not match the pod template labels); the pods are not its endpoints, so pod DNS names such as web-0.nginx.shop.svc.cluster.local will not exist',
    );
    expect(result[0]!.related.map((r) => [r.line, r.message])).toEqual([
      [4, 'Service shop/nginx'],
      [27, 'pod labels of StatefulSet shop/web'],
    ]);
  });

  it('names both problems of a ClusterIP Service without a selector', () => {
    const selectorless = service('nginx', '');
    const result = findings(docs(selectorless, statefulSet('web', serviceName('nginx'))));
    expect(result).toHaveLength(1);
    expect(result[0]!.message).toContain(
      "names Service shop/nginx, which is not headless (no clusterIP: None) and does not select the StatefulSet's pods (it has no selector)",
    );
  });

  it('reports an ExternalName Service', () => {
    const externalName = service(
      'nginx',
      `  type: ExternalName
  externalName: nginx.example.com
`,
    );
    const result = findings(docs(externalName, statefulSet('web', serviceName('nginx'))));
    expect(result.map((f) => [f.line, f.path])).toEqual([[19, 'spec.serviceName']]);
    expect(result[0]!.message).toBe(
      'StatefulSet shop/web spec.serviceName "nginx" names Service shop/nginx, an ExternalName Service (a DNS alias without endpoints), not a headless Service, so pod DNS names such as web-0.nginx.shop.svc.cluster.local will not exist',
    );
  });

  it('does not report a missing serviceName by itself: the field is optional', () => {
    expect(findings(statefulSet('web', ''))).toEqual([]);
    // A ClusterIP Service selecting the pods is an ordinary load-balanced Service, not a governing one.
    expect(findings(docs(service('nginx', '  selector:\n    app: nginx\n'), statefulSet('web', '')))).toEqual([]);
  });

  it('reports a missing or empty serviceName when a headless Service selects the pods (two findings)', () => {
    const yaml = docs(headless('nginx'), statefulSet('web', ''), statefulSet('web-b', serviceName('""')));
    const result = findings(yaml);
    expect(result.map(brief)).toEqual([
      {
        ruleId: 'statefulset-service',
        severity: 'warning',
        line: 17,
        column: 9,
        endLine: 17,
        endColumn: 12,
        path: 'metadata.name',
      },
      {
        ruleId: 'statefulset-service',
        severity: 'warning',
        line: 42,
        column: 16,
        endLine: 42,
        endColumn: 18,
        path: 'spec.serviceName',
      },
    ]);
    expect(result[0]!.message).toBe(
      'StatefulSet shop/web has no spec.serviceName, but headless Service shop/nginx selects its pods: without serviceName the pods get no subdomain, so DNS names such as web-0.nginx.shop.svc.cluster.local will not exist; set serviceName: nginx if they should',
    );
    expect(result[1]!.message).toMatch(
      /^StatefulSet shop\/web-b has an empty spec\.serviceName, but headless Service shop\/nginx selects its pods/,
    );
  });

  it('only judges StatefulSets', () => {
    const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
        - name: nginx
          image: registry.k8s.io/nginx-slim:0.24
`;
    expect(findings(docs(headless('nginx'), deployment))).toEqual([]);
  });

  it('meta examples: valid ones give no finding from any rule, invalid ones exactly one of this rule', () => {
    for (const example of rule.meta.examples.valid) expect(lintYaml(example.yaml, options).findings).toEqual([]);
    for (const example of rule.meta.examples.invalid) {
      expect(lintYaml(example.yaml, options).findings.map((f) => f.ruleId)).toEqual(['statefulset-service']);
    }
  });
});
