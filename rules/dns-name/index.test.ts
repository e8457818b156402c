import { describe, expect, it } from 'vitest';
import { brief, docs, findingsOf, lintYaml, withRule } from '../../test/rule-tester.js';
import {
  dns1035LabelProblem,
  dns1123LabelProblem,
  dns1123SubdomainProblem,
  isDns1035Label,
  isDns1123Label,
  isDns1123Subdomain,
} from '../../src/model/names.js';
import rule from './index.js';

const options = withRule(rule);
const dnsName = (yaml: string) => findingsOf('dns-name', yaml, options);

const externalName = (name: string, target: string, namespace = 'shop') => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  type: ExternalName
  externalName: ${target}
`;

const named = (kind: string, name: string, apiVersion = 'v1', extra = '') => `apiVersion: ${apiVersion}
kind: ${kind}
metadata:
  name: ${name}${extra}
`;

describe('dns-name', () => {
  it('rejects a Service name that starts with a digit but accepts such a namespace (DNS-1035 vs DNS-1123 label)', () => {
    const findings = dnsName(
      docs(named('Namespace', '2024-payments'), externalName('2024-ledger', 'ledger.example.com', '2024-payments')),
    );
    expect(findings.map(brief)).toEqual([
      { ruleId: 'dns-name', severity: 'error', line: 9, column: 9, endLine: 9, endColumn: 20, path: 'metadata.name' },
    ]);
    expect(findings[0]!.message).toBe(
      'Service 2024-payments/2024-ledger name "2024-ledger" is not a valid DNS-1035 label: must start with a letter; the API server rejects it',
    );
    expect(
      dnsName(docs(named('Namespace', '2024-payments'), externalName('ledger', 'ledger.example.com', '2024-payments'))),
    ).toEqual([]);
  });

  it('reports a bad namespace once per object, at its metadata.namespace value, and a bad Namespace name', () => {
    const yaml = docs(
      named('Namespace', 'Team_A'),
      externalName('ledger', 'ledger.example.com', 'Team_A'),
      `apiVersion: v1
kind: ConfigMap
metadata:
  namespace: Team_A
  name: settings
