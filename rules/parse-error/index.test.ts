import { describe, expect, it } from 'vitest';
import { brief, findingsOf, lintYaml } from '../../test/rule-tester.js';

const configMap = (name: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
data:
  mode: fast
`;

describe('parse-error', () => {
  it('reports a duplicate key at the repeated key and still models the object', () => {
    const result = lintYaml(`apiVersion: v1
kind: ConfigMap
metadata:
  name: a
  name: b
`);
    expect(result.findings.map(brief)).toEqual([
      { ruleId: 'parse-error', severity: 'error', line: 5, column: 3, endLine: 5, endColumn: 7, path: null },
    ]);
    expect(result.findings[0]!.message).toMatch(/^YAML duplicate key: Map keys must be unique/);
    expect(result.findings[0]!.object).toBeNull();
    expect(result.model.objects.map((o) => o.name)).toEqual(['b']);
  });

  it('reports a syntax error in one document and keeps analysing the others', () => {
    const result = lintYaml(`${configMap('before')}---
apiVersion: v1
kind: ConfigMap
metadata: [unclosed
---
${configMap('after')}`);
    const findings = result.findings.filter((f) => f.ruleId === 'parse-error');
    expect(findings.length).toBeGreaterThan(0);
    expect(findings[0]!.line).toBe(11);
    expect(findings[0]!.message).toMatch(/^YAML syntax error: /);
    expect(result.model.objects.map((o) => o.name)).toEqual(['before', 'after']);
  });

  it('reports scalar and list documents at their exact range', () => {
    const findings = findingsOf('parse-error', `just text\n---\n- a\n- b\n`);
    expect(findings.map(brief)).toEqual([
      { ruleId: 'parse-error', severity: 'error', line: 1, column: 1, endLine: 1, endColumn: 10, path: null },
      { ruleId: 'parse-error', severity: 'error', line: 3, column: 1, endLine: 5, endColumn: 1, path: null },
    ]);
    expect(findings.map((f) => f.message)).toEqual([
      'Document is a scalar value, not a Kubernetes object (a mapping with apiVersion and kind)',
      'Document is a list, not a Kubernetes object (a mapping with apiVersion and kind)',
    ]);
  });

  it('recognises an unrendered Helm expression that YAML accepts as a flow mapping', () => {
    const findings = findingsOf(
      'parse-error',
      `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {{ .Values.selector }}
`,
    );
    expect(findings.map(brief)).toEqual([
      { ruleId: 'parse-error', severity: 'error', line: 6, column: 13, endLine: 6, endColumn: 35, path: null },
    ]);
    expect(findings[0]!.message).toContain('helm template . | svclint -');
  });

  it('keeps a syntax error an error in a Helm template, even beside simple placeholders', () => {
    const findings = findingsOf(
      'parse-error',
      `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{NAME}}-settings
  labels:
    {{- include "chart.labels" . | nindent 4 }}
`,
    );
    expect(findings.map(brief)).toEqual([
      { ruleId: 'parse-error', severity: 'error', line: 4, column: 17, endLine: 4, endColumn: 26, path: null },
    ]);
    expect(findings[0]!.message).toBe(
      'YAML syntax error: Unexpected scalar at node end; this looks like an unrendered Helm template; render it first, e.g. `helm template . | svclint -`',
    );
  });

  it('leaves a syntax error caused by a simple placeholder to the placeholder rule, but not one on another line', () => {
    expect(
      findingsOf('parse-error', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{NAME}}-settings\n'),
    ).toEqual([]);
    const elsewhere = findingsOf(
      'parse-error',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${NAME}\n\tnamespace: shop\n',
    );
    expect(elsewhere.map(brief)).toEqual([
      { ruleId: 'parse-error', severity: 'error', line: 5, column: 1, endLine: 5, endColumn: 2, path: null },
    ]);
  });

  it('treats {{ }} inside string values as ordinary text', () => {
    const yaml = `apiVersion: v1
kind: ConfigMap
metadata:
  name: alerts
data:
  summary: "{{ $labels.instance }} is down"
  rule: |
    {{ if .Values.enabled }}on{{ end }}
`;
    expect(findingsOf('parse-error', yaml)).toEqual([]);
  });

  it('skips empty, comment-only and non-Kubernetes documents silently but counts them', () => {
    const result = lintYaml(`# header comment\n---\n---\n# only a comment\n---\nfoo: bar\n---\n${configMap('x')}`);
    expect(result.findings).toEqual([]);
    expect(result.summary).toMatchObject({ documents: 4, objects: 1, skippedDocuments: 3 });
  });
});
