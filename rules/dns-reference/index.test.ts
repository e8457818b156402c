import { describe, expect, it } from 'vitest';
import { brief, docs, findingsOf, lintYaml, withRule } from '../../test/rule-tester.js';
import type { LintOptions } from '../../src/lint.js';
import rule from './index.js';

const options = withRule(rule);
const findings = (yaml: string, extra: LintOptions = {}) => findingsOf('dns-reference', yaml, { ...options, ...extra });

/** The text a finding points at, read back from the YAML by line and column. */
const textAt = (yaml: string, f: { line: number; column: number; endLine: number; endColumn: number }) => {
  const lines = yaml.split('\n');
  if (f.line !== f.endLine) return null;
  return lines[f.line - 1]!.slice(f.column - 1, f.endColumn - 1);
};

const service = (name: string, namespace: string, spec: string) => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
${spec}`;

/** A ClusterIP Service api in `namespace`: port 80 (http) -> 8080, and 9090 (metrics), both TCP. */
const apiService = (namespace = 'shop', type = 'ClusterIP') =>
  service(
    'api',
    namespace,
    `  type: ${type}
  selector:
    app: api
  ports:
    - name: http
      port: 80
      targetPort: 8080${type === 'NodePort' ? '\n      nodePort: 30080' : ''}
    - name: metrics
      port: 9090
`,
  );

const apiDeployment = (namespace = 'shop') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: ${namespace}
spec:
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
        - name: api
          image: example/api:1.0
          ports:
            - containerPort: 8080
            - containerPort: 9090
`;

