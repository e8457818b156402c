// The bundled examples: examples/clean must stay clean, examples/broken must produce exactly the findings its
// "WRONG:" comments describe, at the exact positions.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lintPaths, rules, type LintResult } from '../src/index.js';
import { examplesGolden, UPDATE_HINT } from '../scripts/goldens.mjs';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

const lint = (folder: string): Promise<LintResult> => lintPaths([folder], { cwd: repoRoot });

/** One line per Service port: "ns/name:port/PROTO -> Kind/name/container:containerPort (replicas)". */
function endpointMap(result: LintResult) {
  return result.analysis.endpoints.flatMap((entry) =>
    entry.ports.map((p) => ({
      service: `${entry.service.namespace}/${entry.service.name}`,
      port: p.port.port,
      protocol: p.port.protocol,
      targetPort: p.targetPort,
      nodePort: p.port.nodePort,
      endpoints: p.endpoints.map(
        (e) => `${e.workload.kind}/${e.workload.name}/${e.container ?? '?'}:${e.containerPort} (${e.replicas})`,
      ),
      gaps: p.gaps.map((g) => `${g.kind} ${g.workload.kind}/${g.workload.name}`),
    })),
  );
}

describe('examples/clean', () => {
  it('has no findings and no parse problems', async () => {
    const result = await lint('examples/clean');
    expect(result.findings).toEqual([]);
    expect(result.model.loadProblems).toEqual([]);
    expect(result.summary).toMatchObject({
      files: 8,
      documents: 15,
      objects: 15,
      skippedDocuments: 0,
      errors: 0,
      warnings: 0,
      notes: 0,
    });
  });

  it('gives every Service port endpoints, with no gaps', async () => {
    const map = endpointMap(await lint('examples/clean'));
    expect(map.map((p) => `${p.service}:${p.port}/${p.protocol}`)).toEqual([
      'shop/cart:80/TCP',
      'shop/catalog:8080/TCP',
      'shop/frontend:80/TCP',
      'shop/redis:6379/TCP',
      'shop/statsd:9125/UDP',
      'shop/statsd:9125/TCP',
      'shop/statsd:9102/TCP',
      'default/webapp-service:8080/TCP',
    ]);
    for (const port of map) {
      expect(port.endpoints, `${port.service}:${port.port}/${port.protocol}`).not.toEqual([]);
      expect(port.gaps, `${port.service}:${port.port}/${port.protocol}`).toEqual([]);
    }
  });

  it('predicts the endpoints Kubernetes would build', async () => {
    const map = endpointMap(await lint('examples/clean'));
    const find = (service: string, port: number, protocol = 'TCP') =>
      map.find((p) => p.service === service && p.port === port && p.protocol === protocol);

    // The classic NodePort exercise.
    expect(find('default/webapp-service', 8080)).toEqual({
      service: 'default/webapp-service',
      port: 8080,
      protocol: 'TCP',
      targetPort: 8080,
      nodePort: 30080,
      endpoints: ['Deployment/simple-webapp-deployment/simple-webapp:8080 (4)'],
      gaps: [],
    });
    // The named targetPort "http" is the Envoy sidecar's port, not the app's (3000).
    expect(find('shop/frontend', 80)).toMatchObject({
      targetPort: 'http',
      endpoints: ['Deployment/frontend/envoy:8080 (3)'],
    });
    // targetPort defaults to port.
    expect(find('shop/catalog', 8080)).toMatchObject({
      targetPort: 8080,
      endpoints: ['Deployment/catalog/catalog:8080 (2)'],
    });
    // A set-based Deployment selector; the Service selects the pod template labels.
    expect(find('shop/cart', 80)).toMatchObject({ targetPort: 8080, endpoints: ['Deployment/cart/cart:8080 (2)'] });
    // The headless Service of the StatefulSet.
    expect(find('shop/redis', 6379)).toMatchObject({
      targetPort: 'redis',
      endpoints: ['StatefulSet/redis/redis:6379 (1)'],
    });
    // One port number, two protocols: each named targetPort resolves with its own protocol.
    expect(find('shop/statsd', 9125, 'UDP')).toMatchObject({
      targetPort: 'statsd-udp',
      endpoints: ['Deployment/statsd-exporter/statsd-exporter:9125 (1)'],
    });
    expect(find('shop/statsd', 9125, 'TCP')).toMatchObject({
      targetPort: 'statsd-tcp',
      endpoints: ['Deployment/statsd-exporter/statsd-exporter:9125 (1)'],
    });
    expect(find('shop/statsd', 9102)).toMatchObject({
      targetPort: 'metrics',
      endpoints: ['Deployment/statsd-exporter/statsd-exporter:9102 (1)'],
    });
  });
});

