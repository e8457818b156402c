import { describe, expect, it } from 'vitest';
import { brief, docs, findingsOf, lintYaml, withRule } from '../../test/rule-tester.js';
import rule from './index.js';

const options = withRule(rule);
const findings = (yaml: string) => findingsOf('ingress-backend', yaml, options);

const webService = (namespace = 'shop', name = 'web') => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  type: NodePort
  selector:
    app: web
  ports:
    - name: http
      port: 80
      targetPort: 8080
      nodePort: 30080
`;

/** An Ingress with one rule path; `backend` is the YAML under `backend:` (indented 14). */
const ingress = (
  backend: string,
  opts: { namespace?: string; defaultBackend?: string } = {},
) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
  namespace: ${opts.namespace ?? 'shop'}
spec:${opts.defaultBackend ? `\n  defaultBackend:\n${opts.defaultBackend.replace(/^ {10}/gm, '').trimEnd()}` : ''}
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
${backend}`;

const serviceBackend = (name: string, port: string) => `              service:
                name: ${name}
${port === '' ? '' : `                port:\n${port.replace(/^/gm, '                  ')}\n`}`;

const route = (
  refs: string,
  opts: { kind?: string; apiVersion?: string; namespace?: string } = {},
) => `apiVersion: ${opts.apiVersion ?? 'gateway.networking.k8s.io/v1'}
kind: ${opts.kind ?? 'HTTPRoute'}
metadata:
  name: shop
  namespace: ${opts.namespace ?? 'shop'}
spec:
  parentRefs:
    - name: public
      namespace: gateway
  rules:
    - backendRefs:
${refs}`;

const referenceGrant = (
  opts: { from?: string; fromNamespace?: string; to?: string } = {},
) => `apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata:
  name: shop-routes
  namespace: backend
spec:
  from:
    - group: gateway.networking.k8s.io
      kind: ${opts.from ?? 'HTTPRoute'}
      namespace: ${opts.fromNamespace ?? 'shop'}
  to:
    - group: ""
      kind: Service${opts.to ? `\n      name: ${opts.to}` : ''}
`;

