// Real manifests written by others (../shared/corpus): everything loads, and only genuine problems are reported.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintPaths } from '../src/index.js';

const repoRoot = path.resolve(import.meta.dirname, '..');
const corpus = path.resolve(repoRoot, '../shared/corpus');
const directories = existsSync(corpus)
  ? readdirSync(corpus, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort()
  : [];

/**
 * Every finding svclint may report on the corpus, each a genuine problem (see the corpus INDEX.md): Argo CD's
 * StatefulSet whose serviceName names a Service that is not in the manifests (no per-pod DNS names), an address of a
 * Service the manifests do not contain, and notes on numeric targetPorts of containers that declare no ports and
 * name the number nowhere in their command, args or env (Kubernetes routes them as is: only a check is asked for).
 * Containers that declare no ports but name the number (cert-manager's webhook `--secure-port=6443`, the kind
 * examples' agnhost `--port=8080`) are not reported at all.
 */
const GENUINE: Record<string, string[]> = {
  // cert-manager v0.x: beta APIs that Kubernetes 1.16 and 1.22 stopped serving, so its webhook Deployment never runs.
  'cert-manager': [
    'api-version error APIService/v1beta1.admission.certmanager.k8s.io apiVersion',
    'api-version error ClusterRole/cert-manager apiVersion',
    'api-version error ClusterRole/cert-manager-cainjector apiVersion',
    'api-version error ClusterRoleBinding/cert-manager apiVersion',
    'api-version error ClusterRoleBinding/cert-manager-cainjector apiVersion',
    'api-version error ClusterRoleBinding/cert-manager-webhook:auth-delegator apiVersion',
    'api-version error CustomResourceDefinition/certificates.certmanager.k8s.io apiVersion',
    'api-version error CustomResourceDefinition/challenges.certmanager.k8s.io apiVersion',
    'api-version error CustomResourceDefinition/clusterissuers.certmanager.k8s.io apiVersion',
    'api-version error CustomResourceDefinition/issuers.certmanager.k8s.io apiVersion',
    'api-version error CustomResourceDefinition/orders.certmanager.k8s.io apiVersion',
    'api-version error Deployment/cert-manager apiVersion',
    'api-version error Deployment/cert-manager-cainjector apiVersion',
    'api-version error Deployment/cert-manager-webhook apiVersion',
    'api-version error RoleBinding/cert-manager-webhook:webhook-authentication-reader apiVersion',
    'api-version error ValidatingWebhookConfiguration/cert-manager-webhook apiVersion',
    'orphan-service warning Service/cert-manager-webhook spec.selector',
  ],
  // policy/v1beta1 PodDisruptionBudget (and apiregistration.k8s.io/v1beta1): not served since 1.25 (1.22).
  'kubernetes-examples-cockroachdb': ['api-version error PodDisruptionBudget/cockroachdb-budget apiVersion'],
  'metrics-server': [
    'api-version error APIService/v1beta1.metrics.k8s.io apiVersion',
    'api-version error PodDisruptionBudget/metrics-server apiVersion',
  ],
  'argo-cd': [
    'target-port-mismatch note Service/argocd-notifications-controller-metrics spec.ports[0].targetPort',
    'statefulset-service warning StatefulSet/argocd-application-controller spec.serviceName',
  ],
  'argo-cd-namespace-install': [
    'target-port-mismatch note Service/argocd-notifications-controller-metrics spec.ports[0].targetPort',
    'statefulset-service warning StatefulSet/argocd-application-controller spec.serviceName',
  ],
  // The frontend's SHOPPING_ASSISTANT_SERVICE_ADDR names a Service that only an optional component adds.
  'google-microservices-demo': [
    'dns-reference warning Deployment/frontend spec.template.spec.containers[0].env[8].value',
  ],
  // The controllers' health ports (their defaults, --healthz-port 10254; MetalLB's 17472) are declared and named nowhere.
  'ingress-nginx': [
    'probe-port note Deployment/ingress-nginx-controller spec.template.spec.containers[0].livenessProbe.httpGet.port',
    'probe-port note Deployment/ingress-nginx-controller spec.template.spec.containers[0].readinessProbe.httpGet.port',
  ],
  metallb: [
    'probe-port note Deployment/controller spec.template.spec.containers[0].livenessProbe.httpGet.port',
    'probe-port note Deployment/controller spec.template.spec.containers[0].readinessProbe.httpGet.port',
  ],
  // The ReplicationController names its service account with the deprecated serviceAccount field (a note).
  'kubernetes-examples-elasticsearch': [
    'service-account note ReplicationController/es spec.template.spec.serviceAccount',
  ],
  // The jaeger all-in-one container declares no ports and listens on its defaults.
  'istio-addons': [
    'target-port-mismatch note Service/jaeger-collector spec.ports[0].targetPort',
    'target-port-mismatch note Service/jaeger-collector spec.ports[1].targetPort',
    'target-port-mismatch note Service/jaeger-collector spec.ports[2].targetPort',
    'target-port-mismatch note Service/jaeger-collector spec.ports[3].port',
    'target-port-mismatch note Service/jaeger-collector spec.ports[4].port',
    'target-port-mismatch note Service/tracing spec.ports[0].targetPort',
    'target-port-mismatch note Service/tracing spec.ports[1].targetPort',
    'target-port-mismatch note Service/zipkin spec.ports[0].targetPort',
  ],
};

describe.skipIf(directories.length === 0)('real-world corpus', () => {
  it.each(directories)('%s loads without parse errors and reports only genuine problems', async (dir) => {
    const result = await lintPaths([path.join(corpus, dir)], { cwd: repoRoot });
    expect(result.summary.objects).toBeGreaterThan(0);
    const found = result.findings
      .map((f) => `${f.ruleId} ${f.severity} ${f.object?.kind}/${f.object?.name} ${f.path}`)
      .sort();
    expect(found).toEqual([...(GENUINE[dir] ?? [])].sort());
  });

  it('recognises operator-made pods: kube-prometheus Services selecting Alertmanager and Prometheus pods have endpoints sources', async () => {
    const result = await lintPaths([path.join(corpus, 'kube-prometheus')], { cwd: repoRoot });
    const alertmanager = result.analysis.endpoints.find((e) => e.service.name === 'alertmanager-main')!;
    expect(alertmanager.operatorResources.map((o) => `${o.kind}/${o.name}`)).toEqual(['Alertmanager/main']);
    const prometheus = result.analysis.endpoints.find((e) => e.service.name === 'prometheus-k8s')!;
    expect(prometheus.operatorResources.map((o) => `${o.kind}/${o.name}`)).toEqual(['Prometheus/k8s']);
  });
});