describe('examples/broken', () => {
  const B = 'examples/broken';
  // Derived by reading the files (see each "WRONG:" comment), then checked against svclint. Every one must be found;
  // test/golden/examples-broken.json (written by `npm run update`) pins the complete list, so that a new rule's findings
  // here need no edit of this test.
  const expected = [
    {
      ruleId: 'dns-name',
      severity: 'error',
      file: `${B}/2fa.yaml`,
      line: 6,
      column: 9,
      says: 'name "2fa" is not a valid DNS-1035 label: must start with a letter',
    },
    {
      ruleId: 'node-port-range',
      severity: 'error',
      file: `${B}/admin.yaml`,
      line: 17,
      column: 17,
      says: 'nodePort 8080 is outside the node port range 30000-32767',
    },
    {
      ruleId: 'duplicate-object',
      severity: 'warning',
      file: `${B}/adoption.yaml`,
      line: 16,
      column: 9,
      says: 'ConfigMap petstore/adoption-settings is defined again here (first at examples/broken/adoption.yaml:7)',
    },
    {
      ruleId: 'dns-reference',
      severity: 'warning',
      file: `${B}/analytics.yaml`,
      line: 16,
      column: 27,
      says: 'names inventory.petstore.svc.cluster.local:8080, but Service petstore/inventory has no port 8080 (its ports: 80)',
    },
    {
      ruleId: 'env-var-order',
      severity: 'warning',
      file: `${B}/analytics.yaml`,
      line: 56,
      column: 33,
      says: 'DATABASE_URL is literally "postgres://$(DB_USER)@vet-records-db:5432/events"',
    },
    {
      ruleId: 'service-env-order',
      severity: 'warning',
      file: `${B}/analytics.yaml`,
      line: 62,
      column: 22,
      says: 'Service petstore/payments comes after Deployment/analytics in apply order',
    },
    {
      ruleId: 'duplicate-env-var',
      severity: 'warning',
      file: `${B}/analytics.yaml`,
      line: 63,
      column: 21,
      says: 'sets env LOG_LEVEL again at env[4] (first at env[2])',
    },
    {
      ruleId: 'orphan-service',
      severity: 'warning',
      file: `${B}/boarding.yaml`,
      line: 11,
      column: 3,
      says: 'its only pods would come from Deployment/boarding, which the cluster rejects: extensions/v1beta1 is not served since 1.16, so it has no endpoints',
    },
    {
      ruleId: 'api-version',
      severity: 'error',
      file: `${B}/boarding.yaml`,
      line: 18,
      column: 13,
      says: 'uses extensions/v1beta1, which Kubernetes 1.34 does not serve (removed in 1.16)',
    },
    {
      ruleId: 'duplicate-port',
      severity: 'error',
      file: `${B}/checkout.yaml`,
      line: 15,
      column: 13,
      says: 'has two ports named "http" (spec.ports[0] and spec.ports[1])',
    },
    {
      ruleId: 'network-policy-blocks',
      severity: 'warning',
      file: `${B}/clinic.yaml`,
      line: 62,
      column: 29,
      says: 'no ingress rule admits Deployment/reception on TCP 8080; allow it with an ingress rule in NetworkPolicy clinic/appointments from podSelector app.kubernetes.io/name=reception on TCP 8080',
    },
    {
      ruleId: 'network-policy-port',
      severity: 'warning',
      file: `${B}/clinic.yaml`,
      line: 137,
      column: 17,
      says: 'none of the pods it selects (Deployment/appointments) declares a container port named metrics',
    },
    {
      ruleId: 'network-policy-dns',
      severity: 'warning',
      file: `${B}/clinic.yaml`,
      line: 149,
      column: 3,
      says: 'no egress rule allows UDP or TCP port 53 to the cluster DNS (kube-dns in kube-system), so every name lookup fails',
    },
    {
      ruleId: 'network-policy-selector',
      severity: 'warning',
      file: `${B}/clinic.yaml`,
      line: 166,
      column: 3,
      says: 'spec.podSelector app.kubernetes.io/name=billling selects no pod template in namespace clinic',
    },
    {
      ruleId: 'schema',
      severity: 'error',
      file: `${B}/daycare.yaml`,
      line: 14,
      column: 17,
      says: 'container name "daycare" is already used by spec.template.spec.containers[0] (containers and initContainers share one set of names)',
    },
    {
      ruleId: 'statefulset-service',
      severity: 'warning',
      file: `${B}/events.yaml`,
      line: 23,
      column: 16,
      says: 'names Service petstore/events, which is not headless (no clusterIP: None)',
    },
    {
      ruleId: 'placeholder',
      severity: 'note',
      file: `${B}/grooming.yaml`,
      line: 34,
      column: 18,
      says: 'holds placeholder ${IMAGE_TAG}, filled in before the manifest is applied (by envsubst, a templating step or by hand), so spec.template.spec.containers[0].image was not checked',
    },
    {
      ruleId: 'ingress-backend',
      severity: 'error',
      file: `${B}/ingress.yaml`,
      line: 30,
      column: 27,
      says: 'backend port.number 8080 is not a port of Service petstore/search (its ports: http:80/TCP)',
    },
    {
      ruleId: 'deployable-set',
      severity: 'note',
      file: `${B}/insurance.yaml`,
      line: 7,
      column: 9,
      says: "HelmRelease petstore/insurance is rendered in the cluster by Flux's helm-controller, so svclint cannot see the objects it makes",
    },
    {
      ruleId: 'target-port-mismatch',
      severity: 'error',
      file: `${B}/inventory.yaml`,
      line: 14,
      column: 19,
      says: 'matches no container port named "http" in Deployment/inventory (its ports: web:8080/TCP)',
    },
    {
      ruleId: 'suppression',
      severity: 'warning',
      file: `${B}/legacy-settings.yaml`,
      line: 9,
      column: 31,
      says: 'dns-refrence',
    },
    {
      ruleId: 'hpa-target',
      severity: 'warning',
      file: `${B}/kennels.yaml`,
      line: 40,
      column: 15,
      says: 'container kennels of Deployment/kennels sets no cpu request (nor limit)',
    },
    {
      ruleId: 'pdb-selector',
      severity: 'warning',
      file: `${B}/kennels.yaml`,
      line: 51,
      column: 17,
      says: 'requires 2 available pods, but it selects only 2: Deployment/kennels (2, the minReplicas of HorizontalPodAutoscaler kennels)',
    },
    {
      ruleId: 'service-type',
      severity: 'error',
      file: `${B}/loyalty.yaml`,
      line: 11,
      column: 26,
      says: 'sets externalTrafficPolicy, which "may only be set for externally-accessible services", but it is a ClusterIP Service',
    },
    {
      ruleId: 'schema',
      severity: 'error',
      file: `${B}/newsletter.yaml`,
      line: 13,
      column: 13,
      says: 'spec.ports[0].port must be an integer, not the string "80"',
    },
    {
      ruleId: 'workload-selector',
      severity: 'error',
      file: `${B}/notifications.yaml`,
      line: 10,
      column: 3,
      says: 'does not match its pod template labels',
    },
    {
      ruleId: 'orphan-service',
      severity: 'warning',
      file: `${B}/orders.yaml`,
      line: 10,
      column: 3,
      says: 'Deployment/orders carries them in metadata.labels',
    },
    {
      ruleId: 'target-port-mismatch',
      severity: 'warning',
      file: `${B}/payments.yaml`,
      line: 14,
      column: 19,
      says: 'targetPort 80 is not declared by any container of Deployment/payments',
    },
    {
      ruleId: 'parse-error',
      severity: 'error',
      file: `${B}/payments.yaml`,
      line: 35,
      column: 11,
      says: 'YAML duplicate key',
    },
    {
      ruleId: 'config-reference',
      severity: 'warning',
      file: `${B}/pet-photos.yaml`,
      line: 40,
      column: 24,
      says: 'reads key "secret_key" of Secret petstore/photo-storage, which has no such key (its keys: access-key, secret-key)',
    },
    {
      ruleId: 'probe-port',
      severity: 'error',
      file: `${B}/pharmacy.yaml`,
      line: 43,
      column: 21,
      says: 'readinessProbe of container pharmacy in Deployment/pharmacy uses port "http", which container pharmacy does not declare (its ports: api:8080/TCP)',
    },
    {
      ruleId: 'parse-error',
      severity: 'error',
      file: `${B}/recommendations.yaml`,
      line: 21,
      column: 18,
      says: 'Unrendered template expression',
    },
    {
      ruleId: 'monitor-target',
      severity: 'warning',
      file: `${B}/reminders.yaml`,
      line: 55,
      column: 13,
      says: 'endpoints[].port is the name of a Service port, not its number',
    },
    {
      ruleId: 'parse-error',
      severity: 'error',
      file: `${B}/reviews.yaml`,
      line: 50,
      column: 11,
      says: 'YAML syntax error',
    },
    {
      ruleId: 'target-port-mismatch',
      severity: 'error',
      file: `${B}/search.yaml`,
      line: 15,
      column: 19,
      says: 'in Deployment/search-canary (its ports: web:8080/TCP); those pods get no traffic on this port; Deployment/search serves it',
    },
    {
      ruleId: 'orphan-service',
      severity: 'warning',
      file: `${B}/shipping.yaml`,
      line: 10,
      column: 3,
      says: 'which the cluster rejects: container exporter port name "metrics-exporter" is invalid, so it has no endpoints',
    },
    {
      ruleId: 'port-name',
      severity: 'error',
      file: `${B}/shipping.yaml`,
      line: 42,
      column: 21,
      says: 'container exporter port 9102 name "metrics-exporter" is not a valid port name (IANA_SVC_NAME): must be no more than 15 characters',
    },
    {
      ruleId: 'target-port-mismatch',
      severity: 'error',
      file: `${B}/statsd.yaml`,
      line: 14,
      column: 19,
      says: 'is TCP, but statsd-exporter of Deployment/statsd-exporter declares statsd:9125/UDP only with another protocol',
    },
    {
      ruleId: 'orphan-service',
      severity: 'warning',
      file: `${B}/storefront.yaml`,
      line: 11,
      column: 29,
      says: 'did you mean app.kubernetes.io/name=storefront?',
    },
    {
      ruleId: 'service-account',
      severity: 'warning',
      file: `${B}/vaccinations.yaml`,
      line: 20,
      column: 31,
      says: 'runs its pods as service account "vaccination", which is not among the ServiceAccounts the input defines in namespace petstore',
    },
    {
      ruleId: 'node-port-conflict',
      severity: 'error',
      file: `${B}/vet-portal.yaml`,
      line: 32,
      column: 17,
      says: 'Service petstore/vet-portal-debug port 5005 nodePort 30090 is already used by Service petstore/vet-portal',
    },
    {
      ruleId: 'selectorless-service',
      severity: 'note',
      file: `${B}/vet-records.yaml`,
      line: 7,
      column: 9,
      says: 'no EndpointSlice labelled kubernetes.io/service-name=vet-records-db or Endpoints object named vet-records-db',
    },
  ];

  it('reports each deliberate mistake at its exact position', async () => {
    const result = await lint(B);
    for (const { says, ...position } of expected) {
      const found = result.findings.filter(
        (f) =>
          f.ruleId === position.ruleId &&
          f.file === position.file &&
          f.line === position.line &&
          f.column === position.column,
      );
      expect(
        found.map(({ ruleId, severity, file, line, column }) => ({ ruleId, severity, file, line, column })),
        JSON.stringify(position),
      ).toEqual([position]);
      expect(found[0]!.message).toContain(says);
    }
  });

  it('reports exactly the findings of test/golden/examples-broken.json, and counts them in the summary', async () => {
    const result = await lint(B);
    const golden = readFileSync(path.join(repoRoot, 'test', 'golden', 'examples-broken.json'), 'utf8');
    expect(
      examplesGolden(result) === golden,
      `test/golden/examples-broken.json differs from the findings: ${UPDATE_HINT}`,
    ).toBe(true);
    const count = (severity: string) => result.findings.filter((f) => f.severity === severity).length;
    const files = readdirSync(path.join(repoRoot, B)).filter((name) => /\.ya?ml$/.test(name)).length;
    expect(result.summary).toMatchObject({
      files,
      errors: count('error'),
      warnings: count('warning'),
      notes: count('note'),
    });
  });

  it('shows every rule at least once', async () => {
    const result = await lint(B);
    expect([...new Set(result.findings.map((f) => f.ruleId))].sort()).toEqual(rules.map((rule) => rule.meta.id).sort());
  });

  it('has a finding for every "WRONG:" comment and a "WRONG:" comment for every finding', async () => {
    const result = await lint(B);
    const commented: string[] = [];
    for (const name of readdirSync(path.join(repoRoot, B)).sort()) {
      const lines = readFileSync(path.join(repoRoot, B, name), 'utf8').split('\n');
      lines.forEach((text, i) => {
        if (!text.includes('# WRONG:')) return;
        // A comment on its own line is about the next line; a trailing one about its own line.
        const line = text.trimStart().startsWith('#') ? i + 2 : i + 1;
        commented.push(`${B}/${name}:${line}`);
      });
    }
    // Compared as sets: a line may hold more than one finding (two rules, or a mistake with two consequences).
    expect([...new Set(result.findings.map((f) => `${f.file}:${f.line}`))].sort()).toEqual(
      [...new Set(commented)].sort(),
    );
  });

  it('keeps checking the rest of a file after a bad document', async () => {
    const map = endpointMap(await lint(B));
    // reviews.yaml ends with a syntax error; its Service and Deployment are still modelled.
    expect(map.find((p) => p.service === 'petstore/reviews')).toMatchObject({
      endpoints: ['Deployment/reviews/reviews:8080 (2)'],
      gaps: [],
    });
    // One of the two selected Deployments serves the named port, the canary does not.
    expect(map.find((p) => p.service === 'petstore/search')).toMatchObject({
      endpoints: ['Deployment/search/search:8080 (3)'],
      gaps: ['name-not-found Deployment/search-canary'],
    });
    // The pharmacy pods are endpoints all the same, but never ready: their readiness probe names a port they lack.
    const pharmacy = (await lint(B)).analysis.endpoints.find((e) => e.service.name === 'pharmacy')!;
    expect(pharmacy.ports[0]!.endpoints).toMatchObject([
      {
        container: 'pharmacy',
        containerPort: 8080,
        ready: false,
        notReadyReason: 'readinessProbe port "http" is not a port of container pharmacy',
      },
    ]);
    // A Service without a selector is modelled with no endpoints and no gaps: they come from outside Kubernetes.
    expect(map.find((p) => p.service === 'petstore/vet-records-db')).toMatchObject({ endpoints: [], gaps: [] });
    // A numeric targetPort is routed whether or not a container declares it.
    expect(map.find((p) => p.service === 'petstore/payments')).toMatchObject({
      endpoints: ['Deployment/payments/?:80 (2)'],
      gaps: ['number-undeclared Deployment/payments'],
    });
  });
});
