import { describe, expect, it } from 'vitest';
import { brief, docs, findingsOf, lintYaml } from '../../test/rule-tester.js';
import { formatEndpoints } from '../../src/report/endpoints-table.js';
import { formatJson } from '../../src/report/json.js';

const CONTEXT = { color: false, toolVersion: '0.0.0' };

/** Service shop/web (labels app.kubernetes.io/name=web, port http) over Deployment web (ports http:8080, metrics:9090). */
const APP = `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
  labels:
    app.kubernetes.io/name: web
spec:
  selector:
    app: web
  ports:
    - name: http
      port: 80
      targetPort: http
---
apiVersion: apps/v1
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
    spec:
      containers:
        - name: web
          image: example/web:1.0
          ports:
            - name: http
              containerPort: 8080
            - name: metrics
              containerPort: 9090
`;

/** A ServiceMonitor (or PodMonitor) with the given spec lines (indented under spec). */
const monitor = (
  name: string,
  namespace: string,
  spec: string,
  kind = 'ServiceMonitor',
) => `apiVersion: monitoring.coreos.com/v1
kind: ${kind}
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
${spec}`;

const byName = `  selector:
    matchLabels:
      app.kubernetes.io/name: web
`;

describe('monitor-target', () => {
  it("reports a ServiceMonitor that selects the pods' labels instead of the Service's own", () => {
    const yaml = docs(
      APP,
      monitor('web', 'shop', '  selector:\n    matchLabels:\n      app: web\n  endpoints:\n    - port: http\n'),
    );
    const findings = findingsOf('monitor-target', yaml);
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'monitor-target',
        severity: 'warning',
        line: 45,
        column: 3,
        endLine: 45,
        endColumn: 11,
        path: 'spec.selector',
      },
    ]);
    expect(findings[0]!.message).toBe(
      "ServiceMonitor/web selects app=web, but no Service in namespace shop has these labels, so Prometheus scrapes nothing for it; Service shop/web selects pods with these labels, but a ServiceMonitor selects a Service's own metadata.labels (its labels: app.kubernetes.io/name=web)",
    );
  });

  it('reports a ServiceMonitor whose own namespace (the default) has Services but not this one, and names the Service elsewhere', () => {
    const other = `apiVersion: v1
kind: Service
metadata:
  name: prometheus
  namespace: monitoring
spec:
  selector:
    app: prometheus
  ports:
    - port: 9090
`;
    const findings = findingsOf(
      'monitor-target',
      docs(APP, other, monitor('web', 'monitoring', `${byName}  endpoints:\n    - port: http\n`)),
    );
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'monitor-target',
        severity: 'warning',
        line: 56,
        column: 3,
        endLine: 56,
        endColumn: 11,
        path: 'spec.selector',
      },
    ]);
    expect(findings[0]!.message).toBe(
      'ServiceMonitor/web selects app.kubernetes.io/name=web, but no Service in namespace monitoring has these labels, so Prometheus scrapes nothing for it; Service shop/web has these labels, but namespace shop is not in its namespaceSelector',
    );
  });

  it('accepts namespaceSelector.any: true and matchNames, and is silent on namespaces without Services in the input', () => {
    const yaml = docs(
      APP,
      monitor('any', 'monitoring', `  namespaceSelector:\n    any: true\n${byName}  endpoints:\n    - port: http\n`),
      monitor(
        'named',
        'monitoring',
        `  namespaceSelector:\n    matchNames: [shop]\n${byName}  endpoints:\n    - port: http\n`,
      ),
      // kube-system has no Services in the input: coredns is deployed elsewhere.
      monitor(
        'coredns',
        'monitoring',
        '  namespaceSelector:\n    matchNames: [kube-system]\n  selector:\n    matchLabels:\n      k8s-app: kube-dns\n  endpoints:\n    - port: metrics\n',
      ),
    );
    expect(findingsOf('monitor-target', yaml)).toEqual([]);
    const result = lintYaml(yaml);
    expect(result.analysis.monitorsOf(result.model.services[0]!).map((m) => m.name)).toEqual(['any', 'named']);
  });

  it('never reports the kubernetes Service in default that every cluster has', () => {
    const defaultService = APP.replaceAll('namespace: shop', 'namespace: default');
    const apiserver = monitor(
      'apiserver',
      'monitoring',
      '  namespaceSelector:\n    matchNames: [default]\n  selector:\n    matchLabels:\n      component: apiserver\n      provider: kubernetes\n  endpoints:\n    - port: https\n',
    );
    expect(findingsOf('monitor-target', docs(defaultService, apiserver))).toEqual([]);
  });

  it('reports endpoint ports that name no Service port (a container port number, a container port name), and accepts regular expressions', () => {
    const yaml = docs(
      APP,
      monitor(
        'web',
        'shop',
        `${byName}  endpoints:\n    - port: "8080"\n    - port: metrics\n    - port: "http|metrics"\n    - port: http\n`,
      ),
    );
    const findings = findingsOf('monitor-target', yaml);
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'monitor-target',
        severity: 'warning',
        line: 49,
        column: 13,
        endLine: 49,
        endColumn: 19,
        path: 'spec.endpoints[0].port',
      },
      {
        ruleId: 'monitor-target',
        severity: 'warning',
        line: 50,
        column: 13,
        endLine: 50,
        endColumn: 20,
        path: 'spec.endpoints[1].port',
      },
    ]);
    expect(findings[1]!.message).toBe(
      'spec.endpoints[1].port "metrics" names no port of the Services ServiceMonitor/web selects (Service/web: http:80/TCP); Prometheus keeps only targets whose endpoint port name matches, so this endpoint scrapes nothing',
    );
  });

  it('says that endpoints[].port is a name when it is the Service port number', () => {
    const findings = findingsOf(
      'monitor-target',
      docs(APP, monitor('web', 'shop', `${byName}  endpoints:\n    - port: "80"\n`)),
    );
    expect(findings[0]!.message).toContain('endpoints[].port is the name of a Service port, not its number');
  });

  it("judges targetPort (by number and by name) against the container ports of the Services' pods", () => {
    const yaml = docs(
      APP,
      monitor(
        'web',
        'shop',
        `${byName}  endpoints:\n    - targetPort: 9090\n    - targetPort: 9091\n    - targetPort: metrics\n    - targetPort: metrix\n`,
      ),
    );
    const findings = findingsOf('monitor-target', yaml);
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'monitor-target',
        severity: 'warning',
        line: 50,
        column: 19,
        endLine: 50,
        endColumn: 23,
        path: 'spec.endpoints[1].targetPort',
      },
      {
        ruleId: 'monitor-target',
        severity: 'warning',
        line: 52,
        column: 19,
        endLine: 52,
        endColumn: 25,
        path: 'spec.endpoints[3].targetPort',
      },
    ]);
    expect(findings[0]!.message).toBe(
      'spec.endpoints[1].targetPort 9091 of ServiceMonitor/web matches no container port number of the pods of Service/web (Deployment/web: http:8080/TCP, metrics:9090/TCP); Prometheus keeps only targets whose container port number matches, so this endpoint scrapes nothing',
    );
  });

  it('reports a PodMonitor port that no container of the selected pods declares', () => {
    const yaml = docs(
      APP,
      monitor(
        'web',
        'shop',
        '  selector:\n    matchLabels:\n      app: web\n  podMetricsEndpoints:\n    - port: metrics\n    - port: metric\n',
        'PodMonitor',
      ),
    );
    const findings = findingsOf('monitor-target', yaml);
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'monitor-target',
        severity: 'warning',
        line: 50,
        column: 13,
        endLine: 50,
        endColumn: 19,
        path: 'spec.podMetricsEndpoints[1].port',
      },
    ]);
    expect(findings[0]!.message).toBe(
      'spec.podMetricsEndpoints[1].port "metric" of PodMonitor/web matches no container port name of the pods it selects (Deployment/web: http:8080/TCP, metrics:9090/TCP); Prometheus keeps only targets whose container port name matches, so this endpoint scrapes nothing',
    );
  });

  it('does not judge ports against Services without a selector or pods an operator makes', () => {
    const manual = `apiVersion: v1
kind: Service
metadata:
  name: kubelet
  namespace: shop
  labels:
    app.kubernetes.io/name: kubelet
spec:
  ports:
    - name: https-metrics
      port: 10250
`;
    const operator = `apiVersion: monitoring.coreos.com/v1
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
      APP,
      manual,
      operator,
      monitor(
        'kubelet',
        'shop',
        '  selector:\n    matchLabels:\n      app.kubernetes.io/name: kubelet\n  endpoints:\n    - port: metrics\n',
      ),
      monitor(
        'prometheus',
        'shop',
        '  selector:\n    matchLabels:\n      app: prometheus\n  podMetricsEndpoints:\n    - port: web\n',
        'PodMonitor',
      ),
    );
    expect(findingsOf('monitor-target', yaml)).toEqual([]);
  });

  it('leaves a wrongly typed field to the schema rule', () => {
    const result = lintYaml(docs(APP, monitor('web', 'shop', `${byName}  endpoints:\n    - port: 8080\n`)));
    expect(result.findings.map((f) => `${f.ruleId} ${f.path}`)).toEqual(['schema spec.endpoints[0].port']);
  });
});

describe('the monitors that scrape each Service, in reports', () => {
  it('lists them in the endpoint map and the JSON report', () => {
    const yaml = docs(
      APP,
      monitor(
        'web',
        'monitoring',
        `  namespaceSelector:\n    any: true\n${byName}  endpoints:\n    - port: http\n    - targetPort: 9090\n`,
      ),
    );
    const result = lintYaml(yaml);
    expect(formatEndpoints(result, CONTEXT)).toBe(
      'shop/web:80/TCP (http) → Deployment/web/web:8080 (1 replica)\n    scraped by ServiceMonitor monitoring/web (port http, targetPort 9090)\n',
    );
    const json = JSON.parse(formatJson(result, CONTEXT));
    expect(json.services[0].monitors).toEqual([
      { kind: 'ServiceMonitor', namespace: 'monitoring', name: 'web', scrapes: ['port http', 'targetPort 9090'] },
    ]);
  });
});
