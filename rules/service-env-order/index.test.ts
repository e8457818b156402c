import { describe, expect, it } from 'vitest';
import { brief, docs, findingsOf, lintYaml, withRule } from '../../test/rule-tester.js';
import rule from './index.js';

const options = withRule(rule);
const findings = (yaml: string | Record<string, string>, settings = {}) =>
  findingsOf('service-env-order', yaml, { ...options, settings });

const service = (name: string, spec = '', namespace = 'shop') => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${namespace}
spec:${spec}
  selector:
    app: ${name}
  ports:
    - name: http
      port: 8080
`;

/** A Deployment shop/web whose container gets `body` (indented 10 spaces); the first body line is line 20. */
const deployment = (body: string, podSpec = '') => `apiVersion: apps/v1
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
    spec:${podSpec}
      containers:
        - name: web
          image: example/web:1.0
          ports:
            - containerPort: 8080
${body}`;

const usesApiHost = `          env:
            - name: API_URL
              value: http://$(API_SERVICE_HOST):$(API_SERVICE_PORT)/v1
`;

describe('service-env-order', () => {
  it('reports variables of a Service declared after the workload, at each $(VAR), suggesting the DNS name', () => {
    const yaml = docs(deployment(usesApiHost), service('api'));
    const found = findings(yaml);
    expect(found.map(brief)).toEqual([
      {
        ruleId: 'service-env-order',
        severity: 'warning',
        line: 22,
        column: 29,
        endLine: 22,
        endColumn: 48,
        path: 'spec.template.spec.containers[0].env[0].value',
      },
      {
        ruleId: 'service-env-order',
        severity: 'warning',
        line: 22,
        column: 49,
        endLine: 22,
        endColumn: 68,
        path: 'spec.template.spec.containers[0].env[0].value',
      },
    ]);
    expect(found.map((f) => f.message)).toEqual([
      'Deployment shop/web container web env API_URL uses $(API_SERVICE_HOST), but Service shop/api comes after Deployment/web in apply order, and pods that start before it exists never get its variables, so "$(API_SERVICE_HOST)" stays as literal text; use api.shop.svc.cluster.local instead',
      'Deployment shop/web container web env API_URL uses $(API_SERVICE_PORT), but Service shop/api comes after Deployment/web in apply order, and pods that start before it exists never get its variables, so "$(API_SERVICE_PORT)" stays as literal text; use api.shop.svc.cluster.local:8080 instead',
    ]);
    expect(found[0]!.related).toEqual([
      { file: 'test.yaml', line: 27, column: 9, endLine: 27, endColumn: 12, message: 'Service shop/api' },
    ]);
  });

  it('accepts a Service declared earlier in the same file and in an earlier file (files apply in sorted order)', () => {
    expect(findings(docs(service('api'), deployment(usesApiHost)))).toEqual([]);
    expect(findings({ '1-services.yaml': service('api'), '2-web.yaml': deployment(usesApiHost) })).toEqual([]);
    const later = findings({ '1-web.yaml': deployment(usesApiHost), '2-services.yaml': service('api') });
    expect(later.map((f) => [f.file, f.related[0]!.file])).toEqual([
      ['1-web.yaml', '2-services.yaml'],
      ['1-web.yaml', '2-services.yaml'],
    ]);
  });

  it('reports headless and ExternalName Services: they have no cluster IP and inject nothing', () => {
    const headless = findings(docs(service('api', '\n  clusterIP: None'), deployment(usesApiHost)));
    expect(headless[0]!.message).toBe(
      'Deployment shop/web container web env API_URL uses $(API_SERVICE_HOST), but Service shop/api is headless (clusterIP: None) and injects no variables, so "$(API_SERVICE_HOST)" stays as literal text; use api.shop.svc.cluster.local instead',
    );
    const external = findings(
      docs(service('api', '\n  type: ExternalName\n  externalName: api.example.com'), deployment(usesApiHost)),
    );
    expect(external[0]!.message).toContain('but Service shop/api is of type ExternalName and injects no variables');
  });

  it('reports a Service of another namespace and suggests its cross-namespace DNS name', () => {
    const found = findings(docs(service('api', '', 'backend'), deployment(usesApiHost)));
    expect(found.map((f) => f.message)).toEqual([
      'Deployment shop/web container web env API_URL uses $(API_SERVICE_HOST), but Service backend/api is in another namespace, and pods get variables only from Services in their own namespace (shop), so "$(API_SERVICE_HOST)" stays as literal text; use api.backend.svc.cluster.local instead',
      'Deployment shop/web container web env API_URL uses $(API_SERVICE_PORT), but Service backend/api is in another namespace, and pods get variables only from Services in their own namespace (shop), so "$(API_SERVICE_PORT)" stays as literal text; use api.backend.svc.cluster.local:8080 instead',
    ]);
  });

  it('reports a Service that is not in the files, guessing its name, in the configured cluster domain', () => {
    const yaml = deployment(`          args: ["--cache=$(MY_CACHE_PORT_6379_TCP_ADDR):$(MY_CACHE_PORT_6379_TCP_PORT)"]
