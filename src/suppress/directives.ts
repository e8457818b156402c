// Finds `# svclint-disable...` comments with their exact positions.
//
// The composed YAML documents do not keep where comments are, so the comments come from yaml's CST (its Parser
// tokens), which has every comment with its offset: a "#" inside a quoted string or a block scalar is part of that
// scalar's token, never a comment token. Only the documents around a line that mentions "svclint-" after a "#" are
// parsed again, so files without directives cost one substring search.
import { Parser } from 'yaml';
import { makeRange, rangeStart, type Range } from '../position/range.js';
import { editDistance } from '../strings.js';
import { DIRECTIVE_KEYWORDS, type CommentDirective, type DirectiveKeyword, type DirectiveRule } from './types.js';

const PREFIX = 'svclint-';

/** A rule list and an optional reason after " -- " (two or more dashes between whitespace), as in ESLint. */
export function parseRuleList(text: string, offset: number): { rules: DirectiveRule[]; reason: string | null } {
  const separator = /(?:^|\s)-{2,}(?:\s|$)/.exec(text);
  const list = separator ? text.slice(0, separator.index) : text;
  const reason = separator ? text.slice(separator.index + separator[0].length).trim() : '';
  const rules: DirectiveRule[] = [];
  for (const match of list.matchAll(/[^\s,]+/g)) {
    const start = offset + match.index;
    rules.push({ id: match[0], range: makeRange(start, start + match[0].length) });
  }
  return { rules, reason: reason === '' ? null : reason };
}

/** Whether a comment (its text after "#") is a directive: its first word starts with "svclint-". */
function directiveWord(body: string): RegExpExecArray | null {
  return /^\s*(svclint-\S*)/.exec(body);
}

export function isDirectiveKeyword(word: string): word is DirectiveKeyword {
  return (DIRECTIVE_KEYWORDS as readonly string[]).includes(word);
}

/** Every directive comment in a file's text, in file order. */
export function scanDirectives(text: string): CommentDirective[] {
  let at = text.indexOf(PREFIX);
  if (at === -1) return [];
  const candidates: number[] = [];
  while (at !== -1) {
    // Only "#", then blanks, then "svclint-" can start a directive.
    let i = at - 1;
    while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
    if (i >= 0 && text[i] === '#') candidates.push(i);
    at = text.indexOf(PREFIX, at + PREFIX.length);
  }
  if (candidates.length === 0) return [];
  const directives: CommentDirective[] = [];
  try {
    for (const [start, end] of segments(text, candidates)) collect(text, start, end, directives);
  } catch (error) {
    // Nesting too deep for the parser: the loader reports that file; its directives are not read.
    if (!(error instanceof RangeError)) throw error;
  }
  return directives.sort((a, b) => rangeStart(a.range) - rangeStart(b.range));
}

/** Offsets of the lines that start a document ("---" at column 0): YAML forbids them inside any scalar. */
function documentMarkers(text: string): number[] {
  const markers: number[] = [];
  const pattern = /(?:^|\n)---(?=[ \t\r\n]|$)/g;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) markers.push(m.index + (m[0][0] === '\n' ? 1 : 0));
  return markers;
}

/**
 * The parts of the text to parse: for each candidate, from the "---" at or before it to the end of the document
 * after its own (a comment before a "---" is about the document that follows). Overlapping parts are merged.
 */
function segments(text: string, candidates: readonly number[]): [start: number, end: number][] {
  const markers = documentMarkers(text);
  const out: [number, number][] = [];
  let k = -1;
  for (const candidate of candidates) {
    while (k + 1 < markers.length && markers[k + 1]! <= candidate) k++;
    const start = k >= 0 ? markers[k]! : 0;
    const end = markers[k + 2] ?? text.length;
    const last = out.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else out.push([start, end]);
  }
  return out;
}

interface CommentToken {
  type: 'comment';
  offset: number;
  source: string;
}

/** Comment tokens anywhere under a CST token (collections, items, separators, block scalar headers). */
function commentsIn(root: unknown, out: CommentToken[]): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      for (const item of node) stack.push(item);
    } else if (node !== null && typeof node === 'object') {
      if ((node as { type?: unknown }).type === 'comment') out.push(node as CommentToken);
      else for (const value of Object.values(node)) if (value !== null && typeof value === 'object') stack.push(value);
    }
  }
}

