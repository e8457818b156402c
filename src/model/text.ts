// String values whose characters can be traced back to the file, so a finding can point inside a value
// (a host name in a URL, a line of an nginx config held in a ConfigMap).
import { isScalar, Scalar, type Node } from 'yaml';
import type { TextValue } from './types.js';
import { detach } from './nodes.js';
import { makeRange, rangeFromNode, type Range } from '../position/range.js';

/**
 * Reads a string scalar as a TextValue. Characters are traced only where the value is laid out verbatim in the
 * source: plain and quoted one-line scalars without escapes, and literal blocks (`|`). Otherwise positions fall
 * back to the whole value.
 */
export function textValue(node: Node | null, source: string): TextValue | null {
  if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return null;
  const value = detach(node.value);
  const range = rangeFromNode(node.range);
  return { value, range, lineStarts: traceLines(node, value, source) };
}

function traceLines(node: Scalar, value: string, source: string): number[] | null {
  const [start, end] = node.range!;
  switch (node.type) {
    case Scalar.PLAIN:
      return !value.includes('\n') && source.startsWith(value, start) ? [start] : null;
    case Scalar.QUOTE_SINGLE:
    case Scalar.QUOTE_DOUBLE:
      return !value.includes('\n') &&
        source.startsWith(value, start + 1) &&
        source[start + 1 + value.length] === source[start]
        ? [start + 1]
        : null;
    case Scalar.BLOCK_LITERAL:
      return traceLiteralBlock(value, source, start, end);
    default:
      return null;
  }
}

/** Each value line of a literal block stands on its own source line after the header, behind the indentation. */
function traceLiteralBlock(value: string, source: string, start: number, end: number): number[] | null {
  const headerEnd = source.indexOf('\n', start);
  if (headerEnd === -1 || headerEnd >= end) return null;
  const lines = value.split('\n');
  const starts: number[] = [];
  let lineStart = headerEnd + 1;
  let indent = -1;
  for (const line of lines) {
    if (lineStart > end) break;
    const lineEnd = source.indexOf('\n', lineStart);
    const sourceLine = source.slice(lineStart, lineEnd === -1 ? source.length : lineEnd).replace(/\r$/, '');
    if (line.length > 0) {
      if (indent === -1) indent = sourceLine.length - line.length;
      if (indent < 0 || sourceLine.slice(indent) !== line) return null;
    }
    starts.push(lineStart + Math.max(indent, 0));
    lineStart = lineEnd === -1 ? source.length + 1 : lineEnd + 1;
  }
  return starts.length > 0 ? starts : null;
}

/** The file range of value.slice(from, to), or the whole value's range when its characters cannot be traced. */
export function rangeInValue(text: TextValue, from: number, to: number): Range {
  if (!text.lineStarts) return text.range;
  const start = offsetOf(text, from);
  const end = offsetOf(text, to);
  return start === null || end === null || end < start ? text.range : makeRange(start, end);
}

function offsetOf(text: TextValue, index: number): number | null {
  const { value, lineStarts } = text;
  let line = 0;
  let lineBegin = 0;
  for (let i = value.indexOf('\n'); i !== -1 && i < index; i = value.indexOf('\n', i + 1)) {
    line++;
    lineBegin = i + 1;
  }
  const start = lineStarts![line];
  return start === undefined ? null : start + (index - lineBegin);
}
