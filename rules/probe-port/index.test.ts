import { describe, expect, it } from 'vitest';
import { brief, docs, findingsOf, lintYaml } from '../../test/rule-tester.js';
import { formatEndpoints } from '../../src/report/endpoints-table.js';
import { formatJson } from '../../src/report/json.js';

const CONTEXT = { color: false, toolVersion: '0.0.0' };

const service = (extra = '') => `apiVersion: v1
kind: Service
metadata:
  name: web
spec:${extra}
  selector:
    app: web
  ports:
    - port: 80
      targetPort: web
`;

/** A Deployment of 2 replicas whose pod spec (containers, initContainers) is given indented under spec. */
const deployment = (podSpec: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
${podSpec}`;

/** Container "web" with port web:8080 and the given extra lines (probes, args). */
const web = (lines: string) => `      containers:
        - name: web
          image: example/web:1.0
          ports:
            - name: web
              containerPort: 8080
${lines}`;

const probe = (kind: string, handler: string, port: string) => `          ${kind}:
            ${handler}:
              port: ${port}
`;

describe('probe-port', () => {
  it('reports a readiness probe on a name its container does not declare, and shows the endpoints as never ready', () => {
    const yaml = docs(service(), deployment(web(probe('readinessProbe', 'httpGet', 'http'))));
    const findings = findingsOf('probe-port', yaml);
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'probe-port',
        severity: 'error',
        line: 34,
        column: 21,
        endLine: 34,
        endColumn: 25,
        path: 'spec.template.spec.containers[0].readinessProbe.httpGet.port',
      },
    ]);
    expect(findings[0]!.message).toBe(
      'readinessProbe of container web in Deployment/web uses port "http", which container web does not declare (its ports: web:8080/TCP); the probe errors every period and its result is thrown away: readiness stays Failure, so the pods are never Ready and no Service routes to them',
    );
    const result = lintYaml(yaml);
    expect(result.analysis.endpoints[0]!.ports[0]!.endpoints).toMatchObject([
      {
        container: 'web',
        containerPort: 8080,
        ready: false,
        notReadyReason: 'readinessProbe port "http" is not a port of container web',
      },
    ]);
    expect(formatEndpoints(result, CONTEXT)).toContain(
      'default/web:80/TCP → Deployment/web/web:8080 (2 replicas, never ready: readinessProbe port "http" is not a port of container web)',
    );
    const json = JSON.parse(formatJson(result, CONTEXT));
    expect(json.services[0].ports[0].endpoints[0]).toMatchObject({
      ready: false,
      notReadyReason: 'readinessProbe port "http" is not a port of container web',
    });
    // probe-port is the one finding for that cause.
    expect(result.findings.map((f) => f.ruleId)).toEqual(['probe-port']);
  });

  it('reports a startup probe as an error and a liveness probe as a warning', () => {
    const yaml = docs(
      service(),
      deployment(web(`${probe('startupProbe', 'tcpSocket', 'admin')}${probe('livenessProbe', 'httpGet', 'health')}`)),
    );
    const findings = findingsOf('probe-port', yaml);
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'probe-port',
        severity: 'error',
        line: 34,
        column: 21,
        endLine: 34,
        endColumn: 26,
        path: 'spec.template.spec.containers[0].startupProbe.tcpSocket.port',
      },
      {
        ruleId: 'probe-port',
        severity: 'warning',
        line: 37,
        column: 21,
        endLine: 37,
        endColumn: 27,
        path: 'spec.template.spec.containers[0].livenessProbe.httpGet.port',
      },
    ]);
    expect(findings[0]!.message).toBe(
      'startupProbe of container web in Deployment/web uses port "admin", which container web does not declare (its ports: web:8080/TCP); the probe errors every period and its result is thrown away: the startup probe never succeeds, so the container never counts as started, its liveness and readiness probes never run and the pods are never Ready',
    );
    expect(findings[1]!.message).toBe(
      'livenessProbe of container web in Deployment/web uses port "health", which container web does not declare (its ports: web:8080/TCP); the probe errors every period and its result is thrown away: liveness stays Success, so this probe never restarts the container (and a warning event is recorded every period)',
    );
    const endpoint = lintYaml(yaml).analysis.endpoints[0]!.ports[0]!.endpoints[0]!;
    expect(endpoint).toMatchObject({
      ready: false,
      notReadyReason: 'startupProbe port "admin" is not a port of container web',
    });
  });

  it('does not make pods never ready for a liveness probe alone', () => {
    const yaml = docs(service(), deployment(web(probe('livenessProbe', 'httpGet', 'health'))));
    expect(lintYaml(yaml).analysis.endpoints[0]!.ports[0]!.endpoints[0]).toMatchObject({
      ready: true,
      notReadyReason: null,
    });
  });

  it('accepts a named probe port declared by the same container, whatever its protocol', () => {
    const yaml = docs(
      service(),
      deployment(`${web(probe('readinessProbe', 'httpGet', 'web'))}        - name: dns
          image: example/dns:1.0
          ports:
            - name: dns
              containerPort: 5353
              protocol: UDP
${probe('livenessProbe', 'tcpSocket', 'dns')}`),
    );
    expect(findingsOf('probe-port', yaml)).toEqual([]);
    expect(lintYaml(yaml).analysis.endpoints[0]!.ports[0]!.endpoints[0]).toMatchObject({
      ready: true,
      notReadyReason: null,
    });
  });

  it('still reports a name that only another container of the pod declares', () => {
    const yaml = docs(
      service(),
      deployment(`${web(probe('readinessProbe', 'httpGet', 'metrics'))}        - name: exporter
          image: example/exporter:1.0
          ports:
            - name: metrics
              containerPort: 9100
`),
    );
    const findings = findingsOf('probe-port', yaml);
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'probe-port',
        severity: 'error',
        line: 34,
        column: 21,
        endLine: 34,
        endColumn: 28,
        path: 'spec.template.spec.containers[0].readinessProbe.httpGet.port',
      },
    ]);
    expect(findings[0]!.message).toBe(
      'readinessProbe of container web in Deployment/web uses port "metrics", which container web does not declare (its ports: web:8080/TCP) (container exporter declares it, but a probe\'s port name is looked up among its own container\'s ports only); the probe errors every period and its result is thrown away: readiness stays Failure, so the pods are never Ready and no Service routes to them',
    );
    expect(findings[0]!.related).toEqual([
      {
        file: 'test.yaml',
        line: 38,
        column: 21,
        endLine: 38,
        endColumn: 28,
        message: 'port "metrics" of container exporter',
      },
    ]);
  });

  it('notes a number the pod neither declares nor names, and accepts one named in args', () => {
    const yaml = docs(
      service(),
      deployment(
        web(`          args: ["--admin-port=8081"]
${probe('livenessProbe', 'tcpSocket', '8081')}${probe('readinessProbe', 'httpGet', '8082')}`),
      ),
    );
    const findings = findingsOf('probe-port', yaml);
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'probe-port',
        severity: 'note',
        line: 38,
        column: 21,
        endLine: 38,
        endColumn: 25,
        path: 'spec.template.spec.containers[0].readinessProbe.httpGet.port',
      },
    ]);
    expect(findings[0]!.message).toBe(
      'readinessProbe of container web in Deployment/web probes port 8082, which no container of the pod declares (container web declares web:8080/TCP) and no command, args or env names; check that the process listens there: if not, the probe fails and the pods are never Ready',
    );
    // A number is probed as is: the pods can become Ready.
    expect(lintYaml(yaml).analysis.endpoints[0]!.ports[0]!.endpoints[0]).toMatchObject({ ready: true });
  });

  it('does not judge numbers of a container that declares no ports, exec probes, gRPC numbers it declares, or probes of another host', () => {
    const yaml = docs(
      service(),
      deployment(`${web(`${probe('startupProbe', 'grpc', '8080')}          readinessProbe:
            exec:
              command: ["test", "-f", "/tmp/ready"]
          livenessProbe:
            httpGet:
              host: auth.example.com
              port: 443
`)}        - name: agent
          image: example/agent:1.0
${probe('livenessProbe', 'tcpSocket', '7777')}`),
    );
    expect(findingsOf('probe-port', yaml)).toEqual([]);
  });

  it("judges a sidecar init container's probes, and leaves plain init containers to the API server", () => {
    const yaml = docs(
      service(),
      deployment(`      initContainers:
        - name: migrate
          image: example/migrate:1.0
${probe('readinessProbe', 'httpGet', 'http')}        - name: proxy
          image: example/proxy:1.0
          restartPolicy: Always
          ports:
            - name: proxy
              containerPort: 15001
${probe('readinessProbe', 'httpGet', 'proxy')}${probe('startupProbe', 'httpGet', 'admin')}${web('')}`),
    );
    const findings = findingsOf('probe-port', yaml);
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'probe-port',
        severity: 'error',
        line: 43,
        column: 21,
        endLine: 43,
        endColumn: 26,
        path: 'spec.template.spec.initContainers[1].startupProbe.httpGet.port',
      },
    ]);
    expect(findings[0]!.message).toContain(
      'startupProbe of container proxy in Deployment/web uses port "admin", which container proxy does not declare (its ports: proxy:15001/TCP)',
    );
    expect(lintYaml(yaml).analysis.endpoints[0]!.ports[0]!.endpoints[0]).toMatchObject({
      ready: false,
      notReadyReason: 'startupProbe port "admin" is not a port of container proxy',
    });
  });

  it('routes to never-ready pods when the Service sets publishNotReadyAddresses: true, and says so', () => {
    const yaml = docs(
      service('\n  publishNotReadyAddresses: true'),
      deployment(web(probe('readinessProbe', 'httpGet', 'http'))),
    );
    expect(findingsOf('probe-port', yaml).map((f) => f.severity)).toEqual(['error']);
    const result = lintYaml(yaml);
    expect(result.analysis.endpoints[0]!.ports[0]!.endpoints[0]).toMatchObject({
      ready: true,
      notReadyReason: 'readinessProbe port "http" is not a port of container web',
    });
    expect(formatEndpoints(result, CONTEXT)).toContain(
      'Deployment/web/web:8080 (2 replicas, never ready, routed all the same (publishNotReadyAddresses): readinessProbe port "http" is not a port of container web)',
    );
  });

  it('leaves probe ports and port names that hold placeholders unjudged', () => {
    const yaml = docs(
      service(),
      deployment(`      containers:
        - name: web
          image: example/web:1.0
          ports:
            - name: \${PORT_NAME}
              containerPort: 8080
${probe('readinessProbe', 'httpGet', 'http')}${probe('livenessProbe', 'httpGet', '${PROBE_PORT}')}`),
    );
    expect(findingsOf('probe-port', yaml)).toEqual([]);
    expect(lintYaml(yaml).analysis.endpoints[0]!.ports).toMatchObject([{ endpoints: [] }]);
  });
});