/** Parses text[start, end) and adds its directive comments. */
function collect(text: string, start: number, end: number, out: CommentDirective[]): void {
  /** Comments before the first key of a document (before "---", or after it): svclint-disable belongs there. */
  let top: CommentToken[] = [];
  /** svclint-disable directives of the document being read, whose end is known at the next document. */
  let open: CommentDirective[] = [];
  const closeDocument = (offset: number) => {
    for (const d of open) d.scope = makeRange(rangeStart(d.scope!), offset);
    open = [];
  };
  for (const token of new Parser().parse(text.slice(start, end))) {
    if (token.type === 'comment') {
      top.push(token as CommentToken);
    } else if (token.type === 'document') {
      const docStart = start + token.offset;
      closeDocument(docStart);
      const inner: CommentToken[] = [];
      for (const t of token.start) if (t.type === 'comment') top.push(t as CommentToken);
      commentsIn([token.value, token.end], inner);
      for (const c of top) {
        const d = directive(text, start, c, 'top');
        if (!d) continue;
        if (d.keyword === 'svclint-disable' && !d.problem) {
          d.scope = makeRange(docStart, docStart);
          open.push(d);
        }
        out.push(d);
      }
      for (const c of inner) {
        const d = directive(text, start, c, 'inner');
        if (d) out.push(d);
      }
      top = [];
    }
  }
  closeDocument(end);
  // Comments after the last document (after "..."): nothing follows them.
  for (const c of top) {
    const d = directive(text, start, c, 'end');
    if (d) out.push(d);
  }
}

function directive(
  text: string,
  base: number,
  token: CommentToken,
  place: 'top' | 'inner' | 'end',
): CommentDirective | null {
  const body = token.source.replace(/\r$/, '').slice(1);
  const word = directiveWord(body);
  if (!word) return null;
  const offset = base + token.offset;
  const keyword = word[1]!;
  const afterWord = word.index + word[0].length;
  const { rules, reason } = parseRuleList(body.slice(afterWord), offset + 1 + afterWord);
  const d: CommentDirective = {
    keyword,
    range: makeRange(offset, offset + 1 + body.length),
    rules,
    reason,
    scope: null,
    problem: null,
  };
  if (!isDirectiveKeyword(keyword)) {
    // A typo of a directive, or a directive svclint does not have; other "svclint-..." words are prose.
    const near = closest(keyword, DIRECTIVE_KEYWORDS);
    if (!near && !/^svclint-(?:disable|enable|ignore)/.test(keyword)) return null;
    d.problem = unknownKeyword(keyword, near);
    return d;
  }
  if (keyword === 'svclint-disable') {
    if (place === 'inner') {
      d.problem =
        'svclint-disable must come before the first key of a document (at its top, after "---") and then covers the whole document; here it suppresses nothing: use svclint-disable-next-line to suppress findings at one line';
    } else if (place === 'end') {
      d.problem = 'svclint-disable is followed by no document; it suppresses nothing';
    }
    // Its document range is set by the caller.
    return d;
  }
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  if (keyword === 'svclint-disable-line') {
    if (text.slice(lineStart, offset).trim() === '') {
      d.problem =
        'svclint-disable-line suppresses findings on its own line, but this line holds only the comment; put it at the end of the line, or use svclint-disable-next-line';
    } else {
      d.scope = makeRange(lineStart, lineEnd(text, lineStart));
    }
    return d;
  }
  d.scope = nextContentLine(text, offset);
  if (!d.scope)
    d.problem = 'svclint-disable-next-line is followed by no line of YAML in its document; it suppresses nothing';
  return d;
}

function lineEnd(text: string, lineStart: number): number {
  const nl = text.indexOf('\n', lineStart);
  return nl === -1 ? text.length : nl;
}

/** The first line after the one at `offset` that holds more than blanks and a comment; null at a "---", "..." or the end. */
function nextContentLine(text: string, offset: number): Range | null {
  let pos = lineEnd(text, offset) + 1;
  while (pos < text.length) {
    const end = lineEnd(text, pos);
    let i = pos;
    while (i < end && (text[i] === ' ' || text[i] === '\t' || text[i] === '\r')) i++;
    if (i < end && text[i] !== '#') {
      if (i === pos && /^(?:---|\.\.\.)(?:[ \t\r]|$)/.test(text.slice(pos, Math.min(end, pos + 4)))) return null;
      return makeRange(pos, end);
    }
    pos = end + 1;
  }
  return null;
}

function unknownKeyword(word: string, near: string | null): string {
  const known = DIRECTIVE_KEYWORDS.join(', ');
  return `Unknown directive "${word}"${near ? `; did you mean "${near}"?` : ''} (svclint knows ${known}); it suppresses nothing`;
}

/** The candidate nearest to `word` by edit distance, if it is near enough to be a typo. */
export function closest(word: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(word, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best !== null && bestDistance <= Math.max(2, Math.floor(best.length / 4)) ? best : null;
}
