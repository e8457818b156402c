import { describe, expect, it } from 'vitest';
import { brief, docs, findingsOf } from '../../test/rule-tester.js';

const CONFIG = `apiVersion: v1
kind: ConfigMap
metadata:
  name: app-config
  namespace: shop
data:
  LOG_LEVEL: info
  app.yaml: |
    listen: :8080
binaryData:
  logo.png: aGVsbG8=
`;

const SECRET = `apiVersion: v1
kind: Secret
metadata:
  name: db-auth
  namespace: shop
data:
  password: aHVudGVyMg==
stringData:
  user: app
`;

/** Deployment api in shop; `podSpec` lines are indented under spec.template.spec (containers first). */
const deployment = (podSpec: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
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
${podSpec}`;

const keyRef = (env: string, field: string, name: string, key: string, extra = '') => `            - name: ${env}
              valueFrom:
                ${field}:
                  name: ${name}
                  key: ${key}
${extra}`;

describe('config-reference', () => {
  it('reports env keys that are not in the ConfigMap (data only) or the Secret (data and stringData)', () => {
    const env = `          env:
${keyRef('LEVEL', 'configMapKeyRef', 'app-config', 'LOGLEVEL')}${keyRef('LOGO', 'configMapKeyRef', 'app-config', 'logo.png')}${keyRef('USER', 'secretKeyRef', 'db-auth', 'user')}${keyRef('PASSWORD', 'secretKeyRef', 'db-auth', 'pasword')}`;
    const findings = findingsOf('config-reference', docs(CONFIG, SECRET, deployment(env)));
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'config-reference',
        severity: 'warning',
        line: 45,
        column: 24,
        endLine: 45,
        endColumn: 32,
        path: 'spec.template.spec.containers[0].env[0].valueFrom.configMapKeyRef.key',
      },
      {
        ruleId: 'config-reference',
        severity: 'warning',
        line: 50,
        column: 24,
        endLine: 50,
        endColumn: 32,
        path: 'spec.template.spec.containers[0].env[1].valueFrom.configMapKeyRef.key',
      },
      {
        ruleId: 'config-reference',
        severity: 'warning',
        line: 60,
        column: 24,
        endLine: 60,
        endColumn: 31,
        path: 'spec.template.spec.containers[0].env[3].valueFrom.secretKeyRef.key',
      },
    ]);
    expect(findings.map((f) => f.message)).toEqual([
      'env LEVEL of container api in Deployment/api reads key "LOGLEVEL" of ConfigMap shop/app-config, which has no such key (its keys: LOG_LEVEL, app.yaml); the kubelet fails the container with CreateContainerConfigError ("couldn\'t find key LOGLEVEL in ConfigMap shop/app-config"). Did you mean LOG_LEVEL?',
      'env LOGO of container api in Deployment/api reads key "logo.png" of ConfigMap shop/app-config, which has no such key (its keys: LOG_LEVEL, app.yaml) (it is in binaryData, which env cannot read); the kubelet fails the container with CreateContainerConfigError ("couldn\'t find key logo.png in ConfigMap shop/app-config")',
      'env PASSWORD of container api in Deployment/api reads key "pasword" of Secret shop/db-auth, which has no such key (its keys: password, user); the kubelet fails the container with CreateContainerConfigError ("couldn\'t find key pasword in Secret shop/db-auth"). Did you mean password?',
    ]);
  });

  it('accepts an optional configMapKeyRef, a Secret that is not in the input, and an empty Secret something else fills in', () => {
    const shell = `apiVersion: v1
kind: Secret
metadata:
  name: state
  namespace: shop
`;
    const env = `          env:
${keyRef('LEVEL', 'configMapKeyRef', 'app-config', 'TRACE', '                  optional: true\n')}${keyRef('TOKEN', 'secretKeyRef', 'api-token', 'token')}${keyRef('STATE', 'secretKeyRef', 'state', 'anything')}`;
    expect(findingsOf('config-reference', docs(CONFIG, SECRET, shell, deployment(env)))).toEqual([]);
  });

  it('reports volume items whose key is in neither data nor binaryData, in configMap, secret and projected volumes', () => {
    const volumes = `      volumes:
        - name: config
          configMap:
            name: app-config
            items:
              - key: app.yaml
                path: app.yaml
              - key: logo.png
                path: logo.png
              - key: app.yml
                path: app.yml
        - name: creds
          secret:
            secretName: db-auth
            items:
              - key: passwd
                path: passwd
        - name: all
          projected:
            sources:
              - configMap:
                  name: app-config
                  optional: true
                  items:
                    - key: missing
                      path: missing
              - secret:
                  name: db-auth
                  items:
                    - key: usr
                      path: usr
`;
    const findings = findingsOf('config-reference', docs(CONFIG, SECRET, deployment(volumes)));
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'config-reference',
        severity: 'warning',
        line: 49,
        column: 22,
        endLine: 49,
        endColumn: 29,
        path: 'spec.template.spec.volumes[0].configMap.items[2].key',
      },
      {
        ruleId: 'config-reference',
        severity: 'warning',
        line: 55,
        column: 22,
        endLine: 55,
        endColumn: 28,
        path: 'spec.template.spec.volumes[1].secret.items[0].key',
      },
      {
        ruleId: 'config-reference',
        severity: 'warning',
        line: 69,
        column: 28,
        endLine: 69,
        endColumn: 31,
        path: 'spec.template.spec.volumes[2].projected.sources[1].secret.items[0].key',
      },
    ]);
    expect(findings[0]!.message).toBe(
      'volume config of Deployment/api projects key "app.yml" of ConfigMap shop/app-config, which has no such key (its keys: LOG_LEVEL, app.yaml, logo.png); the kubelet cannot mount the volume ("configmap references non-existent config key: app.yml") and the pod stays in ContainerCreating. Did you mean app.yaml?',
    );
    expect(findings[1]!.message).toContain('("references non-existent secret key: passwd")');
  });

  it('reports a name that is not in the namespace when a near name is, or when it is only in another namespace', () => {
    const other = `apiVersion: v1
kind: ConfigMap
metadata:
  name: shared
  namespace: common
data:
  A: b
`;
    const spec = `          envFrom:
            - configMapRef:
                name: app-confg
            - configMapRef:
                name: shared
            - secretRef:
                name: unrelated
      volumes:
        - name: creds
          secret:
            secretName: db-aut
`;
    const findings = findingsOf('config-reference', docs(CONFIG, SECRET, other, deployment(spec)));
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'config-reference',
        severity: 'warning',
        line: 50,
        column: 23,
        endLine: 50,
        endColumn: 32,
        path: 'spec.template.spec.containers[0].envFrom[0].configMapRef.name',
      },
      {
        ruleId: 'config-reference',
        severity: 'warning',
        line: 52,
        column: 23,
        endLine: 52,
        endColumn: 29,
        path: 'spec.template.spec.containers[0].envFrom[1].configMapRef.name',
      },
      {
        ruleId: 'config-reference',
        severity: 'warning',
        line: 58,
        column: 25,
        endLine: 58,
        endColumn: 31,
        path: 'spec.template.spec.volumes[0].secret.secretName',
      },
    ]);
    expect(findings.map((f) => f.message)).toEqual([
      'envFrom of container api in Deployment/api uses ConfigMap "app-confg", which is not in namespace shop, but ConfigMap app-config is: did you mean app-config? If no ConfigMap "app-confg" is created elsewhere, the kubelet fails the container with CreateContainerConfigError (configmap "app-confg" not found)',
      'envFrom of container api in Deployment/api uses ConfigMap "shared", which the input defines only in namespace common, not in shop: a pod can only use ConfigMaps of its own namespace. If none is created in shop elsewhere, the kubelet fails the container with CreateContainerConfigError (configmap "shared" not found)',
      'volume creds of Deployment/api uses Secret "db-aut", which is not in namespace shop, but Secret db-auth is: did you mean db-auth? If no Secret "db-aut" is created elsewhere, the kubelet cannot mount the volume and the pod stays in ContainerCreating',
    ]);
  });
});
