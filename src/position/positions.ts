// Offsets to 1-based line and column, by binary search over the file's line starts.
import { rangeEnd, rangeStart, type Range } from './range.js';

/** Where each line of a text starts (a model's SourceFile is one). */
export interface LineIndex {
  lineStarts: ArrayLike<number>;
}

export interface Position {
  line: number;
  column: number;
}

export interface Span {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export function positionAt(file: LineIndex, offset: number): Position {
  const starts = file.lineStarts;
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  const lineStart = starts[low] ?? 0;
  return { line: low + 1, column: offset - lineStart + 1 };
}

/** 1-based start and end; the end column is exclusive, as in SARIF. */
export function spanOf(file: LineIndex, range: Range): Span {
  const start = positionAt(file, rangeStart(range));
  const end = positionAt(file, rangeEnd(range));
  return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
}

/**
 * Offsets at which each line of `text` starts: 0 and after every "\n". Counted from the text itself, not by yaml's
 * LineCounter, which misses a line after some syntax errors (a stray `]` at the start of a line), shifting every
 * finding below it one line up.
 */
export function lineStartsOf(text: string): Uint32Array {
  let count = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  const starts = new Uint32Array(count);
  for (let i = text.indexOf('\n'), line = 1; i !== -1; i = text.indexOf('\n', i + 1)) starts[line++] = i + 1;
  return starts;
}
