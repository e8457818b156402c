// Suppressions: comment directives and the svclint.dev/ignore annotation (in the source), and the baseline (outside).
import type { Range } from '../position/range.js';

/** The comment directives svclint honours. */
export const DIRECTIVE_KEYWORDS = ['svclint-disable-next-line', 'svclint-disable-line', 'svclint-disable'] as const;
export type DirectiveKeyword = (typeof DIRECTIVE_KEYWORDS)[number];

/** The annotation that suppresses findings of the object it is on: `svclint.dev/ignore: "rule-a,rule-b -- reason"`. */
export const IGNORE_ANNOTATION = 'svclint.dev/ignore';

/** The rule whose findings report problems with directives and annotations (they cannot be suppressed). */
export const SUPPRESSION_RULE_ID = 'suppression';

/** A rule id named in a directive, where it is written. */
export interface DirectiveRule {
  id: string;
  range: Range;
}

/** A `# svclint-...` comment found in a file (plain data, kept on the SourceFile). */
export interface CommentDirective {
  /** The directive word as written; an unknown one (a typo such as "svclint-disable-nextline") too. */
  keyword: string;
  /** The comment, from "#" to the end of its line. */
  range: Range;
  /** The rule ids listed; empty means every rule. */
  rules: DirectiveRule[];
  /** The text after " -- "; null when there is none. */
  reason: string | null;
  /**
   * What the directive covers: the line it suppresses at (start and end offset of that line) or the whole
   * document; null when it covers nothing (then `problem` says why).
   */
  scope: Range | null;
  /** Why the directive is not honoured (an unknown word, a misplaced svclint-disable, no line after it); null when it is. */
  problem: string | null;
}

/** Why a finding is not reported: what suppressed it and where that is. */
export interface Suppression {
  /** SARIF's kinds: "inSource" for a comment directive or the annotation, "external" for the baseline. */
  kind: 'inSource' | 'external';
  /** The reason written after " -- "; null when none was given (and for the baseline). */
  justification: string | null;
  /** What suppressed the finding: a comment directive (its word), the svclint.dev/ignore annotation, or the baseline. */
  source: DirectiveKeyword | 'annotation' | 'baseline';
  /** Where the directive or annotation is; for the baseline, only the baseline file. */
  location: { file: string; line?: number; column?: number; endLine?: number; endColumn?: number };
}