data: {}
`,
    );
    const findings = dnsName(yaml);
    expect(findings.map(brief)).toEqual([
      { ruleId: 'dns-name', severity: 'error', line: 4, column: 9, endLine: 4, endColumn: 15, path: 'metadata.name' },
      {
        ruleId: 'dns-name',
        severity: 'error',
        line: 10,
        column: 14,
        endLine: 10,
        endColumn: 20,
        path: 'metadata.namespace',
      },
      {
        ruleId: 'dns-name',
        severity: 'error',
        line: 18,
        column: 14,
        endLine: 18,
        endColumn: 20,
        path: 'metadata.namespace',
      },
    ]);
    expect(findings.map((f) => f.message)).toEqual([
      'Namespace Team_A name "Team_A" is not a valid DNS-1123 label: must be lowercase (found "T"); the API server rejects it',
      'Service ledger namespace "Team_A" is not a valid DNS-1123 label: must be lowercase (found "T"); the API server rejects it',
      'ConfigMap settings namespace "Team_A" is not a valid DNS-1123 label: must be lowercase (found "T"); the API server rejects it',
    ]);
  });

  it('reports a Service with both a bad name and a bad namespace twice, once for each', () => {
    const findings = dnsName(externalName('api.v1', 'api.example.com', 'shop.prod'));
    expect(findings.map(brief)).toEqual([
      { ruleId: 'dns-name', severity: 'error', line: 4, column: 9, endLine: 4, endColumn: 15, path: 'metadata.name' },
      {
        ruleId: 'dns-name',
        severity: 'error',
        line: 5,
        column: 14,
        endLine: 5,
        endColumn: 23,
        path: 'metadata.namespace',
      },
    ]);
    expect(findings.map((f) => f.message)).toEqual([
      'Service shop.prod/api.v1 name "api.v1" is not a valid DNS-1035 label: must not contain dots; the API server rejects it',
      'Service api.v1 namespace "shop.prod" is not a valid DNS-1123 label: must not contain dots; the API server rejects it',
    ]);
  });

  it("holds workloads to their kind's name function and length limits", () => {
    const long = (n: number) => `w${'x'.repeat(n - 1)}`;
    expect(
      dnsName(
        docs(
          named('Deployment', 'web.v2', 'apps/v1'),
          named('Pod', 'debug.1'),
          named('ReplicationController', 'legacy.rc'),
        ),
      ),
    ).toEqual([]);
    const findings = dnsName(
      docs(
        named('StatefulSet', 'db.v2', 'apps/v1'),
        named('CronJob', long(53), 'batch/v1'),
        named('Pod', long(254)),
        named('DaemonSet', '-agent', 'apps/v1'),
      ),
    );
    expect(findings.map((f) => [f.line, f.path, f.message])).toEqual([
      [
        4,
        'metadata.name',
        'StatefulSet default/db.v2 name "db.v2" is not a valid DNS-1123 label: must not contain dots; the API server rejects it',
      ],
      [
        9,
        'metadata.name',
        `CronJob default/${long(53)} name "${long(53)}" has 53 characters, but a CronJob name may have at most 52 (its Jobs are named <name>-<11-character timestamp>); the API server rejects it`,
      ],
      [
        14,
        'metadata.name',
        `Pod default/${long(254)} name "${long(254)}" is not a valid DNS-1123 subdomain: must be no more than 253 characters (it has 254); the API server rejects it`,
      ],
      [
        19,
        'metadata.name',
        'DaemonSet default/-agent name "-agent" is not a valid DNS-1123 subdomain: each dot-separated part must start and end with an alphanumeric character ("-agent" does not); the API server rejects it',
      ],
    ]);
    expect(dnsName(named('CronJob', long(52), 'batch/v1'))).toEqual([]);
  });

  it('limits a Job with a generated selector to 63 characters (its job-name label), not one with manualSelector', () => {
    const job = (name: string, manual: string) => `apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}
spec:${manual}
  template:
    metadata:
      labels:
        app: batch
    spec:
      restartPolicy: Never
      containers:
        - name: run
          image: example/run:1.0
