import { describe, expect, it } from 'vitest';
import { brief, docs, findingsOf, lintYaml } from '../../test/rule-tester.js';
import { formatEndpoints } from '../../src/report/endpoints-table.js';

const ACCOUNT = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: api-server
  namespace: shop
`;

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: shop
spec:
  selector:
    app: api
  ports:
    - port: 80
      targetPort: 8080
`;

/** Deployment api in shop with the given pod spec lines before its containers. */
const deployment = (lines: string, namespace = 'shop') => `apiVersion: apps/v1
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
${lines}      containers:
        - name: api
          image: example/api:1.0
          ports:
            - containerPort: 8080
`;

describe('service-account', () => {
  it('reports a service account the namespace does not define, with a did-you-mean, and the Service it alone serves has no endpoints', () => {
    const yaml = docs(ACCOUNT, SERVICE, deployment('      serviceAccountName: api-sever\n'));
    const findings = findingsOf('service-account', yaml);
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'service-account',
        severity: 'warning',
        line: 33,
        column: 27,
        endLine: 33,
        endColumn: 36,
        path: 'spec.template.spec.serviceAccountName',
      },
    ]);
    expect(findings[0]!.message).toBe(
      'Deployment/api runs its pods as service account "api-sever", which is not among the ServiceAccounts the input defines in namespace shop; pod admission refuses such pods ("service account shop/api-sever was not found, retry after the service account is created"), so it runs no pods until the ServiceAccount exists. Did you mean api-server?',
    );
    const result = lintYaml(yaml);
    const orphan = result.findings.find((f) => f.ruleId === 'orphan-service')!;
    expect(orphan.message).toContain(
      "Deployment/api, which the cluster rejects: its pods' service account shop/api-sever is not defined",
    );
    expect(formatEndpoints(result, { color: false, toolVersion: '0.0.0' })).toContain(
      'shop/api:80/TCP → (no endpoints: its only pods would come from Deployment/api, which the cluster rejects',
    );
  });

  it('never reports default, nor a namespace where the input defines no ServiceAccounts', () => {
    const yaml = docs(
      ACCOUNT,
      deployment('      serviceAccountName: default\n'),
      deployment('      serviceAccountName: builder\n', 'ci'),
    );
    expect(lintYaml(yaml).findings).toEqual([]);
  });

  it('reads the deprecated serviceAccount when serviceAccountName is empty, and notes it', () => {
    const findings = findingsOf('service-account', docs(ACCOUNT, deployment('      serviceAccount: api\n')));
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'service-account',
        severity: 'warning',
        line: 21,
        column: 23,
        endLine: 21,
        endColumn: 26,
        path: 'spec.template.spec.serviceAccount',
      },
      {
        ruleId: 'service-account',
        severity: 'note',
        line: 21,
        column: 23,
        endLine: 21,
        endColumn: 26,
        path: 'spec.template.spec.serviceAccount',
      },
    ]);
    expect(findings[1]!.message).toBe(
      'Deployment/api sets the deprecated serviceAccount field (it is the service account the pods run as, since serviceAccountName is empty); use serviceAccountName',
    );
  });

  it('lets serviceAccountName win over the deprecated field', () => {
    const findings = findingsOf(
      'service-account',
      docs(ACCOUNT, deployment('      serviceAccountName: api-server\n      serviceAccount: api\n')),
    );
    expect(findings.map((f) => `${f.severity} ${f.message}`)).toEqual([
      'note Deployment/api sets the deprecated serviceAccount field (serviceAccountName wins over it); use serviceAccountName',
    ]);
  });
});
