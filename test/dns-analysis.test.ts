// Cluster DNS as the manifests declare it (src/analysis/dns.ts): names per Service, the host scanner, the resolver.
import { describe, expect, it } from 'vitest';
import { ClusterDns, dnsNamesOf, scanHosts, usesClusterDns } from '../src/analysis/dns.js';
import type { WorkloadModel } from '../src/model/types.js';
import { docs, lintYaml } from './rule-tester.js';

const manifests = docs(
  `apiVersion: v1
kind: Namespace
metadata:
  name: billing
`,
  `apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: shop
spec:
  selector:
    app: api
  ports:
    - name: http
      port: 80
      targetPort: 8080
    - port: 9090
    - name: dns
      port: 53
      protocol: UDP
`,
  `apiVersion: v1
kind: Service
metadata:
  name: db
  namespace: shop
spec:
  clusterIP: None
  selector:
    app: db
  ports:
    - name: postgres
      port: 5432
`,
  `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  namespace: shop
spec:
  serviceName: db
  replicas: 2
  ordinals:
    start: 3
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
`,
  `apiVersion: v1
kind: Service
metadata:
  name: payments
  namespace: billing
spec:
  type: ExternalName
  externalName: Payments.Example.com.
`,
  `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector:
    app: web
  ports:
    - port: 80
`,
);

function setup(clusterDomain = 'cluster.local') {
  const { model, analysis } = lintYaml(manifests, { rules: [] });
  const dns = new ClusterDns(model, analysis, clusterDomain);
  const service = (name: string) => model.services.find((s) => s.name === name)!;
  return { model, analysis, dns, service };
}

describe('dnsNamesOf', () => {
  it('gives a ClusterIP Service its A name and an SRV name per named port, with the protocol in lower case', () => {
    const { analysis, service } = setup();
    const names = dnsNamesOf(service('api'), analysis.endpointsOf(service('api')), 'cluster.local');
    expect(names.map((n) => [n.type, n.name])).toEqual([
      ['A', 'api.shop.svc.cluster.local'],
      ['SRV', '_http._tcp.api.shop.svc.cluster.local'],
      ['SRV', '_dns._udp.api.shop.svc.cluster.local'],
    ]);
  });

  it('gives the StatefulSet pods behind their headless governing Service a name each, from ordinals.start', () => {
    const { analysis, service } = setup('corp.internal');
    const names = dnsNamesOf(service('db'), analysis.endpointsOf(service('db')), 'corp.internal');
    expect(names.map((n) => [n.type, n.name])).toEqual([
      ['A', 'db.shop.svc.corp.internal'],
      ['SRV', '_postgres._tcp.db.shop.svc.corp.internal'],
      ['pod', 'db-3.db.shop.svc.corp.internal'],
      ['pod', 'db-4.db.shop.svc.corp.internal'],
    ]);
  });

  it('gives no pod names without the endpoints (no selected StatefulSet), and an ExternalName Service a CNAME', () => {
    const { service } = setup();
    expect(dnsNamesOf(service('db'), null, 'cluster.local').map((n) => n.type)).toEqual(['A', 'SRV']);
    expect(dnsNamesOf(service('payments'), null, 'cluster.local')).toMatchObject([
      { type: 'CNAME', name: 'payments.billing.svc.cluster.local', target: 'payments.example.com' },
    ]);
  });
});