`);
    const found = findings(yaml, { clusterDomain: 'corp.internal' });
    expect(found.map(brief)).toEqual([
      {
        ruleId: 'service-env-order',
        severity: 'warning',
        line: 20,
        column: 27,
        endLine: 20,
        endColumn: 57,
        path: 'spec.template.spec.containers[0].args[0]',
      },
      {
        ruleId: 'service-env-order',
        severity: 'warning',
        line: 20,
        column: 58,
        endLine: 20,
        endColumn: 88,
        path: 'spec.template.spec.containers[0].args[0]',
      },
    ]);
    expect(found.map((f) => f.message)).toEqual([
      'Deployment shop/web container web args[0] uses $(MY_CACHE_PORT_6379_TCP_ADDR), but no Service shop/my-cache is in the files to inject it, so "$(MY_CACHE_PORT_6379_TCP_ADDR)" stays as literal text; use my-cache.shop.svc.corp.internal instead',
      'Deployment shop/web container web args[0] uses $(MY_CACHE_PORT_6379_TCP_PORT), but no Service shop/my-cache is in the files to inject it, so "$(MY_CACHE_PORT_6379_TCP_PORT)" stays as literal text; use my-cache.shop.svc.corp.internal:6379 instead',
    ]);
  });

  it('reports a port variable the Service does not have', () => {
    const yaml = docs(
      service('api'),
      deployment(`          args: ["--metrics=$(API_SERVICE_PORT_METRICS)", "--http=$(API_SERVICE_PORT_HTTP)", "$(API_PORT_9090_TCP)"]
`),
    );
    expect(findings(yaml).map((f) => f.message)).toEqual([
      'Deployment shop/web container web args[0] uses $(API_SERVICE_PORT_METRICS), but Service shop/api injects no API_SERVICE_PORT_METRICS (none of its ports is named metrics), so "$(API_SERVICE_PORT_METRICS)" stays as literal text; use api.shop.svc.cluster.local instead',
      'Deployment shop/web container web args[2] uses $(API_PORT_9090_TCP), but Service shop/api injects no API_PORT_9090_TCP (it has no port 9090/TCP), so "$(API_PORT_9090_TCP)" stays as literal text; use api.shop.svc.cluster.local:9090 instead',
    ]);
  });

  it('reports any Service variable when the pod sets enableServiceLinks: false, but never KUBERNETES_*', () => {
    const yaml = docs(
      service('api'),
      deployment(
        `          args: ["--api=$(API_SERVICE_HOST)", "--master=https://$(KUBERNETES_SERVICE_HOST):$(KUBERNETES_SERVICE_PORT_HTTPS)"]