describe('ingress-backend: Ingress', () => {
  it('accepts backends by Service port number and by port name, a default backend and a resource backend', () => {
    const yaml = docs(
      webService(),
      ingress(serviceBackend('web', 'name: http'), { defaultBackend: serviceBackend('web', 'number: 80') }),
      ingress(`              resource:
                apiGroup: k8s.example.com
                kind: StorageBucket
                name: static-assets
`),
    );
    expect(findings(yaml)).toEqual([]);
  });

  it('treats port.number 0 as unset, as the API server does', () => {
    expect(findings(docs(webService(), ingress(serviceBackend('web', 'number: 0\nname: http'))))).toEqual([]);
  });

  it('reports a port.number that is the targetPort, at the number, saying so', () => {
    const result = findings(docs(webService(), ingress(serviceBackend('web', 'number: 8080'))));
    expect(result.map(brief)).toEqual([
      {
        ruleId: 'ingress-backend',
        severity: 'error',
        line: 32,
        column: 27,
        endLine: 32,
        endColumn: 31,
        path: 'spec.rules[0].http.paths[0].backend.service.port.number',
      },
    ]);
    expect(result[0]!.message).toBe(
      'Ingress shop/shop backend port.number 8080 is not a port of Service shop/web (its ports: http:80/TCP); 8080 is the targetPort of its port 80, but a backend names the Service port, not the targetPort; requests routed to this backend fail',
    );
    expect(result[0]!.related).toEqual([
      { file: 'test.yaml', line: 10, column: 3, endLine: 10, endColumn: 8, message: 'Service shop/web' },
    ]);
  });

  it('reports a port.number that is the nodePort', () => {
    const result = findings(docs(webService(), ingress(serviceBackend('web', 'number: 30080'))));
    expect(result[0]!.message).toContain(
      'port.number 30080 is not a port of Service shop/web (its ports: http:80/TCP); 30080 is the nodePort of its port 80, but a backend names the Service port, not the nodePort',
    );
  });

  it('reports a port.name the Service does not have', () => {
    const result = findings(docs(webService(), ingress(serviceBackend('web', 'name: https'))));
    expect(result.map(brief)).toEqual([
      {
        ruleId: 'ingress-backend',
        severity: 'error',
        line: 32,
        column: 25,
        endLine: 32,
        endColumn: 30,
        path: 'spec.rules[0].http.paths[0].backend.service.port.name',
      },
    ]);
    expect(result[0]!.message).toBe(
      'Ingress shop/shop backend port.name "https" is not a port name of Service shop/web (its ports: http:80/TCP); requests routed to this backend fail',
    );
  });

  it('reports a Service that does not exist in the Ingress namespace, even when one of that name exists elsewhere', () => {
    const missing = findings(ingress(serviceBackend('api', 'number: 80')));
    expect(missing.map(brief)).toEqual([
      {
        ruleId: 'ingress-backend',
        severity: 'error',
        line: 15,
        column: 23,
        endLine: 15,
        endColumn: 26,
        path: 'spec.rules[0].http.paths[0].backend.service.name',
      },
    ]);
    expect(missing[0]!.message).toBe(
      'Ingress shop/shop backend Service "api" does not exist in namespace shop; requests routed to this backend fail',
    );

    const elsewhere = findings(docs(webService('default'), ingress(serviceBackend('web', 'number: 80'))));
    expect(elsewhere.map((f) => [f.line, f.path])).toEqual([[30, 'spec.rules[0].http.paths[0].backend.service.name']]);
    expect(elsewhere[0]!.message).toBe(
      'Ingress shop/shop backend Service "web" does not exist in namespace shop (there is one in namespace default, but an Ingress can only use Services of its own namespace); requests routed to this backend fail',
    );
  });

  it('reports a backend with both port.number and port.name, and one with neither (rejected by the API server)', () => {
    const both = findings(docs(webService(), ingress(serviceBackend('web', 'number: 80\nname: http'))));
    expect(both.map(brief)).toEqual([
      {
        ruleId: 'ingress-backend',
        severity: 'error',
        line: 32,
        column: 27,
        endLine: 32,
        endColumn: 29,
        path: 'spec.rules[0].http.paths[0].backend.service.port.number',
      },
    ]);
    expect(both[0]!.message).toBe(
      'Ingress shop/shop backend for Service "web" sets both port.number 80 and port.name "http"; the API server rejects the Ingress (cannot set both port name & port number)',
    );

    const noPortKey = findings(docs(webService(), ingress(serviceBackend('web', ''))));
    expect(noPortKey.map((f) => [f.line, f.column, f.path])).toEqual([
      [30, 23, 'spec.rules[0].http.paths[0].backend.service.name'],
    ]);
    expect(noPortKey[0]!.message).toBe(
      'Ingress shop/shop backend for Service "web" has neither port.number nor port.name; the API server rejects the Ingress (port name or number is required)',
    );
    const emptyPort = findings(docs(webService(), ingress(serviceBackend('web', 'name: ""'))));
    expect(emptyPort.map((f) => [f.line, f.column, f.path])).toEqual([
      [32, 25, 'spec.rules[0].http.paths[0].backend.service.port.name'],
    ]);
  });

  it('reports a backend with both service and resource, with neither, and with an empty service name', () => {
    const both = findings(
      docs(
        webService(),
        ingress(`${serviceBackend('web', 'number: 80')}              resource:
                kind: StorageBucket
                name: static-assets
`),
      ),
    );
    expect(both.map(brief)).toEqual([
      {
        ruleId: 'ingress-backend',
        severity: 'error',
        line: 30,
        column: 23,
        endLine: 30,
        endColumn: 26,
        path: 'spec.rules[0].http.paths[0].backend.service.name',
      },
    ]);
    expect(both[0]!.message).toBe(
      'Ingress shop/shop backend sets both service and resource; the API server rejects the Ingress (cannot set both resource and service backends)',
    );
    const neither = findings(ingress('              {}\n').replace('backend:\n              {}', 'backend: {}'));
    expect(neither.map(brief)).toEqual([
      {
        ruleId: 'ingress-backend',
        severity: 'error',
        line: 13,
        column: 22,
        endLine: 13,
        endColumn: 24,
        path: 'spec.rules[0].http.paths[0].backend',
      },
    ]);
    expect(neither[0]!.message).toBe(
      'Ingress shop/shop backend has no service.name and no resource; the API server rejects the Ingress (a backend needs a service with a name, or a resource)',
    );
    const emptyName = findings(ingress(serviceBackend('""', 'number: 80')));
    expect(emptyName.map((f) => [f.line, f.column, f.path])).toEqual([
      [15, 23, 'spec.rules[0].http.paths[0].backend.service.name'],
    ]);
    expect(emptyName[0]!.message).toBe(
      'Ingress shop/shop backend has an empty service.name; the API server rejects the Ingress (Required value)',
    );
  });

  it('reports a port.name that is not an IANA_SVC_NAME and a port.number out of range', () => {
    const longName = findings(docs(webService(), ingress(serviceBackend('web', 'name: prometheus-metrics'))));
    expect(longName[0]!.message).toBe(
      'Ingress shop/shop backend port.name "prometheus-metrics" is not a valid port name (IANA_SVC_NAME); the API server rejects the Ingress (must be no more than 15 characters)',
    );
    const outOfRange = findings(docs(webService(), ingress(serviceBackend('web', 'number: 70000'))));
    expect(outOfRange.map((f) => f.path)).toEqual(['spec.rules[0].http.paths[0].backend.service.port.number']);
    expect(outOfRange[0]!.message).toContain(
      'port.number 70000 is not a valid port number; the API server rejects the Ingress',
    );
  });

  it('checks only that an ExternalName Service exists: its ports have no effect', () => {
    const externalName = `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  type: ExternalName
  externalName: web.example.com
`;
    expect(findings(docs(externalName, ingress(serviceBackend('web', 'number: 443'))))).toEqual([]);
  });

  it('reports the default backend and a rule backend separately (two findings)', () => {
    const yaml = docs(
      webService(),
      ingress(serviceBackend('web', 'name: web'), { defaultBackend: serviceBackend('webb', 'number: 80') }),
    );
    expect(findings(yaml).map(brief)).toEqual([
      {
        ruleId: 'ingress-backend',
        severity: 'error',
        line: 24,
        column: 13,
        endLine: 24,
        endColumn: 17,
        path: 'spec.defaultBackend.service.name',
      },
      {
        ruleId: 'ingress-backend',
        severity: 'error',
        line: 37,
        column: 25,
        endLine: 37,
        endColumn: 28,
        path: 'spec.rules[0].http.paths[0].backend.service.port.name',
      },
    ]);
  });
});

