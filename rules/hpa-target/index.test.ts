import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { brief, findingsOf } from '../../test/rule-tester.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('hpa-target', () => {
  it('judges an HPA on a StatefulSet: a sidecar without a cpu request, a missing ContainerResource container, a wrong kind, spec.replicas', () => {
    const findings = findingsOf('hpa-target', fixture('statefulset.yaml'));
    expect(findings.map((f) => ({ ...brief(f), message: f.message }))).toEqual([
      {
        ruleId: 'hpa-target',
        severity: 'note',
        line: 7,
        column: 13,
        endLine: 7,
        endColumn: 14,
        path: 'spec.replicas',
        message:
          "StatefulSet/db sets spec.replicas while HorizontalPodAutoscaler shop/db scales it, so every apply of this manifest resets the replica count to 3 and undoes the autoscaler's choice; leave spec.replicas out",
      },
      {
        ruleId: 'hpa-target',
        severity: 'warning',
        line: 45,
        column: 15,
        endLine: 45,
        endColumn: 18,
        path: 'spec.metrics[0]',
        message:
          'HorizontalPodAutoscaler shop/db scales on cpu utilization, but container sidecar proxy of StatefulSet/db sets no cpu request (nor limit), so the HPA controller cannot compute this metric and does not scale on it ("missing request for cpu")',
      },
      {
        ruleId: 'hpa-target',
        severity: 'warning',
        line: 52,
        column: 20,
        endLine: 52,
        endColumn: 23,
        path: 'spec.metrics[1].containerResource.container',
        message:
          'HorizontalPodAutoscaler shop/db scales on memory utilization of container dbx, but StatefulSet/db has no container named dbx (its containers: db and proxy), so the HPA controller cannot compute this metric and does not scale on it ("container dbx not found")',
      },
      {
        ruleId: 'hpa-target',
        severity: 'warning',
        line: 66,
        column: 11,
        endLine: 66,
        endColumn: 13,
        path: 'spec.scaleTargetRef.name',
        message:
          'HorizontalPodAutoscaler shop/web scales Deployment/db, but there is no Deployment named db in namespace shop, so it never scales anything; did you mean StatefulSet/db?',
      },
    ]);
  });

  it('is silent on a custom kind the input has none of, limits that default requests, plain init containers and a LimitRange', () => {
    expect(findingsOf('hpa-target', fixture('valid.yaml'))).toEqual([]);
  });
});
