import { describe, expect, it } from 'vitest';
import { brief, findingsOf } from '../../test/rule-tester.js';

const workload = (selector: string, labels: string, head = 'apiVersion: apps/v1\nkind: Deployment') => `${head}
metadata:
  name: web
spec:
${selector}
  template:
    metadata:
      labels:
${labels}
    spec:
      containers:
        - name: web
          image: nginx:1.27
`;

describe('workload-selector', () => {
  it('reports a selector that does not match the template labels, at spec.selector', () => {
    const findings = findingsOf(
      'workload-selector',
      workload(
        `  selector:
    matchLabels:
      app: web`,
        `        app: webapp`,
      ),
    );
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'workload-selector',
        severity: 'error',
        line: 6,
        column: 3,
        endLine: 6,
        endColumn: 11,
        path: 'spec.selector',
      },
    ]);
    expect(findings[0]!.message).toBe(
      'Deployment/web selector app=web does not match its pod template labels (app=webapp); the API server rejects it',
    );
    expect(findings[0]!.related).toMatchObject([{ line: 11, column: 7, message: 'pod template labels' }]);
  });

  it('accepts set-based selectors the labels satisfy, including NotIn and DoesNotExist on absent keys', () => {
    const selector = `  selector:
    matchLabels:
      app: web
    matchExpressions:
      - { key: tier, operator: In, values: [frontend, edge] }
      - { key: env, operator: NotIn, values: [dev] }
      - { key: canary, operator: DoesNotExist }
      - { key: app, operator: Exists }`;
    expect(
      findingsOf(
        'workload-selector',
        workload(
          selector,
          `        app: web
        tier: frontend`,
        ),
      ),
    ).toEqual([]);
  });

  it('reports a set-based selector the labels do not satisfy', () => {
    const selector = `  selector:
    matchExpressions:
      - { key: tier, operator: In, values: [frontend] }`;
    const findings = findingsOf('workload-selector', workload(selector, `        tier: backend`));
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toContain(
      'selector tier in (frontend) does not match its pod template labels (tier=backend)',
    );
  });

  it('requires a non-empty selector in apps/v1 but not in the removed extensions/v1beta1', () => {
    const missing = findingsOf('workload-selector', workload('  replicas: 2', '        app: web'));
    expect(missing.map(brief)).toEqual([
      {
        ruleId: 'workload-selector',
        severity: 'error',
        line: 9,
        column: 7,
        endLine: 9,
        endColumn: 13,
        path: 'spec.selector',
      },
    ]);
    expect(missing[0]!.message).toBe(
      'Deployment/web has no spec.selector; apps/v1 requires one that matches the pod template labels',
    );
    const empty = findingsOf('workload-selector', workload('  selector: {}', '        app: web'));
    expect(empty[0]!.message).toContain('has an empty spec.selector');
    expect(
      findingsOf(
        'workload-selector',
        workload('  replicas: 2', '        app: web', 'apiVersion: extensions/v1beta1\nkind: Deployment'),
      ),
    ).toEqual([]);
  });

  it('reports malformed requirements the API server rejects', () => {
    const cases: [string, string][] = [
      [
        '{ key: app, operator: Equals, values: [web] }',
        'matchExpressions operator "Equals" is not one of In, NotIn, Exists, DoesNotExist',
      ],
      ['{ key: app, operator: In, values: [] }', 'matchExpressions app In needs at least one value'],
      ['{ key: app, operator: Exists, values: [web] }', 'matchExpressions app Exists must not have values'],
    ];
    for (const [expression, reason] of cases) {
      const findings = findingsOf(
        'workload-selector',
        workload(`  selector:\n    matchExpressions:\n      - ${expression}`, '        app: web'),
      );
      expect(findings.map((f) => f.message)).toEqual([`Deployment/web spec.selector is invalid: ${reason}`]);
    }
  });

  it('checks a ReplicationController map selector, which defaults to the template labels when empty', () => {
    const rc = 'apiVersion: v1\nkind: ReplicationController';
    expect(findingsOf('workload-selector', workload('  selector:\n    app: web', '        app: web', rc))).toEqual([]);
    expect(findingsOf('workload-selector', workload('  replicas: 1', '        app: web', rc))).toEqual([]);
    const findings = findingsOf('workload-selector', workload('  selector:\n    app: api', '        app: web', rc));
    expect(findings.map((f) => f.message)).toEqual([
      'ReplicationController/web selector app=api does not match its pod template labels (app=web); the API server rejects it',
    ]);
  });

  it('checks an OpenShift DeploymentConfig map selector like a ReplicationController one', () => {
    const dc = 'apiVersion: apps.openshift.io/v1\nkind: DeploymentConfig';
    expect(
      findingsOf(
        'workload-selector',
        workload('  selector:\n    app: web', '        app: web\n        tier: front', dc),
      ),
    ).toEqual([]);
    expect(findingsOf('workload-selector', workload('  replicas: 2', '        app: web', dc))).toEqual([]);
    const findings = findingsOf('workload-selector', workload('  selector:\n    app: api', '        app: web', dc));
    expect(findings.map(brief)).toEqual([
      {
        ruleId: 'workload-selector',
        severity: 'error',
        line: 6,
        column: 3,
        endLine: 6,
        endColumn: 11,
        path: 'spec.selector',
      },
    ]);
    expect(findings[0]!.message).toBe(
      'DeploymentConfig/web selector app=api does not match its pod template labels (app=web); the OpenShift API server rejects it',
    );
  });

  it('checks Jobs only with manualSelector, and custom workloads with a LabelSelector', () => {
    const job = 'apiVersion: batch/v1\nkind: Job';
    expect(
      findingsOf(
        'workload-selector',
        workload('  selector:\n    matchLabels:\n      app: other', '        app: web', job),
      ),
    ).toEqual([]);
    expect(
      findingsOf(
        'workload-selector',
        workload('  manualSelector: true\n  selector:\n    matchLabels:\n      app: other', '        app: web', job),
      ),
    ).toHaveLength(1);
    const rollout = 'apiVersion: argoproj.io/v1alpha1\nkind: Rollout';
    const findings = findingsOf(
      'workload-selector',
      workload('  selector:\n    matchLabels:\n      app: other', '        app: web', rollout),
    );
    expect(findings.map((f) => f.message)).toEqual([
      'Rollout/web selector app=other does not match its pod template labels (app=web); its controller rejects it',
    ]);
  });

  it('leaves a selector of the wrong shape to the schema rule: one mistake, one finding', () => {
    const yaml = workload(
      `  selector:
    - app: web`,
      '        app: web',
    );
    expect(findingsOf('workload-selector', yaml)).toEqual([]);
    expect(findingsOf('schema', yaml).map((f) => f.path)).toEqual(['spec.selector']);
  });
});