describe('ingress-backend: Gateway API routes', () => {
  /** backendRefs entries, written at indent 0 and placed under `backendRefs:`. */
  const ref = (lines: string) => `${lines.replace(/^/gm, '        ')}\n`;

  it('accepts a backendRef to a Service port, and skips references to other kinds and groups', () => {
    const yaml = docs(
      webService(),
      route(
        ref(`- name: web
  port: 80
- group: example.com
  kind: StorageBucket
  name: assets
- kind: ServiceImport
  group: multicluster.x-k8s.io
  name: web
  port: 8080`),
      ),
    );
    expect(findings(yaml)).toEqual([]);
  });

  it('reports a port that is not a Service port, and a Service that does not exist, at the offending values', () => {
    const yaml = docs(
      webService(),
      route(
        ref(`- name: web
  port: 8080
- name: api
  port: 80`),
      ),
    );
    const result = findings(yaml);
    expect(result.map(brief)).toEqual([
      {
        ruleId: 'ingress-backend',
        severity: 'error',
        line: 28,
        column: 17,
        endLine: 28,
        endColumn: 21,
        path: 'spec.rules[0].backendRefs[0].port',
      },
      {
        ruleId: 'ingress-backend',
        severity: 'error',
        line: 29,
        column: 17,
        endLine: 29,
        endColumn: 20,
        path: 'spec.rules[0].backendRefs[1].name',
      },
    ]);
    expect(result[0]!.message).toBe(
      'HTTPRoute shop/shop backendRef port 8080 is not a port of Service shop/web (its ports: http:80/TCP); 8080 is the targetPort of its port 80, but a backend names the Service port, not the targetPort; the reference does not resolve and its share of requests fails',
    );
    expect(result[1]!.message).toBe(
      'HTTPRoute shop/shop backendRef Service "api" does not exist in namespace shop; the reference does not resolve (BackendNotFound) and its share of requests fails',
    );
  });

  it('does not match a same-named Service of another namespace when the backendRef names no namespace', () => {
    const result = findings(
      docs(
        webService('backend'),
        route(
          ref(`- name: web
  port: 80`),
        ),
      ),
    );
    expect(result.map((f) => [f.severity, f.line, f.path])).toEqual([
      ['error', 27, 'spec.rules[0].backendRefs[0].name'],
    ]);
    expect(result[0]!.message).toBe(
      'HTTPRoute shop/shop backendRef Service "web" does not exist in namespace shop (there is one in namespace backend, but a backendRef without namespace refers to the route\'s own); the reference does not resolve (BackendNotFound) and its share of requests fails',
    );
  });

  it('reports a Service backendRef without port (the CRD rejects it)', () => {
    const result = findings(docs(webService(), route(ref('- name: web'))));
    expect(result.map(brief)).toEqual([
      {
        ruleId: 'ingress-backend',
        severity: 'error',
        line: 27,
        column: 17,
        endLine: 27,
        endColumn: 20,
        path: 'spec.rules[0].backendRefs[0].name',
      },
    ]);
    expect(result[0]!.message).toBe(
      'HTTPRoute shop/shop backendRef to Service "web" has no port; the API server rejects the HTTPRoute (Must have port for Service reference)',
    );
  });

  it('accepts a cross-namespace backendRef with a ReferenceGrant in the target namespace, with or without a name', () => {
    const crossRef = ref(`- name: web
  namespace: backend
  port: 80`);
    expect(findings(docs(webService('backend'), route(crossRef), referenceGrant({ to: 'web' })))).toEqual([]);
    expect(findings(docs(referenceGrant(), route(crossRef), webService('backend')))).toEqual([]);
  });

  it('warns about a cross-namespace backendRef no ReferenceGrant in the files allows, at the namespace', () => {
    const crossRef = ref(`- name: web
  namespace: backend
  port: 80`);
    const result = findings(docs(webService('backend'), route(crossRef)));
    expect(result.map(brief)).toEqual([
      {
        ruleId: 'ingress-backend',
        severity: 'warning',
        line: 28,
        column: 22,
        endLine: 28,
        endColumn: 29,
        path: 'spec.rules[0].backendRefs[0].namespace',
      },
    ]);
    expect(result[0]!.message).toBe(
      'HTTPRoute shop/shop backendRef to Service backend/web crosses namespaces, and no ReferenceGrant in namespace backend in the files allows HTTPRoutes from namespace shop to reference it; without one the reference is not permitted (ResolvedRefs=False, RefNotPermitted) and gets no traffic (fine if the grant is applied from elsewhere)',
    );
    // Grants for another route kind, another source namespace or another Service do not count.
    for (const grant of [
      referenceGrant({ from: 'GRPCRoute' }),
      referenceGrant({ fromNamespace: 'blog' }),
      referenceGrant({ to: 'api' }),
    ]) {
      expect(findings(docs(webService('backend'), route(crossRef), grant)).map((f) => f.path)).toEqual([
        'spec.rules[0].backendRefs[0].namespace',
      ]);
    }
  });

  it('only warns about a Service missing from another namespace, which may be applied from elsewhere', () => {
    const result = findings(
      docs(
        route(
          ref(`- name: web
  namespace: backend
  port: 80`),
        ),
        referenceGrant(),
      ),
    );
    expect(result.map((f) => [f.severity, f.path])).toEqual([['warning', 'spec.rules[0].backendRefs[0].name']]);
    expect(result[0]!.message).toBe(
      'HTTPRoute shop/shop backendRef Service "web" does not exist in namespace backend; the reference does not resolve (BackendNotFound) and its share of requests fails (fine if it is applied from elsewhere)',
    );
  });

  it('warns about an ExternalName Service, which Gateway implementations should not support', () => {
    const externalName = `apiVersion: v1
kind: Service
metadata:
  name: legacy
  namespace: shop
spec:
  type: ExternalName
  externalName: legacy.example.com
`;
    const result = findings(
      docs(
        externalName,
        route(
          ref(`- name: legacy
  port: 443`),
        ),
      ),
    );
    expect(result.map(brief)).toEqual([
      {
        ruleId: 'ingress-backend',
        severity: 'warning',
        line: 21,
        column: 17,
        endLine: 21,
        endColumn: 23,
        path: 'spec.rules[0].backendRefs[0].name',
      },
    ]);
    expect(result[0]!.message).toBe(
      'HTTPRoute shop/shop backendRef Service shop/legacy is an ExternalName Service; Gateway API says implementations SHOULD NOT support ExternalName backends, so many Gateways will not route to it',
    );
  });

  it('checks the backendRefs of the other route kinds too', () => {
    const result = findings(
      docs(
        webService(),
        route(
          ref(`- name: web
  port: 8443`),
          { kind: 'TCPRoute', apiVersion: 'gateway.networking.k8s.io/v1alpha2' },
        ),
      ),
    );
    expect(result.map((f) => f.path)).toEqual(['spec.rules[0].backendRefs[0].port']);
    expect(result[0]!.message).toMatch(/^TCPRoute shop\/shop backendRef port 8443 is not a port of Service shop\/web/);
  });

  it('meta examples: valid ones give no finding from any rule, invalid ones exactly one of this rule', () => {
    for (const example of rule.meta.examples.valid) expect(lintYaml(example.yaml, options).findings).toEqual([]);
    for (const example of rule.meta.examples.invalid) {
      expect(lintYaml(example.yaml, options).findings.map((f) => f.ruleId)).toEqual(['ingress-backend']);
    }
  });
});

