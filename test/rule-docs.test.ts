// Rules and their docs: the registry is complete, docs are generated from meta, and every example is linted.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { renderRuleDoc, renderRulesIndex, updateReadmeRulesTable } from '../src/rule-docs.js';
import { RULE_ID, RULE_ID_RULE, ruleDocsUrl } from '../src/rule.js';
import { UPDATE_HINT } from '../scripts/goldens.mjs';
import { lintYaml } from './rule-tester.js';

const root = new URL('../', import.meta.url);
const ruleFolders = readdirSync(new URL('rules/', root)).filter((name) =>
  statSync(new URL(`rules/${name}`, root)).isDirectory(),
);

describe('rule registry', () => {
  it('lists every rules/ folder once, sorted by id, and each meta id equals its folder', () => {
    const ids = rules.map((r) => r.meta.id);
    expect(ids, 'rules/index.ts must import every rules/<id>/ folder once and list the rules sorted by id').toEqual(
      [...ruleFolders].sort(),
    );
    expect(ids, 'rules/index.ts must list the rules sorted by id').toEqual([...ids].sort());
  });

  it.each(rules.map((r) => [r.meta.id, r] as const))('%s has complete meta', (id, rule) => {
    expect(id, `rule id "${id}": ${RULE_ID_RULE}`).toMatch(RULE_ID);
    expect(['error', 'warning', 'note']).toContain(rule.meta.severity);
    expect(rule.meta.description).toMatch(/^[A-Z].*\.$/);
    expect(rule.meta.rationale.length).toBeGreaterThan(200);
    expect(rule.meta.url).toBe(ruleDocsUrl(id));
    expect(rule.meta.examples.valid.length).toBeGreaterThan(0);
    expect(rule.meta.examples.invalid.length).toBeGreaterThan(0);
  });
});

describe('rule docs', () => {
  it.each(rules.map((r) => [r.meta.id, r] as const))(
    'rules/%s/README.md is generated from the meta (npm run update)',
    (id, rule) => {
      const file = new URL(`rules/${id}/README.md`, root);
      const written = existsSync(file) ? readFileSync(file, 'utf8') : '';
      expect(written === renderRuleDoc(rule), `rules/${id}/README.md is out of date: ${UPDATE_HINT}`).toBe(true);
    },
  );

  it('the project README has one rules-table row per rule, sorted by id', () => {
    const readme = readFileSync(new URL('README.md', root), 'utf8');
    for (const rule of rules) expect(readme).toContain(`| [${rule.meta.id}](rules/${rule.meta.id}/README.md) |`);
    expect(
      updateReadmeRulesTable(readme, rules) === readme,
      `the rules table of README.md is out of date: ${UPDATE_HINT}`,
    ).toBe(true);
  });

  it('rules/README.md lists every rule', () => {
    const written = readFileSync(new URL('rules/README.md', root), 'utf8');
    expect(written === renderRulesIndex(rules), `rules/README.md is out of date: ${UPDATE_HINT}`).toBe(true);
  });
});

describe('rule examples', () => {
  const examples = rules.flatMap((rule) =>
    (['valid', 'invalid'] as const).flatMap((kind) =>
      rule.meta.examples[kind].map((e) => [rule.meta.id, kind, e.title, e.yaml] as const),
    ),
  );
  // A valid example gives no finding; an invalid one gives one finding, of its rule. Another rule may only repeat that
  // very finding (same place, same words), which is what a rule copied under a new id does.
  it.each(examples)('%s %s example "%s"', (id, kind, _title, yaml) => {
    const findings = lintYaml(yaml).findings;
    if (kind === 'valid') expect(findings.map((f) => `${f.ruleId}@${f.line}:${f.column}`)).toEqual([]);
    else {
      const own = findings.filter((f) => f.ruleId === id);
      expect(own.map((f) => `${f.ruleId}@${f.line}:${f.column}`)).toHaveLength(1);
      const where = (f: (typeof findings)[number]) => `${f.line}:${f.column} ${f.message}`;
      expect(
        findings.filter((f) => where(f) !== where(own[0]!)).map((f) => `${f.ruleId}@${f.line}:${f.column}`),
      ).toEqual([]);
    }
  });
});
