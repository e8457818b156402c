import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { NearStrings, withinOneEdit } from './nearest.js';

/** Optimal string alignment distance, the textbook table. */
function osa(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '-'), maxLength: 7 });

describe('withinOneEdit', () => {
  it('knows missing, extra, wrong and swapped letters', () => {
    expect(withinOneEdit('web', 'wbe')).toBe(true);
    expect(withinOneEdit('ap', 'app')).toBe(true);
    expect(withinOneEdit('simple-webap', 'simple-webapp')).toBe(true);
    expect(withinOneEdit('api-sever', 'api-server')).toBe(true);
    expect(withinOneEdit('storefornt', 'storefront')).toBe(true);
    expect(withinOneEdit('web', 'wbx')).toBe(false);
    expect(withinOneEdit('abx', 'xab')).toBe(false);
    expect(withinOneEdit('payments-web', 'payments-api')).toBe(false);
  });

  it('agrees with the optimal string alignment distance', () => {
    fc.assert(
      fc.property(word, word, (a, b) => withinOneEdit(a, b) === osa(a, b) <= 1),
      { numRuns: 3000 },
    );
  });
});

describe('NearStrings', () => {
  it('answers the same before and after it indexes its strings', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(word, { maxLength: 40 }),
        fc.array(word, { minLength: 20, maxLength: 30 }),
        (strings, queries) => {
          const set = new NearStrings(() => strings);
          for (const query of queries) {
            const expected = strings.filter((s) => s !== query && osa(s, query) <= 1).sort();
            expect(set.near(query)).toEqual(expected);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