`;
    const name = `job-${'x'.repeat(60)}`;
    const findings = dnsName(job(name, ''));
    expect(findings.map(brief)).toEqual([
      { ruleId: 'dns-name', severity: 'error', line: 4, column: 9, endLine: 4, endColumn: 73, path: 'metadata.name' },
    ]);
    expect(findings[0]!.message).toBe(
      `Job default/${name} name "${name}" has 64 characters, but the Job's pods get the label job-name=<name>, and a label value may have at most 63; the API server rejects it`,
    );
    const manual = `
  manualSelector: true
  selector:
    matchLabels:
      app: batch`;
    expect(dnsName(job(name, manual))).toEqual([]);
  });

  it('skips generateName objects and kinds with other name rules', () => {
    const yaml = docs(
      `apiVersion: v1
kind: Service
metadata:
  generateName: api-
spec:
  type: ExternalName
  externalName: api.example.com
`,
      named('ClusterRole', 'system:controller:web', 'rbac.authorization.k8s.io/v1'),
      named('Rollout', 'Web.V2', 'argoproj.io/v1alpha1'),
    );
    expect(dnsName(yaml)).toEqual([]);
  });

  it('accepts an externalName with a trailing dot and rejects URLs, underscores and capitals', () => {
    expect(dnsName(externalName('ledger', 'ledger.db.example.com.'))).toEqual([]);
    const findings = dnsName(
      docs(
        externalName('a', 'https://api.example.com/v1'),
        externalName('b', 'my_db.example.com'),
        externalName('c', 'DB.example.com.'),
        externalName('d', 'db..example.com'),
      ),
    );
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'dns-name',
        severity: 'error',
        line: 8,
        column: 17,
        endLine: 8,
        endColumn: 43,
        path: 'spec.externalName',
      },
      {
        ruleId: 'dns-name',
        severity: 'error',
        line: 17,
        column: 17,
        endLine: 17,
        endColumn: 34,
        path: 'spec.externalName',
      },
      {
        ruleId: 'dns-name',
        severity: 'error',
        line: 26,
        column: 17,
        endLine: 26,
        endColumn: 32,
        path: 'spec.externalName',
      },
      {
        ruleId: 'dns-name',
        severity: 'error',
        line: 35,
        column: 17,
        endLine: 35,
        endColumn: 32,
        path: 'spec.externalName',
      },
    ]);
    expect(findings.map((f) => f.message)).toEqual([
      'Service shop/a externalName "https://api.example.com/v1" is a URL, not a DNS name: write only the host name (api.example.com); the API server rejects it',
      'Service shop/b externalName "my_db.example.com" is not a valid DNS-1123 subdomain: must contain only lowercase alphanumerics, \'-\' and \'.\' (found "_"); the API server rejects it',
      'Service shop/c externalName "DB.example.com." is not a valid DNS-1123 subdomain: must be lowercase (found "D"); the API server rejects it',
      "Service shop/d externalName \"db..example.com\" is not a valid DNS-1123 subdomain: must not start or end with '.' or contain '..'; the API server rejects it",
    ]);
  });

  it('warns about an IPv4 address as externalName: accepted, but resolved as a name', () => {
    const findings = dnsName(externalName('legacy-db', '10.0.0.5'));
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'dns-name',
        severity: 'warning',
        line: 8,
        column: 17,
        endLine: 8,
        endColumn: 25,
        path: 'spec.externalName',
      },
    ]);
    expect(findings[0]!.message).toBe(
      'Service shop/legacy-db externalName "10.0.0.5" is an IP address; Kubernetes accepts it, but DNS answers with a CNAME to the name "10.0.0.5", which clients do not resolve to that address; use a Service without selector and an EndpointSlice for an IP',
    );
    // Not four octets: a (numeric) DNS name like any other.
    expect(dnsName(externalName('numeric', '10.0.5'))).toEqual([]);
  });

  it('checks externalName only on ExternalName Services (elsewhere it is ignored: service-type warns)', () => {
    const yaml = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  externalName: https://not-used
  ports:
    - port: 80
`;
    expect(dnsName(yaml)).toEqual([]);
  });

  it('explains the name forms with the same verdict as the is* validators', () => {
    const samples = [
      'a',
      '0',
      'web-1',
      '1-web',
      '-web',
      'web-',
      'Web',
      'web_1',
      'web.v1',
      'a'.repeat(63),
      'a'.repeat(64),
      '',
      'a.b-c.d',
      'a..b',
      '.a',
      'a.',
      'a.-b',
      'x'.repeat(254),
    ];
    for (const sample of samples) {
      expect(dns1123LabelProblem(sample) === null, sample).toBe(isDns1123Label(sample));
      expect(dns1035LabelProblem(sample) === null, sample).toBe(isDns1035Label(sample));
      expect(dns1123SubdomainProblem(sample) === null, sample).toBe(isDns1123Subdomain(sample));
    }
    expect(dns1035LabelProblem('web-')).toBe('must end with an alphanumeric character');
    expect(dns1123LabelProblem('')).toBe('must not be empty');
    expect(dns1123SubdomainProblem('a.-b')).toBe(
      'each dot-separated part must start and end with an alphanumeric character ("-b" does not)',
    );
  });

  it('runs its documentation examples: valid ones clean under all rules, invalid ones exactly one finding of this rule', () => {
    for (const example of rule.meta.examples.valid) expect(lintYaml(example.yaml, options).findings).toEqual([]);
    for (const example of rule.meta.examples.invalid) {
      expect(lintYaml(example.yaml, options).findings.map((f) => f.ruleId)).toEqual(['dns-name']);
    }
  });
});
