// Ranges packed into one number: 1 + start * 2^26 + length. Both fit in 26 bits because no file longer than
// MAX_TEXT_LENGTH is modelled, so the number stays below 2^53 (an exact integer); the 1 keeps every range truthy,
// as the arrays it replaces were.

declare const rangeBrand: unique symbol;
/**
 * Character offsets [start, end) into the source file's text, packed into one number: a model holds a few dozen
 * ranges per object, and a two-element array costs four times the memory of a number.
 */
export type Range = number & { readonly [rangeBrand]: 'Range' };

/** Files longer than this many characters (64 Mi) are not modelled: their offsets would not fit a packed range. */
export const MAX_TEXT_LENGTH = 2 ** 26 - 1;
const SCALE = 2 ** 26;

/** An end before the start (never from the parser) is read as an empty range at the start. */
export function makeRange(start: number, end: number): Range {
  return (1 + start * SCALE + Math.max(end - start, 0)) as Range;
}

export function rangeStart(range: Range): number {
  return Math.floor((range - 1) / SCALE);
}

export function rangeEnd(range: Range): number {
  return rangeStart(range) + ((range - 1) % SCALE);
}

/** The range of a node of the yaml library ([start, valueEnd, nodeEnd]). */
export function rangeFromNode(range: readonly [number, number, ...number[]]): Range {
  return makeRange(range[0], range[1]);
}

/** The range of any node of the yaml library that has one (null for none). */
export function rangeOf(node: unknown): Range | null {
  const range = (node as { range?: [number, number, number] | null } | null)?.range;
  return range ? rangeFromNode(range) : null;
}
