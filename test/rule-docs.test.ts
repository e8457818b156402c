// Rules and their docs: the registry is complete, docs are generated from meta, and every example is linted.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { renderRuleDoc, renderRulesIndex } from '../src/rule-docs.js';
import { ruleDocsUrl } from '../src/rule.js';
import { lintYaml } from './rule-tester.js';

const root = new URL('../', import.meta.url);
const ruleFolders = readdirSync(new URL('rules/', root)).filter((name) => statSync(new URL(`rules/${name}`, root)).isDirectory());

describe('rule registry', () => {
  it('lists every rules/ folder once, sorted by id, and each meta id equals its folder', () => {
    const ids = rules.map((r) => r.meta.id);
    expect(ids).toEqual([...ruleFolders].sort());
    expect(ids).toEqual([...ids].sort());
  });

  it.each(rules.map((r) => [r.meta.id, r] as const))('%s has complete meta', (id, rule) => {
    expect(id).toMatch(/^[a-z]+(-[a-z]+)*$/);
    expect(['error', 'warning', 'note']).toContain(rule.meta.severity);
    expect(rule.meta.description).toMatch(/^[A-Z].*\.$/);
    expect(rule.meta.rationale.length).toBeGreaterThan(200);
    expect(rule.meta.url).toBe(ruleDocsUrl(id));
    expect(rule.meta.examples.valid.length).toBeGreaterThan(0);
    expect(rule.meta.examples.invalid.length).toBeGreaterThan(0);
  });
});

describe('rule docs', () => {
  it.each(rules.map((r) => [r.meta.id, r] as const))('rules/%s/README.md is generated from the meta (npm run docs)', (id, rule) => {
    expect(readFileSync(new URL(`rules/${id}/README.md`, root), 'utf8')).toBe(renderRuleDoc(rule));
  });

  it('the project README links every rule', () => {
    const readme = readFileSync(new URL('README.md', root), 'utf8');
    for (const rule of rules) expect(readme).toContain(`| [${rule.meta.id}](rules/${rule.meta.id}/README.md) |`);
  });

  it('rules/README.md lists every rule', () => {
    expect(readFileSync(new URL('rules/README.md', root), 'utf8')).toBe(renderRulesIndex(rules));
  });
});

describe('rule examples', () => {
  const examples = rules.flatMap((rule) =>
    (['valid', 'invalid'] as const).flatMap((kind) => rule.meta.examples[kind].map((e) => [rule.meta.id, kind, e.title, e.yaml] as const)),
  );
  it.each(examples)('%s %s example "%s"', (id, kind, _title, yaml) => {
    const findings = lintYaml(yaml).findings.map((f) => `${f.ruleId}@${f.line}:${f.column}`);
    if (kind === 'valid') expect(findings).toEqual([]);
    else {
      expect(findings).toHaveLength(1);
      expect(findings[0]!.startsWith(`${id}@`)).toBe(true);
    }
  });
});
