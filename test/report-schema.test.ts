// The JSON report always satisfies its published schema.
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { formatJson } from '../src/report/json.js';
import { lintYaml } from './rule-tester.js';

const schema = JSON.parse(readFileSync(new URL('../schemas/report.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

const manifests = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: NodePort
  selector:
    app: web
  ports:
    - name: http
      port: 80
      targetPort: http
      nodePort: 30080
    - name: missing
      port: 81
      targetPort: nope
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: web
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
        - name: app
          image: example/web:1.0
          ports:
            - name: http
              containerPort: 8080
---
not: [valid
`;

/** The DaemonSet's readiness probe names a port its container lacks: its endpoints are never ready. */
const neverReady = manifests.replace(
  '              containerPort: 8080\n',
  '              containerPort: 8080\n          readinessProbe:\n            httpGet:\n              port: healthz\n',
);

/** A ServiceMonitor scrapes the Service: its JSON entry lists it under monitors. */
const monitored = manifests.replace(
  '---\nnot: [valid\n',
  `---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: web
spec:
  selector: {}
  endpoints:
    - port: http
`,
);

describe('JSON report schema', () => {
  it.each([
    ['findings, endpoints and a parse error', manifests],
    ['never-ready endpoints', neverReady],
    ['a Service a ServiceMonitor scrapes', monitored],
    ['an empty input', ''],
  ])('validates a report with %s', (_name, yaml) => {
    const report = JSON.parse(formatJson(lintYaml(yaml), { color: false, toolVersion: '1.2.3' }));
    const valid = validate(report);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('describes never-ready endpoints with ready and notReadyReason', () => {
    const report = JSON.parse(formatJson(lintYaml(neverReady), { color: false, toolVersion: '1.2.3' }));
    expect(report.services[0].ports[0].endpoints[0]).toMatchObject({
      ready: false,
      notReadyReason: 'readinessProbe port "healthz" is not a port of container app',
    });
    report.services[0].ports[0].endpoints[0].ready = 'no';
    expect(validate(report)).toBe(false);
  });

  it('rejects a report that breaks the contract, so the check above can fail', () => {
    const report = JSON.parse(formatJson(lintYaml(manifests), { color: false, toolVersion: '1.2.3' }));
    report.findings[0].line = 0;
    expect(validate(report)).toBe(false);
  });
});

describe('monitors in the JSON report', () => {
  it('lists the ServiceMonitors of a Service', () => {
    const report = JSON.parse(formatJson(lintYaml(monitored), { color: false, toolVersion: '1.2.3' }));
    expect(report.services[0].monitors).toEqual([
      { kind: 'ServiceMonitor', namespace: 'default', name: 'web', scrapes: ['port http'] },
    ]);
  });
});
