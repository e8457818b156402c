// `svclint rules`: every rule with its default severity and description.
import type { Rule } from '../rule.js';

export function formatRules(rules: readonly Rule[], json: boolean): string {
  if (json) {
    const list = rules.map(({ meta }) => ({
      id: meta.id,
      severity: meta.severity,
      description: meta.description,
      url: meta.url,
    }));
    return `${JSON.stringify(list, null, 2)}\n`;
  }
  const idWidth = Math.max(...rules.map((r) => r.meta.id.length));
  const severityWidth = Math.max(...rules.map((r) => r.meta.severity.length));
  return rules
    .map(({ meta }) => `${meta.id.padEnd(idWidth)}  ${meta.severity.padEnd(severityWidth)}  ${meta.description}\n`)
    .join('');
}
