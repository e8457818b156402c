// `svclint sets`: the deployable sets found in the input, so a user can see (and correct) how it was grouped.
import { describeSet } from '../sets/detect.js';
import type { SetSummary } from '../sets/lint-sets.js';

/** Files listed per set before the rest are counted. */
const SHOWN_FILES = 20;

export function formatSets(sets: readonly SetSummary[], json: boolean): string {
  if (json) return `${JSON.stringify({ version: 1, sets }, null, 2)}\n`;
  const out: string[] = [];
  for (const set of sets) {
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
    const how = set.renderedBy
      ? `rendered by ${set.renderedBy}`
      : set.kind === 'helm'
        ? 'not rendered'
        : set.kind === 'kustomize'
          ? 'linted as written'
          : '';
    out.push(
      `${describeSet(set)}: ${plural(set.files.length, 'file')}, ${plural(set.objects, 'object')}${how ? `, ${how}` : ''}`,
    );
    out.push(`    why: ${set.why}`);
    if (set.definedBy) out.push(`    defined by: ${set.definedBy}`);
    for (const file of set.files.slice(0, SHOWN_FILES)) out.push(`    ${file}`);
    if (set.files.length > SHOWN_FILES) out.push(`    … and ${set.files.length - SHOWN_FILES} more`);
  }
  out.push(`${sets.length} deployable set${sets.length === 1 ? '' : 's'}`);
  return `${out.join('\n')}\n`;
}