/** A Deployment web whose container has the given env entries (each "NAME: value" pair), args and pod spec lines. */
const client = (namespace: string, env: [string, string][], podSpec = '', args = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: ${namespace}
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
          image: example/web:1.0${args}
          env:
${env.map(([name, value]) => `            - name: ${name}\n              value: ${value}\n`).join('')}`;

/** A StatefulSet db of `replicas` pods (ordinals from `start`) governed by `serviceName`, port 5432. */
const statefulSet = (replicas: number, serviceName = 'db', start = 0) => `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  namespace: shop
spec:
  serviceName: ${serviceName}
  replicas: ${replicas}${start ? `\n  ordinals:\n    start: ${start}` : ''}
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
        - name: postgres
          image: postgres:16
          ports:
            - name: postgres
              containerPort: 5432
`;

const dbService = (headless: boolean) =>
  service(
    'db',
    'shop',
    `${headless ? '  clusterIP: None\n' : ''}  selector:
    app: db
  ports:
    - name: postgres
      port: 5432
`,
  );

const namespace = (name: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: ${name}
`;

describe('dns-reference', () => {
  describe('reports', () => {
    it('a short name whose Service lives in another namespace, at the host inside the URL', () => {
      const yaml = docs(apiService('shop'), apiDeployment('shop'), client('front', [['API_URL', 'http://api:80/v1']]));
      const result = findings(yaml);
      expect(result.map((f) => textAt(yaml, f))).toEqual(['api']);
      expect(result.map(brief)).toEqual([
        {
          ruleId: 'dns-reference',
          severity: 'warning',
          line: 57,
          column: 29,
          endLine: 57,
          endColumn: 32,
          path: 'spec.template.spec.containers[0].env[0].value',
        },
      ]);
      expect(result[0]!.message).toBe(
        "Deployment front/web container web env API_URL names api:80, but there is no Service api in namespace front, so api.front.svc.cluster.local does not exist; Service api is in namespace shop, but a short name only reaches the pod's own namespace: write api.shop:80",
      );
      expect(result[0]!.related).toEqual([
        { file: 'test.yaml', line: 4, column: 9, endLine: 4, endColumn: 12, message: 'Service shop/api' },
      ]);
    });

    it('a <svc>.<ns> name whose namespace has no such Service', () => {
      const yaml = docs(
        namespace('billing'),
        apiService('shop'),
        apiDeployment('shop'),
        client('shop', [['BILLING', '"invoices.billing:8080"']]),
      );
      const result = findings(yaml);
      expect(result.map((f) => textAt(yaml, f))).toEqual(['invoices.billing']);
      expect(result.map(brief)).toEqual([
        {
          ruleId: 'dns-reference',
          severity: 'warning',
          line: 62,
          column: 23,
          endLine: 62,
          endColumn: 39,
          path: 'spec.template.spec.containers[0].env[0].value',
        },
      ]);
      expect(result[0]!.message).toBe(
        'Deployment shop/web container web env BILLING names invoices.billing:8080, but there is no Service invoices in namespace billing, so invoices.billing.svc.cluster.local does not exist',
      );
    });

    it('a missing Service written as a single label with a port, when the namespace declares other Services', () => {
      const yaml = docs(apiService('shop'), apiDeployment('shop'), client('shop', [['CACHE', 'redis:6379']]));
      const result = findings(yaml);
      expect(result.map((f) => textAt(yaml, f))).toEqual(['redis']);
      expect(result.map(brief)).toEqual([
        {
          ruleId: 'dns-reference',
          severity: 'warning',
          line: 57,
          column: 22,
          endLine: 57,
          endColumn: 27,
          path: 'spec.template.spec.containers[0].env[0].value',
        },
      ]);
      expect(result[0]!.message).toBe(
        'Deployment shop/web container web env CACHE names redis:6379, but there is no Service redis in namespace shop, so redis.shop.svc.cluster.local does not exist',
      );
    });

    it('the targetPort instead of the Service port, at host:port', () => {
      const yaml = docs(
        apiService('shop'),
        apiDeployment('shop'),
        client('shop', [['API', "'http://api.shop:8080/'"]]),
      );
      const result = findings(yaml);
      expect(result.map((f) => textAt(yaml, f))).toEqual(['api.shop:8080']);
      expect(result.map(brief)).toEqual([
        {
          ruleId: 'dns-reference',
          severity: 'warning',
          line: 57,
          column: 30,
          endLine: 57,
          endColumn: 43,
          path: 'spec.template.spec.containers[0].env[0].value',
        },
      ]);
      expect(result[0]!.message).toBe(
        'Deployment shop/web container web env API names api.shop:8080, but 8080 is the targetPort of Service shop/api port 80: the cluster IP forwards only its Service ports, so use api.shop:80',
      );
    });

    it('the nodePort instead of the Service port', () => {
      const yaml = docs(
        apiService('shop', 'NodePort'),
        apiDeployment('shop'),
        client('shop', [['API', 'api.shop.svc.cluster.local:30080']]),
      );
      const result = findings(yaml);
      expect(result.map((f) => textAt(yaml, f))).toEqual(['api.shop.svc.cluster.local:30080']);
      expect(result.map(brief)).toEqual([
        {
          ruleId: 'dns-reference',
          severity: 'warning',
          line: 58,
          column: 22,
          endLine: 58,
          endColumn: 54,
          path: 'spec.template.spec.containers[0].env[0].value',
        },
      ]);
      expect(result[0]!.message).toBe(
        'Deployment shop/web container web env API names api.shop.svc.cluster.local:30080, but 30080 is the nodePort of Service shop/api port 80, which is open on the nodes, not on the cluster IP: use api.shop.svc.cluster.local:80',
      );
    });

    it('a port the Service does not have at all, listing its ports', () => {
      const yaml = docs(apiService('shop'), apiDeployment('shop'), client('shop', [['API', 'api:8443']]));
      expect(findings(yaml)[0]!.message).toBe(
        'Deployment shop/web container web env API names api:8443, but Service shop/api has no port 8443 (its ports: 80 and 9090); connections to it will fail',
      );
    });

    it('a port the Service does not have, naming a number with two protocols once (not "53 and 53")', () => {
      const dns = service(
        'dns',
        'shop',
        `  selector:
    app: api
  ports:
    - name: dns-udp
      port: 53
      protocol: UDP
    - name: dns-tcp
      port: 53
      protocol: TCP
    - name: metrics
      port: 9153
`,
      );
      const yaml = docs(dns, apiDeployment('shop'), client('shop', [['RESOLVER', 'dns.shop.svc.cluster.local:54']]));
      expect(findings(yaml)[0]!.message).toBe(
        'Deployment shop/web container web env RESOLVER names dns.shop.svc.cluster.local:54, but Service shop/dns has no port 54 (its ports: 53 (UDP and TCP) and 9153); connections to it will fail',
      );
    });

    it('a StatefulSet pod ordinal beyond its replicas, honouring ordinals.start', () => {
      const yaml = docs(
        dbService(true),
        statefulSet(2, 'db', 1),
        client('shop', [
          ['REPLICA', 'db-3.db:5432'],
          ['PRIMARY', 'db-1.db:5432'],
        ]),
      );
      const result = findings(yaml);
      expect(result.map((f) => textAt(yaml, f))).toEqual(['db-3.db']);
      expect(result.map(brief)).toEqual([
        {
          ruleId: 'dns-reference',
          severity: 'warning',
          line: 58,
          column: 22,
          endLine: 58,
          endColumn: 29,
          path: 'spec.template.spec.containers[0].env[0].value',
        },
      ]);
      expect(result[0]!.message).toBe(
        'Deployment shop/web container web env REPLICA names db-3.db:5432, but StatefulSet shop/db has 2 replicas (pods db-1 to db-2), so the name does not resolve',
      );
    });

    it('a pod name through a Service that is not headless', () => {
      const yaml = docs(
        dbService(false),
        statefulSet(3),
        client('shop', [['PRIMARY', 'postgres://app@db-0.db.shop.svc.cluster.local:5432/app']]),
      );
      const result = findings(yaml);
      expect(result.map((f) => textAt(yaml, f))).toEqual(['db-0.db.shop.svc.cluster.local']);
      expect(result.map(brief)).toEqual([
        {
          ruleId: 'dns-reference',
          severity: 'warning',
          line: 55,
          column: 37,
          endLine: 55,
          endColumn: 67,
          path: 'spec.template.spec.containers[0].env[0].value',
        },
      ]);
      expect(result[0]!.message).toBe(
        'Deployment shop/web container web env PRIMARY names db-0.db.shop.svc.cluster.local:5432, but Service shop/db is not headless (no clusterIP: None): the DNS specification publishes per-pod names such as db-0.db.shop.svc.cluster.local only for headless Services (CoreDNS answers them anyway, other DNS servers do not)',
      );
    });

    it('a pod name with a port its pods do not declare, and a pod name under a Service that does not govern the StatefulSet', () => {
      const other = service(
        'replicas',
        'shop',
        `  clusterIP: None
  selector:
    app: db
  ports:
    - port: 5432
`,
      );
      const yaml = docs(
        dbService(true),
        other,
        statefulSet(3),
        client('shop', [
          ['A', 'db-1.db:5433'],
          ['B', 'db-1.replicas:5432'],
        ]),
      );
      const result = findings(yaml);
      expect(result.map((f) => textAt(yaml, f))).toEqual(['db-1.db:5433', 'db-1.replicas']);
      expect(result.map((f) => f.message)).toEqual([
        'Deployment shop/web container web env A names db-1.db:5433, but the pods of StatefulSet shop/db declare no port 5433: the name resolves to the pod IP, where the declared ports are 5432',
        'Deployment shop/web container web env B names db-1.replicas:5432, but StatefulSet shop/db has spec.serviceName db, so its pods get no names under Service shop/replicas',
      ]);
      expect(result[1]!.related.map((r) => r.message)).toEqual(['Service shop/replicas', 'StatefulSet shop/db']);
    });

    it('a pod name under its headless Service that does not select its pods', () => {
      const yaml = docs(
        dbService(true).replace('app: db', 'app: postgres'),
        statefulSet(3),
        client('shop', [['A', 'db-0.db.shop.svc']]),
      );
      expect(findings(yaml).map((f) => f.message)).toEqual([
        'Deployment shop/web container web env A names db-0.db.shop.svc, but Service shop/db does not select the pods of StatefulSet shop/db, so they are not its endpoints and get no names under it',
      ]);
    });

    it('the whole value when its characters cannot be traced (a double-quoted scalar with an escape)', () => {
      const yaml = docs(
        apiService('shop'),
        apiDeployment('shop'),
        client('shop', [['API', '"http://api.shop:8080/\\u0041"']]),
      );
      expect(findings(yaml).map(brief)).toEqual([
        {
          ruleId: 'dns-reference',
          severity: 'warning',
          line: 57,
          column: 22,
          endLine: 57,
          endColumn: 51,
          path: 'spec.template.spec.containers[0].env[0].value',
        },
      ]);
      expect(findings(yaml).map((f) => textAt(yaml, f))).toEqual(['"http://api.shop:8080/\\u0041"']);
    });

    it('an SRV name whose port name (or protocol) the Service does not have', () => {
      const yaml = docs(
        apiService('shop'),
        apiDeployment('shop'),
        client('shop', [
          ['GRPC', '_grpc._tcp.api.shop.svc.cluster.local'],
          ['DNS', '_http._udp.api'],
          ['OK', '_http._tcp.api'],
        ]),
      );
      const result = findings(yaml);
      expect(result.map((f) => textAt(yaml, f))).toEqual(['_grpc._tcp.api.shop.svc.cluster.local', '_http._udp.api']);
      expect(result.map(brief)).toEqual([
        {
          ruleId: 'dns-reference',
          severity: 'warning',
          line: 57,
          column: 22,
          endLine: 57,
          endColumn: 59,
          path: 'spec.template.spec.containers[0].env[0].value',
        },
        {
          ruleId: 'dns-reference',
          severity: 'warning',
          line: 59,
          column: 22,
          endLine: 59,
          endColumn: 36,
          path: 'spec.template.spec.containers[0].env[1].value',
        },
      ]);
      expect(result[0]!.message).toBe(
        'Deployment shop/web container web env GRPC names _grpc._tcp.api.shop.svc.cluster.local, but Service shop/api has no port named grpc with protocol TCP (its named ports: http/TCP and metrics/TCP), so _grpc._tcp.api.shop.svc.cluster.local has no SRV records',
      );
      expect(result[1]!.message).toContain('has no port named http with protocol UDP');
    });

    it('two bad upstreams in an nginx config held by a ConfigMap, at each host inside the block', () => {
      const configMap = `apiVersion: v1
kind: ConfigMap
metadata:
  name: proxy
  namespace: shop
data:
  nginx.conf: |
    upstream api {
      server api.shop.svc.cluster.local:80;
      server api-canary.shop:80 backup;
    }
    server {
      listen 8080;
      location /metrics { proxy_pass http://api:8080; }
    }
`;
      const yaml = docs(apiService('shop'), apiDeployment('shop'), configMap);
      const result = findings(yaml);
      expect(result.map((f) => textAt(yaml, f))).toEqual(['api-canary.shop', 'api:8080']);
      expect(result.map(brief)).toEqual([
        {
          ruleId: 'dns-reference',
          severity: 'warning',
          line: 47,
          column: 14,
          endLine: 47,
          endColumn: 29,
          path: 'data["nginx.conf"]',
        },
        {
          ruleId: 'dns-reference',
          severity: 'warning',
          line: 51,
          column: 45,
          endLine: 51,
          endColumn: 53,
          path: 'data["nginx.conf"]',
        },
      ]);
      expect(result[0]!.message).toBe(
        'ConfigMap shop/proxy key nginx.conf names api-canary.shop:80, but there is no Service api-canary in namespace shop, so api-canary.shop.svc.cluster.local does not exist',
      );
      expect(result[1]!.message).toContain('names api:8080, but 8080 is the targetPort of Service shop/api port 80');
    });

    it('names in command and args, with their index in the path', () => {
      const args = `
          command: ["/bin/wait-for", "api.shop:81"]
          args:
            - --upstream=http://api.shop:80
            - --metrics=api.shop:9091`;
      const yaml = docs(apiService('shop'), apiDeployment('shop'), client('shop', [['A', 'b']], '', args));
      const result = findings(yaml);
      expect(result.map((f) => textAt(yaml, f))).toEqual(['api.shop:81', 'api.shop:9091']);
      expect(result.map(brief)).toEqual([
        {
          ruleId: 'dns-reference',
          severity: 'warning',
          line: 55,
          column: 39,
          endLine: 55,
          endColumn: 50,
          path: 'spec.template.spec.containers[0].command[1]',
        },
        {
          ruleId: 'dns-reference',
          severity: 'warning',
          line: 58,
          column: 25,
          endLine: 58,
          endColumn: 38,
          path: 'spec.template.spec.containers[0].args[1]',
        },
      ]);
      expect(result[0]!.message).toMatch(
        /^Deployment shop\/web container web command\[1\] names api\.shop:81, but Service shop\/api has no port 81/,
      );
    });
    it('beside a Cloud SQL proxy listen spec, the hosts the pod connects to: a missing one, and a tcp:// URL', () => {
      const args = `
          command:
            - /cloud_sql_proxy
            - -instances=my-project:us-central1:orders=tcp:3306
          args:
            - --upstream=tcp://mysql.shop:3306`;
      const yaml = docs(
        apiService('shop'),
        apiDeployment('shop'),
        client('shop', [['DB_ADDR', 'mysql:3306']], '', args),
      );
      const result = findings(yaml);
      expect(result.map((f) => textAt(yaml, f))).toEqual(['mysql.shop', 'mysql']);
      expect(result.map(brief)).toEqual([
        {
          ruleId: 'dns-reference',
          severity: 'warning',
          line: 59,
          column: 32,
          endLine: 59,
          endColumn: 42,
          path: 'spec.template.spec.containers[0].args[0]',
        },
        {
          ruleId: 'dns-reference',
          severity: 'warning',
          line: 62,
          column: 22,
          endLine: 62,
          endColumn: 27,
          path: 'spec.template.spec.containers[0].env[0].value',
        },
      ]);
      expect(result.map((f) => f.message)).toEqual([
        'Deployment shop/web container web args[0] names mysql.shop:3306, but there is no Service mysql in namespace shop, so mysql.shop.svc.cluster.local does not exist',
        'Deployment shop/web container web env DB_ADDR names mysql:3306, but there is no Service mysql in namespace shop, so mysql.shop.svc.cluster.local does not exist',
      ]);
    });

    it('beside a TLS server name, the address the pod connects to; and a bare name after a host flag given as its own argument', () => {
      const args = `
          args: ["--tls-server-name", "relay.shop.svc", "--relay", "relay.shop.svc:443", "--db-host", "db.shop", "--name", "cache.shop"]`;
      const yaml = docs(
        apiService('shop'),
        apiDeployment('shop'),
        client(
          'shop',
          [
            ['TLS_SERVER_NAME', 'relay.shop'],
            ['RELAY_ADDR', 'relay.shop:443'],
          ],
          '',
          args,
        ),
      );
      const result = findings(yaml);
      expect(result.map((f) => textAt(yaml, f))).toEqual(['relay.shop.svc', 'db.shop', 'relay.shop']);
      expect(result.map(brief)).toEqual([
        {
          ruleId: 'dns-reference',
          severity: 'warning',
          line: 55,
          column: 69,
          endLine: 55,
          endColumn: 83,
          path: 'spec.template.spec.containers[0].args[3]',
        },
        {
          ruleId: 'dns-reference',
          severity: 'warning',
          line: 55,
          column: 104,
          endLine: 55,
          endColumn: 111,
          path: 'spec.template.spec.containers[0].args[5]',
        },
        {
          ruleId: 'dns-reference',
          severity: 'warning',
          line: 60,
          column: 22,
          endLine: 60,
          endColumn: 32,
          path: 'spec.template.spec.containers[0].env[1].value',
        },
      ]);
      expect(result.map((f) => f.message)).toEqual([
        'Deployment shop/web container web args[3] names relay.shop.svc:443, but there is no Service relay in namespace shop, so relay.shop.svc.cluster.local does not exist',
        'Deployment shop/web container web args[5] names db.shop, but there is no Service db in namespace shop, so db.shop.svc.cluster.local does not exist',
        'Deployment shop/web container web env RELAY_ADDR names relay.shop:443, but there is no Service relay in namespace shop, so relay.shop.svc.cluster.local does not exist',
      ]);
    });
    it('the address after a TLS server name flag in the same value: only the flag right before a name decides', () => {
      const yaml = docs(
        apiService('shop'),
        apiDeployment('shop'),
        client('shop', [['OPTS', '"--tls-server-name=relay.shop --addr=relay.shop:443"']]),
      );
      const result = findings(yaml);
      expect(result.map((f) => textAt(yaml, f))).toEqual(['relay.shop']);
      expect(result.map(brief)).toEqual([
        {
          ruleId: 'dns-reference',
          severity: 'warning',
          line: 57,
          column: 59,
          endLine: 57,
          endColumn: 69,
          path: 'spec.template.spec.containers[0].env[0].value',
        },
      ]);
      expect(result[0]!.message).toBe(
        'Deployment shop/web container web env OPTS names relay.shop:443, but there is no Service relay in namespace shop, so relay.shop.svc.cluster.local does not exist',
      );
    });
  });

  describe('accepts', () => {
    it('Cloud SQL proxy instances and other listen specs: a network name before a port is no host', () => {
      const args = `
          command:
            - /cloud_sql_proxy
            - -instances=my-project:us-central1:orders=tcp:3306
            - --instances=my-project:us-central1:a=tcp:5432,my-project:us-central1:b=tcp:5433
            - -instances=my-project:us-central1:c=unix:/cloudsql/my-project:us-central1:c
          args: ["--listen=udp:514", "-addr", "tcp:8080"]`;
      const env: [string, string][] = [
        ['LISTEN', 'tcp6:8443'],
        ['INSTANCES', 'my-project:europe-west1:users=tcp:3307'],
      ];
      expect(findings(docs(apiService('shop'), apiDeployment('shop'), client('shop', env, '', args)))).toEqual([]);
    });

    it('TLS server names: checked against the certificate, never looked up', () => {
      const env: [string, string][] = [
        ['TLS_RELAY_SERVER_NAME', 'relay.shop.svc.cluster.local'],
        ['UPSTREAM_SNI', 'relay.shop'],
        ['GRPC_TLS_NAME', 'relay.shop.svc'],
        ['SSL_SERVER_NAME_OVERRIDE', 'relay.shop'],
        ['OPTS', '--servername=relay.shop.svc --tls-server-name relay.shop'],
      ];
      const args = `
          args: ["--tls-server-name", "relay.shop.svc", "-servername", "relay.shop"]`;
      const configMap = `apiVersion: v1
kind: ConfigMap
metadata:
  name: tls
  namespace: shop
data:
  envoy.yaml: |
    transport_socket:
      typed_config:
        sni: relay.shop.svc.cluster.local
        common_tls_context: {}
  nginx.conf: |
    location / {
      proxy_pass https://api.shop:80;
      proxy_ssl_name relay.shop;
      proxy_ssl_server_name on;
    }
  tls-server-name: relay.shop.svc
`;
      expect(
        findings(docs(apiService('shop'), apiDeployment('shop'), client('shop', env, '', args), configMap)),
      ).toEqual([]);
    });

    it('a short name with its Service port from the same namespace', () => {
      const yaml = docs(
        apiService('shop'),
        apiDeployment('shop'),
        client('shop', [
          ['API', 'http://api:80/'],
          ['METRICS', 'api:9090'],
          ['UPPER', 'HTTP://API:80'],
        ]),
      );
      expect(findings(yaml)).toEqual([]);
    });

    it('<svc>.<ns>, <svc>.<ns>.svc and the FQDN across namespaces, case-insensitively', () => {
      const env: [string, string][] = [
        ['A', 'api.shop:80'],
        ['B', 'http://api.shop.svc:9090/metrics'],
        ['C', 'api.shop.svc.cluster.local:80'],
        ['D', 'api.shop.svc.cluster.local.:80'],
        ['E', 'grpc://API.Shop.svc.Cluster.Local:80'],
      ];
      expect(findings(docs(apiService('shop'), apiDeployment('shop'), client('front', env)))).toEqual([]);
    });

    it('URLs and names of hosts outside the cluster, and names in namespaces the input does not hold', () => {
      const env: [string, string][] = [
        ['A', 'https://api.example.com:8443/v1'],
        ['B', 'api.shop.example.com:443'],
        ['C', 'postgres://u:p@db.internal.corp:5432/app'],
        ['D', 'payments.billing.svc.cluster.local:8080'],
        ['E', 'metrics-server.kube-system.svc:443'],
        ['F', 'api.other-cluster.local:80'],
      ];
      expect(findings(docs(apiService('shop'), apiDeployment('shop'), client('shop', env)))).toEqual([]);
    });

    it('the Services every cluster has: kubernetes.default and kube-dns.kube-system', () => {
      const env: [string, string][] = [
        ['A', 'https://kubernetes.default.svc:443'],
        ['B', 'kube-dns.kube-system.svc.cluster.local:53'],
        ['C', '_dns._udp.kube-dns.kube-system.svc.cluster.local'],
      ];
      expect(findings(docs(namespace('kube-system'), apiService('shop'), client('shop', env)))).toEqual([]);
    });

    it('an nginx config and an Envoy config (YAML in a block literal) in ConfigMaps whose addresses resolve', () => {
      const nginx = `apiVersion: v1
kind: ConfigMap
metadata:
  name: nginx
  namespace: front
data:
  nginx.conf: |
    # upstream legacy { server legacy.shop:80; }
    upstream api_upstream {
      server api.shop:80 max_fails=3;
      server api.shop.svc.cluster.local:9090 backup;
    }
    server {
      listen 8080;
      server_name www.shop shop.example.com;
      include /etc/nginx/conf.d/*.conf;
      location / { proxy_pass http://api_upstream; }
      location /v2/ { proxy_pass http://api.shop:80/v2/; proxy_set_header Host $host; }
      location /dyn/ { set $target http://$arg_host:8080; proxy_pass $target; }
    }
`;
      const envoy = `apiVersion: v1
kind: ConfigMap
metadata:
  name: envoy
  namespace: front
data:
  envoy.yaml: |
    static_resources:
      listeners:
        - name: ingress
          address:
            socket_address: { address: 0.0.0.0, port_value: 10000 }
          filter_chains:
            - filters:
                - name: envoy.filters.network.http_connection_manager
                  typed_config:
                    "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
                    http_filters:
                      - name: envoy.filters.http.router
      clusters:
        - name: api
          type: STRICT_DNS
          load_assignment:
            cluster_name: api
            endpoints:
              - lb_endpoints:
                  - endpoint:
                      address:
                        socket_address:
                          address: api.shop.svc.cluster.local
                          port_value: 80
`;
      expect(findings(docs(apiService('shop'), apiDeployment('shop'), nginx, envoy))).toEqual([]);
    });

    it('a headless StatefulSet pod name within replicas, the headless Service by its container port, and peers by short pod name', () => {
      const env: [string, string][] = [
        ['PRIMARY', 'db-0.db.shop.svc.cluster.local:5432'],
        ['LAST', 'db-2.db:5432'],
        ['ALL', 'db:5432'],
        ['SRV', '_postgres._tcp.db'],
      ];
      expect(findings(docs(dbService(true), statefulSet(3), client('shop', env)))).toEqual([]);
    });

    it('a headless Service by the container port its pods declare, though the Service port differs', () => {
      const headless = service(
        'cache',
        'shop',
        `  clusterIP: None
  selector:
    app: cache
  ports:
    - port: 80
      targetPort: 6379
`,
      );
      const pods = apiDeployment('shop')
        .replace(/\bapi\b(?!Version)/g, 'cache')
        .replace('containerPort: 9090', 'containerPort: 6380');
      const env: [string, string][] = [
        ['A', 'cache:6379'],
        ['B', 'cache:80'],
        ['C', 'cache.shop:6380'],
      ];
      expect(findings(docs(headless, pods, client('shop', env)))).toEqual([]);
      const wrong = findings(docs(headless, pods, client('shop', [['A', 'cache:7000']])));
      expect(wrong.map((f) => f.message)).toEqual([
        'Deployment shop/web container web env A names cache:7000, but neither headless Service shop/cache nor the pods it selects have port 7000: the name resolves to the pod IPs, where the valid ports are 80, 6379, 6380 and 8080',
      ]);
    });

    it('another cluster domain with --cluster-domain, ignoring names in cluster.local', () => {
      const env: [string, string][] = [
        ['A', 'api.shop.svc.corp.internal:80'],
        ['B', 'api.shop.svc.cluster.local:1'],
        ['C', 'api:80'],
      ];
      const yaml = docs(apiService('shop'), apiDeployment('shop'), client('shop', env));
      expect(findings(yaml, { settings: { clusterDomain: 'corp.internal' } })).toEqual([]);
      const wrong = findings(
        docs(apiService('shop'), apiDeployment('shop'), client('shop', [['A', 'api.shop.svc.corp.internal:8080']])),
        {
          settings: { clusterDomain: 'corp.internal' },
        },
      );
      expect(wrong.map((f) => f.message)).toEqual([
        'Deployment shop/web container web env A names api.shop.svc.corp.internal:8080, but 8080 is the targetPort of Service shop/api port 80: the cluster IP forwards only its Service ports, so use api.shop.svc.corp.internal:80',
      ]);
    });

    it('strings that only look like names: variables, templates, versions, files, keys, labels, IPs, localhost, image tags', () => {
      const values: [string, string][] = [
        ['A', '$(API_HOST):8080'],
        ['B', '"${API_HOST:-nowhere}:8080"'],
        ['C', '"{{ .Values.api.host }}.shop:8080"'],
        ['D', 'v1.2.3'],
        ['E', 'nginx.conf'],
        ['F', 'app.kubernetes.io/name=api'],
        ['G', '10.0.0.12:8080'],
        ['H', 'localhost:8080'],
        ['I', '"[::1]:8080"'],
        ['J', 'postgres:15'],
        ['K', 'Deployment.shop'],
        ['L', "'<service>.<namespace>:8080'"],
        ['M', 'http://$(API_HOST):8080'],
        ['N', 'job:http_requests:rate5m'],
        ['DB_IMAGE', 'redis:7000'],
        ['HTTP_PROXY', 'http://squid:3128'],
        ['O', 'web-0:8080'],
      ];
      expect(findings(docs(apiService('shop'), apiDeployment('shop'), client('shop', values)))).toEqual([]);
    });

    it('bare <a>.<b> names only where a key, flag or variable says they are hosts', () => {
      const app = service(
        'api',
        'app',
        `  selector:
    app: api
  ports:
    - port: 80
`,
      );
      const configMap = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: app
data:
  logback.xml: |
    <logger name="org.app" level="DEBUG"/>
  application.yaml: |
    feature:
      flag: toggles.app
    search:
      host: search.app
  notes: See docs.app for more; user.app and meta.app are fields.
  values.json: '{"host": "api.app", "name": "theme.app"}'
  backend: cache.app
`;
      const result = findings(docs(app, configMap));
      expect(result.map((f) => [f.path, f.message.replace(/,.*/, '')])).toEqual([
        ['data["application.yaml"]', 'ConfigMap app/settings key application.yaml names search.app'],
        ['data.backend', 'ConfigMap app/settings key backend names cache.app'],
      ]);
    });

    it('Prometheus and Grafana configs: job:port-like names, label matchers, templates and the targets that resolve', () => {
      const prometheus = `apiVersion: v1
kind: ConfigMap
metadata:
  name: prometheus
  namespace: shop
data:
  prometheus.yml: |
    global:
      external_labels: { cluster: prod }
    scrape_configs:
      - job_name: api
        static_configs:
          - targets: ['api:9090', 'api.shop.svc:9090', 'localhost:9090']
      - job_name: kubernetes-pods
        kubernetes_sd_configs: [{ role: pod, namespaces: { names: [shop] } }]
        relabel_configs:
          - source_labels: [__address__, __meta_kubernetes_pod_annotation_prometheus_io_port]
            regex: ([^:]+)(?::\\d+)?;(\\d+)
            replacement: $1:$2
            target_label: __address__
  rules.yml: |
    groups:
      - name: api
        rules:
          - record: job:http_requests:rate5m
            expr: sum by (job) (rate(http_requests_total{job="api.shop", instance="api.shop:8080"}[5m:1m]))
          - alert: ApiDown
            annotations:
              summary: "{{ $labels.instance }} of {{ $labels.job }} is down"
  dashboard.json: |
    {"panels": [{"targets": [{"expr": "up{service=\\"api\\"}"}]}],
     "templating": {"list": [{"current": {"text": "api.shop:8080", "value": "gone.shop:1"}}]}}
  datasources.yaml: |
    datasources:
      - name: Prometheus
        url: http://prometheus-server.shop:80
`;
      const promService = service(
        'prometheus-server',
        'shop',
        `  selector:
    app: prometheus
  ports:
    - port: 80
      targetPort: 9090
`,
      );
      expect(findings(docs(apiService('shop'), apiDeployment('shop'), promService, prometheus))).toEqual([]);
    });

    it('pods that do not use the cluster DNS: dnsPolicy Default or None, hostNetwork without ClusterFirstWithHostNet', () => {
      const bad: [string, string][] = [['API', 'api.shop:8080']];
      for (const podSpec of [
        '\n      dnsPolicy: Default',
        '\n      dnsPolicy: None',
        '\n      hostNetwork: true',
        '\n      hostNetwork: true\n      dnsPolicy: ClusterFirst',
      ]) {
        expect(findings(docs(apiService('shop'), apiDeployment('shop'), client('shop', bad, podSpec)))).toEqual([]);
      }
      const hostNet = '\n      hostNetwork: true\n      dnsPolicy: ClusterFirstWithHostNet';
      expect(findings(docs(apiService('shop'), apiDeployment('shop'), client('shop', bad, hostNet)))).toHaveLength(1);
    });

    it("an ExternalName Service by name only: its ports are the external host's", () => {
      const external = service(
        'payments',
        'shop',
        `  type: ExternalName
  externalName: payments.example.com
`,
      );
      const env: [string, string][] = [
        ['A', 'payments:8443'],
        ['B', 'payments.shop.svc.cluster.local:443'],
      ];
      expect(findings(docs(external, apiService('shop'), client('shop', env)))).toEqual([]);
    });

    it('Services and clients without metadata.namespace, which kubectl -n can put in any namespace', () => {
      // kubernetes/examples cluster-dns: the backend Service is applied with --namespace=development.
      const backend = `apiVersion: v1
kind: Service
metadata:
  name: dns-backend
spec:
  selector:
    name: dns-backend
  ports:
    - port: 8000
`;
      const frontend = `apiVersion: v1
kind: Pod
metadata:
  name: dns-frontend
spec:
  containers:
    - name: frontend
      image: example/dns-frontend:1.0
      command: [python, client.py, "http://dns-backend.development.svc.cluster.local:8000"]
`;
      expect(findings(docs(namespace('development'), backend, frontend))).toEqual([]);
      // A client without a namespace may run next to a Service of an explicit namespace.
      const floating = client('shop', [['API', 'api:80']]).replace('  namespace: shop\n', '');
      expect(findings(docs(apiService('shop'), apiDeployment('shop'), floating))).toEqual([]);
    });

    it('Services an operator makes from a custom resource of the namespace (named after it), but not for a ServiceMonitor', () => {
      const kafka = `apiVersion: kafka.strimzi.io/v1beta2
kind: Kafka
metadata:
  name: events
  namespace: shop
spec:
  kafka:
    replicas: 3
`;
      const env: [string, string][] = [
        ['KAFKA', 'events-kafka-bootstrap:9092'],
        ['BROKER', 'events-kafka-0.events-kafka-brokers.shop.svc:9092'],
      ];
      expect(findings(docs(kafka, apiService('shop'), client('shop', env)))).toEqual([]);
      const monitor = `apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: api
  namespace: shop
spec:
  selector:
    matchLabels:
      app: api
  endpoints:
    - port: metrics
`;
      expect(findings(docs(monitor, apiService('shop'), client('shop', env)))).toHaveLength(2);
      // Istio's Gateway configures a proxy deployed on its own; Gateway API's makes one, with a Service.
      const istioGateway =
        'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: web\n  namespace: shop\n';
      expect(findings(docs(istioGateway, apiService('shop'), client('shop', env)))).toHaveLength(2);
      const gateway =
        'apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: edge\n  namespace: shop\n';
      expect(findings(docs(gateway, apiService('shop'), client('shop', [['GW', 'edge-istio:80']])))).toEqual([]);
      const prometheus =
        'apiVersion: monitoring.coreos.com/v1\nkind: Prometheus\nmetadata:\n  name: k8s\n  namespace: shop\n';
      expect(
        findings(docs(prometheus, apiService('shop'), client('shop', [['PROM', 'http://prometheus-operated:9090']]))),
      ).toEqual([]);
      // Other names in those namespaces are still judged.
      expect(findings(docs(gateway, prometheus, apiService('shop'), client('shop', env)))).toHaveLength(2);
    });

    it('a single label whose namespace declares no Services, or that is the pod itself', () => {
      const alone = client('shop', [['CACHE', 'redis:6379']]);
      expect(findings(alone)).toEqual([]);
      expect(
        findings(
          docs(
            apiService('shop'),
            client('shop', [
              ['SELF', 'web:8080'],
              ['PEER', 'web-1:8080'],
            ]),
          ),
        ),
      ).toEqual([]);
    });
  });

  it('meta examples: valid ones give no findings from any rule, invalid ones exactly one of this rule', () => {
    for (const example of rule.meta.examples.valid) expect(lintYaml(example.yaml, options).findings).toEqual([]);
    for (const example of rule.meta.examples.invalid) {
      const all = lintYaml(example.yaml, options).findings;
      expect(all.map((f) => f.ruleId)).toEqual(['dns-reference']);
    }
  });
});
