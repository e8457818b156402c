// Packed ranges: every [start, end) of a file the model accepts comes back exactly, and packing keeps their order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeRange, MAX_TEXT_LENGTH, rangeEnd, rangeStart } from '../src/position/range.js';

const offset = fc.integer({ min: 0, max: MAX_TEXT_LENGTH });
const range = fc.tuple(offset, offset).map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const);

describe('packed ranges', () => {
  it('give back start and end for every range within the longest file modelled', () => {
    fc.assert(
      fc.property(range, ([start, end]) => {
        const packed = makeRange(start, end);
        expect([rangeStart(packed), rangeEnd(packed)]).toEqual([start, end]);
        expect(Number.isSafeInteger(packed)).toBe(true);
      }),
    );
  });

  it('at the limits: empty at 0 (still truthy, as an array was), and the whole longest file', () => {
    expect(makeRange(0, 0)).toBeTruthy();
    expect([rangeStart(makeRange(0, 0)), rangeEnd(makeRange(0, 0))]).toEqual([0, 0]);
    const whole = makeRange(0, MAX_TEXT_LENGTH);
    expect([rangeStart(whole), rangeEnd(whole)]).toEqual([0, MAX_TEXT_LENGTH]);
    const last = makeRange(MAX_TEXT_LENGTH, MAX_TEXT_LENGTH);
    expect([rangeStart(last), rangeEnd(last)]).toEqual([MAX_TEXT_LENGTH, MAX_TEXT_LENGTH]);
  });

  it('an end before the start reads as an empty range at the start', () => {
    expect([rangeStart(makeRange(10, 4)), rangeEnd(makeRange(10, 4))]).toEqual([10, 10]);
  });

  it('order by start, then by length, as the numbers compare', () => {
    fc.assert(
      fc.property(range, range, ([s1, e1], [s2, e2]) => {
        const byOffsets = s1 - s2 || e1 - s1 - (e2 - s2);
        expect(Math.sign(makeRange(s1, e1) - makeRange(s2, e2))).toBe(Math.sign(byOffsets));
      }),
    );
  });
});
