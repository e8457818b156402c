// One file's text made ready for the YAML reader: the byte order mark dropped, lone CRs read as line breaks, and the
// problems found in the bytes (not UTF-8, binary, too large) placed at the characters they concern.
import { makeRange, MAX_TEXT_LENGTH } from '../position/range.js';
import type { LoadProblem } from './documents.js';

/** A file's text as read, before the YAML reader sees it. */
export interface SourceText {
  displayPath: string;
  text: string;
  /** A problem found while reading the bytes (binary, invalid UTF-8); reported at the first bad character. */
  encodingProblem?: string | null;
  encodingProblemOffset?: number;
}

/** A file's text as the YAML reader takes it. */
export interface LoadedSource {
  displayPath: string;
  /** The text every offset of the file's model points into. */
  text: string;
  /** JSON (*.json): read only when it is a Kubernetes object or List (see readDocuments). */
  json: boolean;
  /** Problems of the file as a whole, before any of its documents'. */
  problems: LoadProblem[];
  /** False when the text is too large to model: it has no documents, only its problems. */
  readable: boolean;
}

export function loadSource(source: SourceText): LoadedSource {
  const problems: LoadProblem[] = [];
  // A byte order mark is not content: drop it so that line 1 columns stay right.
  const unmarked = source.text.charCodeAt(0) === 0xfeff ? source.text.slice(1) : source.text;
  // A lone CR (old Mac line endings) ends a line in YAML and for kubectl, but yaml reads only LF and CRLF as line
  // breaks and gave a misleading syntax error: make it an LF (same length, so every offset stays right).
  const text = unmarked.includes('\r') ? unmarked.replace(/\r(?!\n)/g, '\n') : unmarked;
  if (source.encodingProblem) {
    const bad = Math.min(source.encodingProblemOffset ?? 0, text.length);
    problems.push({ range: makeRange(bad, bad + (text.length > bad ? 1 : 0)), message: source.encodingProblem });
  }
  const readable = text.length <= MAX_TEXT_LENGTH;
  if (!readable) {
    const message = `file is too large to analyse (${text.length} characters; the limit is ${MAX_TEXT_LENGTH}): split it into smaller files`;
    problems.push({ range: makeRange(0, 0), message });
  }
  return { displayPath: source.displayPath, text, json: /\.json$/i.test(source.displayPath), problems, readable };
}