`,
        `
      enableServiceLinks: false`,
      ),
    );
    const found = findings(yaml);
    expect(found.map((f) => f.message)).toEqual([
      'Deployment shop/web container web args[0] uses $(API_SERVICE_HOST), but Deployment/web sets enableServiceLinks: false and its pods get only the kubernetes Service\'s variables, so "$(API_SERVICE_HOST)" stays as literal text; use api.shop.svc.cluster.local instead',
    ]);
    expect(found[0]!.related).toEqual([
      { file: 'test.yaml', line: 27, column: 27, endLine: 27, endColumn: 32, message: 'enableServiceLinks: false' },
    ]);
  });

  it('reads $VAR and ${VAR} in the script of a shell (sh -c), not in other arguments', () => {
    const yaml = deployment(`          command: ["/bin/sh", "-ec"]
          args:
            - |
              until wget -q http://$API_SERVICE_HOST:\${API_SERVICE_PORT}/healthz; do sleep 1; done
              echo "\${API_SERVICE_HOST:-localhost}" '$API_SERVICE_HOST' $DB_PORT
              exec /web
            - $API_SERVICE_HOST
`);
    const found = findings(yaml);
    expect(found.map(brief)).toEqual([
      {
        ruleId: 'service-env-order',
        severity: 'warning',
        line: 23,
        column: 36,
        endLine: 23,
        endColumn: 53,
        path: 'spec.template.spec.containers[0].args[0]',
      },
      {
        ruleId: 'service-env-order',
        severity: 'warning',
        line: 23,
        column: 54,
        endLine: 23,
        endColumn: 73,
        path: 'spec.template.spec.containers[0].args[0]',
      },
    ]);
    expect(found[0]!.message).toBe(
      'Deployment shop/web container web args[0] uses $API_SERVICE_HOST, but no Service shop/api is in the files to inject it, so the script reads $API_SERVICE_HOST empty; use api.shop.svc.cluster.local instead',
    );
  });

  it('leaves alone shell variables the script sets itself', () => {
    const yaml = deployment(`          command: ["bash", "-c", "API_SERVICE_HOST=api; curl $API_SERVICE_HOST"]
`);
    expect(findings(yaml)).toEqual([]);
  });

  it('does not treat a variable the container defines itself as a Service link', () => {
    const own = deployment(`          args: ["--api=$(API_SERVICE_HOST)"]
          env:
            - name: API_SERVICE_HOST
              value: api.shop.svc.cluster.local
`);
    expect(findings(own)).toEqual([]);
    const fromConfigMap = docs(
      `apiVersion: v1
kind: ConfigMap
metadata:
  name: links
  namespace: shop
data:
  API_SERVICE_HOST: api.shop.svc.cluster.local
`,
      deployment(`          envFrom:
            - configMapRef:
                name: links
          args: ["--api=$(API_SERVICE_HOST)"]
`),
    );
    expect(findings(fromConfigMap)).toEqual([]);
    const unknownSource = deployment(`          envFrom:
            - secretRef:
                name: links
          args: ["--api=$(API_SERVICE_HOST)"]
`);
    expect(findings(unknownSource)).toEqual([]);
  });

  it("finds the Service behind an ambiguous name: FOO_SERVICE_PORT is also Service foo-service's Docker link variable", () => {
    const yaml = docs(
      service('foo-service'),
      deployment(`          args: ["$(FOO_SERVICE_PORT)", "$(FOO_SERVICE_SERVICE_HOST)"]
`),
    );
    expect(findings(yaml)).toEqual([]);
  });

  it('accepts KUBERNETES_* anywhere: the kubernetes Service of default exists in every cluster', () => {
    const yaml = deployment(`          env:
            - name: API
              value: https://$(KUBERNETES_SERVICE_HOST):$(KUBERNETES_PORT_443_TCP_PORT)
`);
    expect(findings(yaml)).toEqual([]);
  });

  it('lints its examples: valid ones give no finding at all, invalid ones exactly one of this rule', () => {
    for (const example of rule.meta.examples.valid) expect(lintYaml(example.yaml, options).findings).toEqual([]);
    for (const example of rule.meta.examples.invalid) {
      expect(lintYaml(example.yaml, options).findings.map((f) => f.ruleId)).toEqual(['service-env-order']);
    }
  });
});
