import { describe, expect, it } from 'vitest';
import { brief, docs, findingsOf } from '../../test/rule-tester.js';
import { DEPRECATED_APIS } from '../../src/model/api-versions.js';

const at = (minor: number) => ({ settings: { kubernetesVersion: { major: 1, minor } } });
const object = (apiVersion: string, kind: string) =>
  `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: x\n  namespace: shop\n`;

const deployment = (apiVersion: string) => `apiVersion: ${apiVersion}
kind: Deployment
metadata:
  name: my-nginx
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
          image: nginx:1.27
          ports:
            - name: http
              containerPort: 80
`;
const service = `apiVersion: v1
kind: Service
metadata:
  name: nginx
spec:
  type: LoadBalancer
  selector:
    app: nginx
  ports:
    - port: 80
      targetPort: http
`;

describe('api-version', () => {
  it('reports an apiVersion the default version (1.34) does not serve at the apiVersion value, naming the removal and the replacement', () => {
    const findings = findingsOf('api-version', deployment('extensions/v1beta1'));
    expect(findings.map(brief)).toEqual([
      { ruleId: 'api-version', severity: 'error', line: 1, column: 13, endLine: 1, endColumn: 31, path: 'apiVersion' },
    ]);
    expect(findings[0]!.message).toBe(
      'Deployment default/my-nginx uses extensions/v1beta1, which Kubernetes 1.34 does not serve (removed in 1.16): the API server rejects it ("no matches for kind "Deployment" in version "extensions/v1beta1""); use apps/v1 (served since 1.9)',
    );
  });

  describe('every row of the table', () => {
    it.each(DEPRECATED_APIS.map((api) => [`${api.apiVersion} ${api.kind}`, api] as const))('%s', (_name, api) => {
      const yaml = object(api.apiVersion, api.kind);
      if (api.removedIn !== null) {
        const removed = findingsOf('api-version', yaml, at(api.removedIn));
        expect(removed.map((f) => f.severity)).toEqual(['error']);
        expect(removed[0]!.message).toContain(`(removed in 1.${api.removedIn})`);
        if (api.removedIn - 1 >= api.deprecatedIn) {
          const deprecated = findingsOf('api-version', yaml, at(api.removedIn - 1));
          expect(deprecated.map((f) => f.severity)).toEqual(['warning']);
          expect(deprecated[0]!.message).toContain(
            `deprecated since 1.${api.deprecatedIn}: Kubernetes 1.${api.removedIn} no longer serves it`,
          );
        }
      } else {
        expect(findingsOf('api-version', yaml, at(api.deprecatedIn)).map((f) => f.severity)).toEqual(['note']);
      }
      expect(findingsOf('api-version', yaml, at(api.deprecatedIn - 1))).toEqual([]);
    });
  });

  it('names the newest replacement the target serves, or what to do when there is none', () => {
    const flowSchema = object('flowcontrol.apiserver.k8s.io/v1beta1', 'FlowSchema');
    expect(findingsOf('api-version', flowSchema, at(27))[0]!.message).toMatch(
      /; use flowcontrol\.apiserver\.k8s\.io\/v1beta3 \(served since 1\.26\)$/,
    );
    expect(findingsOf('api-version', flowSchema)[0]!.message).toMatch(
      /; use flowcontrol\.apiserver\.k8s\.io\/v1 \(served since 1\.29\)$/,
    );
    const psp = object('extensions/v1beta1', 'PodSecurityPolicy');
    expect(findingsOf('api-version', psp, at(20))[0]!.message).toMatch(/; use policy\/v1beta1 \(served since 1\.10\)$/);
    expect(findingsOf('api-version', psp)[0]!.message).toMatch(/; use Pod Security Admission$/);
  });

  it('notes v1 Endpoints, deprecated since 1.33 with no removal planned', () => {
    const findings = findingsOf('api-version', object('v1', 'Endpoints'));
    expect(findings.map(brief)).toEqual([
      { ruleId: 'api-version', severity: 'note', line: 1, column: 13, endLine: 1, endColumn: 15, path: 'apiVersion' },
    ]);
    expect(findings[0]!.message).toBe(
      'Endpoints shop/x uses v1 Endpoints, deprecated since 1.33: no removal is planned yet; use discovery.k8s.io/v1 EndpointSlice (served since 1.21)',
    );
    expect(findingsOf('api-version', object('v1', 'Endpoints'), at(32))).toEqual([]);
  });

  it('accepts current versions, custom resources and every version of a kind the table does not list', () => {
    for (const yaml of [
      deployment('apps/v1'),
      object('networking.k8s.io/v1', 'Ingress'),
      object('example.com/v1beta1', 'Deployment'),
      object('batch/v1beta1', 'Job'),
    ]) {
      expect(findingsOf('api-version', yaml)).toEqual([]);
    }
  });

  it('makes a Deployment the cluster does not serve no pod source: its Service has no endpoints, and orphan-service says why', () => {
    const findings = findingsOf('orphan-service', docs(deployment('extensions/v1beta1'), service));
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'orphan-service',
        severity: 'warning',
        line: 27,
        column: 3,
        endLine: 27,
        endColumn: 11,
        path: 'spec.selector',
      },
    ]);
    expect(findings[0]!.message).toBe(
      'Service default/nginx selects app=nginx, but its only pods would come from Deployment/my-nginx, which the cluster rejects: extensions/v1beta1 is not served since 1.16, so it has no endpoints',
    );
    // No target-port-mismatch about pods that never exist.
    expect(findingsOf('target-port-mismatch', docs(deployment('extensions/v1beta1'), service))).toEqual([]);
    // On a 1.15 cluster the Deployment runs (deprecated: a warning), and the Service reaches it.
    expect(findingsOf('orphan-service', docs(deployment('extensions/v1beta1'), service), at(15))).toEqual([]);
    expect(
      findingsOf('api-version', docs(deployment('extensions/v1beta1'), service), at(15)).map((f) => f.severity),
    ).toEqual(['warning']);
  });
});