describe('scanHosts', () => {
  // Bare words are candidates too (the resolver and the rule judge them); these tests look at the rest.
  const named = (text: string) => scanHosts(text).filter((r) => r.host.includes('.') || r.port !== null);
  const scan = (text: string) =>
    named(text).map((r) => `${text.slice(r.start, r.portEnd)}${r.scheme ? ` (${r.scheme})` : ''}`);

  it('finds plain names, host:port pairs and SRV names with their indexes', () => {
    expect(named('x api.shop:8080 y')).toEqual([
      { host: 'api.shop', port: 8080, start: 2, end: 10, portEnd: 15, scheme: null },
    ]);
    expect(scan('api:8080')).toEqual(['api:8080']);
    expect(scan('api.shop.svc.cluster.local.')).toEqual(['api.shop.svc.cluster.local.']);
    expect(scan('_http._tcp.api.shop')).toEqual(['_http._tcp.api.shop']);
    expect(scan('kafka-0.kafka.data:9092,kafka-1.kafka.data:9092')).toEqual([
      'kafka-0.kafka.data:9092',
      'kafka-1.kafka.data:9092',
    ]);
    expect(scan('targets: [\'alertmanager:9093\', "node-exporter.monitoring:9100"]')).toEqual([
      'alertmanager:9093',
      'node-exporter.monitoring:9100',
    ]);
  });

  it('finds URL hosts after user:password@, several hosts of one URL, JDBC and gRPC dns:/// targets', () => {
    expect(scan('http://api:8080/v1?next=web.shop:80')).toEqual(['api:8080 (http)', 'web.shop:80']);
    expect(scan('postgresql://user:p@ss@db.shop:5432/app')).toEqual(['db.shop:5432 (postgresql)']);
    expect(scan('jdbc:mysql://m1.db:3306,m2.db:3306/app')).toEqual(['m1.db:3306 (mysql)', 'm2.db:3306 (mysql)']);
    expect(scan('mongodb://root:pw@mongo-0.mongo:27017,mongo-1.mongo:27017/?replicaSet=rs0')).toEqual([
      'mongo-0.mongo:27017 (mongodb)',
      'mongo-1.mongo:27017 (mongodb)',
    ]);
    expect(scan('redis://:secret@redis-master.cache:6379/0')).toEqual(['redis-master.cache:6379 (redis)']);
    expect(scan('dns:///grpc-api.shop:50051')).toEqual(['grpc-api.shop:50051 (dns)']);
    // A variable in user:password@ does not hide the host; one in the host does.
    expect(scan('postgres://app:$(DB_PASSWORD)@db.data:5432/app')).toEqual(['db.data:5432 (postgres)']);
    expect(scan('postgres://app@$(DB_HOST):5432/app http://api.{{ .Release.Namespace }}:80')).toEqual([]);
    const withPort = named('amqp://guest:guest@rabbitmq:5672')[0]!;
    expect([withPort.host, withPort.port, withPort.start, withPort.end, withPort.portEnd]).toEqual([
      'rabbitmq',
      5672,
      19,
      27,
      32,
    ]);
  });

  it('finds hosts in multi-line config files, but not commented-out ones nor server_name / upstream names', () => {
    const nginx = `upstream backend {
  server api.shop:8080 max_fails=3;
}
server {
  server_name www.shop;
  # proxy_pass http://old.shop:80;
  location / { proxy_pass http://api:8080; }
}`;
    expect(scan(nginx)).toEqual(['api.shop:8080', 'api:8080 (http)']);
    expect(scan('address: api.shop.svc.cluster.local\nport_value: 8080')).toEqual(['api.shop.svc.cluster.local']);
  });

  it('skips variables, templates, placeholders, IPs, keys, paths, label matchers and non-host URL schemes', () => {
    const none = [
      '$(API_HOST):8080',
      '${API_HOST:-api}:8080',
      'http://{{ .Values.host }}:8080',
      'api.$(NS):80',
      'http://$(HOST):80',
      '<svc>.<ns>.svc.cluster.local',
      '{service}.{namespace}:80',
      '10.0.0.1:80 [::1]:80',
      'job:node_cpu:rate5m rate(x[5m:30s]) 12:30:00',
      'system:serviceaccount:monitoring:prometheus',
      'admin@monitoring.shop',
      '--image=postgres:15',
      'app.kubernetes.io/name=web monitoring.coreos.com/v1 /etc/app.shop/conf',
      'spring.datasource.url=x foo.bar: 1',
      '{"user.data": 1}',
      'sum(up{job="api.shop", instance=~"web.shop:80"})',
      'Deployment.apps',
      'mongodb+srv://cluster0.shop/test s3://logs.shop/x file://api.shop/x',
    ];
    for (const text of none) expect(scan(text), text).toEqual([]);
  });

  it('skips listen specs: a Go network name before a port (Cloud SQL proxy =tcp:3306), but not a URL scheme or a longer word', () => {
    const none = [
      '-instances=my-project:us-central1:orders=tcp:3306',
      '--instances=p:r:a=tcp:5432,p:r:b=TCP:5433',
      '-instances=p:r:c=unix:/cloudsql/p:r:c',
      '--listen=udp:514 --bind=tcp6:8443 sctp:3868 unixgram:9000',
    ];
    for (const text of none) expect(scan(text), text).toEqual([]);
    expect(scan('tcp://mysql.shop:3306 --to=tcpx:8080 udp-relay:514')).toEqual([
      'mysql.shop:3306 (tcp)',
      'tcpx:8080',
      'udp-relay:514',
    ]);
  });
});