describe('ingress-backend on v1beta1 Ingresses (serviceName, servicePort)', () => {
  const legacy = (apiVersion: string) => `apiVersion: ${apiVersion}
kind: Ingress
metadata:
  name: web
spec:
  backend:
    serviceName: web
    servicePort: 80
  rules:
    - http:
        paths:
          - path: /
            backend:
              serviceName: web
              servicePort: http
          - path: /api
            backend:
              serviceName: api
              servicePort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - name: web
      port: 80
`;
  const onVersion = (minor: number) => ({ settings: { kubernetesVersion: { major: 1, minor } } });

  it.each(['extensions/v1beta1', 'networking.k8s.io/v1beta1'])(
    'reads %s backends as written on a cluster that serves them',
    (apiVersion) => {
      const findings = findingsOf('ingress-backend', legacy(apiVersion), onVersion(21));
      expect(findings.map(brief)).toEqual([
        {
          ruleId: 'ingress-backend',
          severity: 'error',
          line: 15,
          column: 28,
          endLine: 15,
          endColumn: 32,
          path: 'spec.rules[0].http.paths[0].backend.servicePort',
        },
        {
          ruleId: 'ingress-backend',
          severity: 'error',
          line: 18,
          column: 28,
          endLine: 18,
          endColumn: 31,
          path: 'spec.rules[0].http.paths[1].backend.serviceName',
        },
      ]);
      expect(findings.map((f) => f.message)).toEqual([
        'Ingress default/web backend servicePort "http" is not a port name of Service default/web (its ports: web:80/TCP); requests routed to this backend fail',
        'Ingress default/web backend Service "api" does not exist in namespace default; requests routed to this backend fail',
      ]);
    },
  );

  it('says nothing of the backends of an Ingress the cluster does not serve: api-version is the one finding', () => {
    expect(findingsOf('ingress-backend', legacy('networking.k8s.io/v1beta1'))).toEqual([]);
    expect(findingsOf('api-version', legacy('networking.k8s.io/v1beta1')).map((f) => f.severity)).toEqual(['error']);
  });
});
