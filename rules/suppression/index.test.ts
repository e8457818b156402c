// The suppression rule's findings (the engine reports them: src/suppress/apply.ts). test/suppress.test.ts covers
// what directives suppress; this file covers what the rule says about them.
import { describe, expect, it } from 'vitest';
import { brief, findingsOf, lintYaml, withRule } from '../../test/rule-tester.js';
import rule from './index.js';

const options = withRule(rule);
const findings = (yaml: string, reportUnusedDisableDirectives = false) =>
  findingsOf('suppression', yaml, { ...options, reportUnusedDisableDirectives });

/** A ConfigMap with no findings; `comment` goes before `mode`, on line 6. */
const configMap = (comment: string, trailing = '') => `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
${comment}
  mode: fast${trailing}
`;

/** A Service whose selector matches nothing (orphan-service at line 7); `comment` is line 6. */
const orphan = (comment: string) => `apiVersion: v1
kind: Service
metadata:
  name: legacy-db
spec:
${comment}
  selector:
    app: legacy-db
  ports:
    - port: 5432
`;

describe('suppression', () => {
  it('reports a directive without a reason at the whole comment, and the finding stays suppressed', () => {
    const result = lintYaml(orphan('  # svclint-disable-next-line orphan-service'), options);
    expect(result.findings.map(brief)).toEqual([
      { ruleId: 'suppression', severity: 'warning', line: 6, column: 3, endLine: 6, endColumn: 45, path: null },
    ]);
    expect(result.suppressed.map((f) => f.ruleId)).toEqual(['orphan-service']);
  });

  it('is silent about a directive with a reason that suppresses something', () => {
    expect(
      findings(orphan('  # svclint-disable-next-line orphan-service -- Endpoints come from Terraform'), true),
    ).toEqual([]);
  });

  it('reports an unknown rule id at the id, suggesting the nearest rule', () => {
    const found = findings(configMap('  # svclint-disable-next-line dns-refrence -- x'));
    expect(found.map(brief)).toEqual([
      { ruleId: 'suppression', severity: 'warning', line: 6, column: 31, endLine: 6, endColumn: 43, path: null },
    ]);
    expect(found[0]!.message).toBe(
      'Unknown rule "dns-refrence" in svclint-disable-next-line; did you mean "dns-reference"?',
    );
  });

  it('knows rules that did not run (turned off) and the caller’s own rules', () => {
    const custom = { ...rule, meta: { ...rule.meta, id: 'my-team-rule' } };
    const yaml = configMap('  # svclint-disable-next-line my-team-rule, port-name -- x');
    expect(findingsOf('suppression', yaml, { rules: [rule, custom] })).toEqual([]);
  });

  it('reports a misplaced svclint-disable, and one after the last document', () => {
    const found = findings(`${configMap('  # svclint-disable dns-reference -- x')}...\n# svclint-disable -- x\n`);
    expect(found.map((f) => [f.line, f.column, f.message])).toEqual([
      [
        6,
        3,
        'svclint-disable must come before the first key of a document (at its top, after "---") and then covers the whole document; here it suppresses nothing: use svclint-disable-next-line to suppress findings at one line',
      ],
      [9, 1, 'svclint-disable is followed by no document; it suppresses nothing'],
    ]);
  });

  it('reports unused directives only when asked', () => {
    const yaml = configMap('  # svclint-disable-next-line -- nothing to suppress');
    expect(findings(yaml)).toEqual([]);
    const found = findings(yaml, true);
    expect(found.map(brief)).toEqual([
      { ruleId: 'suppression', severity: 'warning', line: 6, column: 3, endLine: 6, endColumn: 53, path: null },
    ]);
    expect(found[0]!.message).toBe(
      'Unused svclint-disable-next-line directive: no finding starts on the line it applies to; remove it',
    );
  });

  it('reports problems with the svclint.dev/ignore annotation at its value, on the object', () => {
    const yaml = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  annotations:
    svclint.dev/ignore: "dns-refrence"
data:
  mode: fast
`;
    const found = findings(yaml, true);
    expect(found.map((f) => [f.line, f.column, f.endColumn, f.path, f.object?.name, f.message])).toEqual([
      [
        6,
        25,
        39,
        'metadata.annotations[svclint.dev/ignore]',
        'settings',
        'The svclint.dev/ignore annotation gives no reason: add one after " -- ", e.g. "dns-refrence -- <why>"',
      ],
      [
        6,
        25,
        39,
        'metadata.annotations[svclint.dev/ignore]',
        'settings',
        'Unknown rule "dns-refrence" in the svclint.dev/ignore annotation; did you mean "dns-reference"?',
      ],
    ]);
  });

  it('takes its severity from the rule (a configured severity applies)', () => {
    const strict = { ...rule, meta: { ...rule.meta, severity: 'error' as const } };
    const found = findingsOf('suppression', orphan('  # svclint-disable-next-line orphan-service'), {
      rules: [strict, ...options.rules.filter((r) => r.meta.id !== 'suppression')],
    });
    expect(found.map((f) => f.severity)).toEqual(['error']);
  });
});
