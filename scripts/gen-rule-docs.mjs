// Writes docs/rules/*.md from the built rules' meta (run through `npm run docs`, which builds first).
import { mkdirSync, writeFileSync } from 'node:fs';
import { rules } from '../dist/rules/index.js';
import { renderRuleDoc, renderRulesIndex } from '../dist/src/rule-docs.js';

const folder = new URL('../docs/rules/', import.meta.url);
mkdirSync(folder, { recursive: true });
for (const rule of rules) writeFileSync(new URL(`${rule.meta.id}.md`, folder), renderRuleDoc(rule));
writeFileSync(new URL('README.md', folder), renderRulesIndex(rules));
console.log(`wrote ${rules.length} rule pages and the index to docs/rules/`);
