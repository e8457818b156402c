// Writes rules/<id>/README.md and rules/README.md from the built rules' meta (`npm run docs` builds first).
import { writeFileSync } from 'node:fs';
import { rules } from '../dist/rules/index.js';
import { renderRuleDoc, renderRulesIndex } from '../dist/src/rule-docs.js';

const folder = new URL('../rules/', import.meta.url);
for (const rule of rules) writeFileSync(new URL(`${rule.meta.id}/README.md`, folder), renderRuleDoc(rule));
writeFileSync(new URL('README.md', folder), renderRulesIndex(rules));
console.log(`wrote ${rules.length} rule pages to rules/<id>/README.md and the index to rules/README.md`);