describe('ClusterDns.resolve', () => {
  const resolve = (host: string, from = 'shop', clusterDomain?: string) => {
    const result = setup(clusterDomain).dns.resolve(host, from);
    if (!result) return null;
    if (result.status === 'resolved') return `${result.record.type} ${result.fqdn}`;
    if (result.status === 'builtin') return `builtin ${result.fqdn}`;
    return `unresolved ${result.target.kind} ${result.fqdn}`;
  };

  it('applies the search path: a short name stays in the pod namespace, <svc>.<ns> and <svc>.<ns>.svc cross it', () => {
    expect(resolve('api')).toBe('A api.shop.svc.cluster.local');
    expect(resolve('api', 'billing')).toBe('unresolved service api.billing.svc.cluster.local');
    expect(resolve('api.shop', 'billing')).toBe('A api.shop.svc.cluster.local');
    expect(resolve('API.Shop.SVC', 'billing')).toBe('A api.shop.svc.cluster.local');
    expect(resolve('api.shop.svc.cluster.local', 'billing')).toBe('A api.shop.svc.cluster.local');
    expect(resolve('api.shop.svc.cluster.local.', 'billing')).toBe('A api.shop.svc.cluster.local');
    expect(resolve('payments.billing')).toBe('CNAME payments.billing.svc.cluster.local');
  });

  it('tries <host>.<svc> in the pod namespace first, so StatefulSet peers find each other by short pod name', () => {
    expect(resolve('db-3.db')).toBe('pod db-3.db.shop.svc.cluster.local');
    expect(resolve('db-5.db')).toBe('unresolved pod db-5.db.shop.svc.cluster.local');
    expect(resolve('db-3.db.shop')).toBe('pod db-3.db.shop.svc.cluster.local');
    // web is not headless: it has no pod names, but the name is still meant as one.
    expect(resolve('web-0.web')).toBe('unresolved pod web-0.web.shop.svc.cluster.local');
  });

  it('looks pod names up by ordinal, so large StatefulSets make no record per pod', () => {
    const { model, analysis } = lintYaml(manifests.replace('replicas: 2', 'replicas: 100000'), { rules: [] });
    const dns = new ClusterDns(model, analysis, 'cluster.local');
    expect(dns.lookup('db-100002.db.shop.svc.cluster.local')).toMatchObject({ type: 'pod', pod: { ordinal: 100002 } });
    expect(dns.lookup('db-3.db.shop.svc.cluster.local')).toMatchObject({
      type: 'pod',
      pod: { ordinal: 3, hostname: 'db-3' },
    });
    expect(dns.lookup('db-100003.db.shop.svc.cluster.local')).toBeNull();
    expect(dns.lookup('db-2.db.shop.svc.cluster.local')).toBeNull();
    expect(dns.lookup('db-03.db.shop.svc.cluster.local')).toBeNull();
  });

  it('resolves SRV names relative to the pod namespace or across namespaces', () => {
    expect(resolve('_http._tcp.api')).toBe('SRV _http._tcp.api.shop.svc.cluster.local');
    expect(resolve('_dns._udp.api.shop', 'billing')).toBe('SRV _dns._udp.api.shop.svc.cluster.local');
    expect(resolve('_http._udp.api')).toBe('unresolved srv _http._udp.api.shop.svc.cluster.local');
  });

  it('knows the Services every cluster has', () => {
    expect(resolve('kubernetes.default.svc')).toBe('builtin kubernetes.default.svc.cluster.local');
    expect(resolve('kube-dns.kube-system')).toBe('builtin kube-dns.kube-system.svc.cluster.local');
  });

  it('leaves alone public names, other cluster domains and namespaces the input does not know', () => {
    expect(resolve('api.example.com')).toBeNull();
    expect(resolve('api.other')).toBeNull();
    expect(resolve('a.b.c.d.e.f')).toBeNull();
    expect(resolve('api.shop.svc.cluster.local', 'shop', 'corp.internal')).toBeNull();
    expect(resolve('api.shop.svc.corp.internal', 'billing', 'corp.internal')).toBe('A api.shop.svc.corp.internal');
    // <a>.<b>.<c> is a pod name only through an existing Service, or when .svc is written out.
    expect(resolve('www.shop.billing')).toBeNull();
    expect(resolve('x.ghost.shop.svc')).toBe('unresolved pod x.ghost.shop.svc.cluster.local');
    expect(resolve('x.ghost.shop.svc.cluster.local')).toBe('unresolved pod x.ghost.shop.svc.cluster.local');
    // <a>.svc is no Kubernetes name: neither a pod of Service "svc" nor a Service of namespace "svc".
    expect(resolve('my.svc')).toBeNull();
  });

  it('tries a name with five dots as is first (ndots:5), a trailing dot only as is', () => {
    const { dns } = setup();
    expect(dns.searchCandidates('a.b.c.d.e.f', false, 'shop')).toEqual([
      'a.b.c.d.e.f',
      'a.b.c.d.e.f.shop.svc.cluster.local',
      'a.b.c.d.e.f.svc.cluster.local',
      'a.b.c.d.e.f.cluster.local',
    ]);
    expect(dns.searchCandidates('api', false, 'shop')).toEqual([
      'api.shop.svc.cluster.local',
      'api.svc.cluster.local',
      'api.cluster.local',
      'api',
    ]);
    expect(dns.searchCandidates('api.shop.svc.cluster.local', true, 'shop')).toEqual(['api.shop.svc.cluster.local']);
  });

  it('lists the namespaces in the input: objects, Namespace objects, default and kube-system', () => {
    const { dns } = setup();
    expect([...dns.namespaces].sort()).toEqual(['billing', 'default', 'kube-system', 'shop']);
    expect([...dns.coveredNamespaces].sort()).toEqual(['billing', 'shop']);
  });
});

describe('usesClusterDns', () => {
  const pod = (dnsPolicy: string | null, hostNetwork: boolean) => ({ dnsPolicy, hostNetwork }) as WorkloadModel;
  it('is true for ClusterFirst (the default) and ClusterFirstWithHostNet, false for Default, None and hostNetwork pods', () => {
    expect(usesClusterDns(pod(null, false))).toBe(true);
    expect(usesClusterDns(pod('ClusterFirst', false))).toBe(true);
    expect(usesClusterDns(pod('ClusterFirstWithHostNet', true))).toBe(true);
    expect(usesClusterDns(pod(null, true))).toBe(false);
    expect(usesClusterDns(pod('Default', false))).toBe(false);
    expect(usesClusterDns(pod('None', false))).toBe(false);
  });
});
