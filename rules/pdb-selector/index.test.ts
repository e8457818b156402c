import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { brief, findingsOf, lintYaml } from '../../test/rule-tester.js';
import { describePolicies } from '../../src/analysis/policies.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('pdb-selector', () => {
  it('reports a percentage that keeps every pod at the HPA minReplicas, maxUnavailable 0, a second budget over the same pods and a typo', () => {
    const findings = findingsOf('pdb-selector', fixture('budgets.yaml'));
    expect(findings.map((f) => ({ ...brief(f), message: f.message }))).toEqual([
      {
        ruleId: 'pdb-selector',
        severity: 'warning',
        line: 40,
        column: 17,
        endLine: 40,
        endColumn: 20,
        path: 'spec.minAvailable',
        message:
          'PodDisruptionBudget default/web requires 2 available pods (75% of 2, rounded up), but it selects only 2: Deployment/web (2, the minReplicas of HorizontalPodAutoscaler web), so it never allows a voluntary disruption: evictions of its pods are refused and node drains hang',
      },
      {
        ruleId: 'pdb-selector',
        severity: 'warning',
        line: 50,
        column: 19,
        endLine: 50,
        endColumn: 20,
        path: 'spec.maxUnavailable',
        message:
          'PodDisruptionBudget default/front sets maxUnavailable 0, so it never allows a voluntary disruption: evictions of its pods are refused and node drains hang',
      },
      {
        ruleId: 'pdb-selector',
        severity: 'warning',
        line: 51,
        column: 3,
        endLine: 51,
        endColumn: 11,
        path: 'spec.selector',
        message:
          'PodDisruptionBudget default/front selects the pods of Deployment/web, which PodDisruptionBudget default/web already selects; the eviction API refuses to evict a pod with more than one PodDisruptionBudget, so node drains hang on them',
      },
      {
        ruleId: 'pdb-selector',
        severity: 'warning',
        line: 61,
        column: 3,
        endLine: 61,
        endColumn: 11,
        path: 'spec.selector',
        message:
          'PodDisruptionBudget default/typo selects app=webb, but no pod template in namespace default has these labels, so it protects nothing',
      },
    ]);
    expect(findings[2]!.related).toEqual([
      {
        file: 'test.yaml',
        line: 41,
        column: 3,
        endLine: 41,
        endColumn: 11,
        message: 'PodDisruptionBudget default/web',
      },
    ]);
  });

  it('is silent on an operator-made pod set, a namespace without pod templates, a per-pod selector next to a whole-set one, and 60% of 3', () => {
    expect(findingsOf('pdb-selector', fixture('operator.yaml'))).toEqual([]);
  });

  it('gives the endpoint map what scales and protects each workload', () => {
    const result = lintYaml(fixture('budgets.yaml'));
    const web = result.model.workloads.find((w) => w.name === 'web')!;
    expect(describePolicies(result.analysis.policiesOf(web))).toBe(
      'scaled by HorizontalPodAutoscaler/web (2-5 replicas), protected by PodDisruptionBudget/web (minAvailable 75%), protected by PodDisruptionBudget/front (maxUnavailable 0)',
    );
  });
});
