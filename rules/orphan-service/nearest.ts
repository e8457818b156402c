// The pod source nearest to an orphan's selector, found through the label index: the work per orphan is bounded by
// the selector, not by how many pod templates its namespace holds.
import { compareText } from '../../src/strings.js';
import type { LabelIndex, PodSource } from '../../src/model/pod-index.js';
import { fixedPodLabels, podLabelOf, selectedReplicas } from '../../src/model/pod-labels.js';
import type { Labels } from '../../src/model/types.js';

/** Sources scored one by one per orphan; a group of sources larger than what is left is represented by its first. */
const SCAN_BUDGET = 256;
/** Queries answered by scanning a set of strings before it is indexed by its one-deletion variants. */
const SCANS_BEFORE_INDEX = 16;

/**
 * Whether `a` and `b` are at most one edit apart (optimal string alignment distance): one letter missing, extra
 * or wrong, or two neighbouring letters swapped (`wbe` for `web`). Linear in the length, no table.
 */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (la - lb > 1 || lb - la > 1) return false;
  const shorter = Math.min(la, lb);
  let i = 0;
  while (i < shorter && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  let j = 0;
  while (j < shorter - i && a.charCodeAt(la - 1 - j) === b.charCodeAt(lb - 1 - j)) j++;
  // Lengths differ by one: the rest around the extra letter must be equal.
  if (la !== lb) return i + j === shorter;
  const differing = la - i - j;
  if (differing === 1) return true;
  return differing === 2 && a[i] === b[i + 1] && a[i + 1] === b[i];
}

/**
 * A fixed set of strings asked for those one edit from a query. The first queries scan the set; after that it is
 * indexed by a hash of every string with at most one letter deleted (two strings one edit apart share such a
 * variant), so a query costs its own length, not the size of the set.
 */
export class NearStrings {
  private scans = 0;
  private variants: Map<number, string[]> | undefined;

  /** `strings` is called for each scan and for the index, so a live view of the set serves (Map keys). */
  constructor(private readonly strings: () => Iterable<string>) {}

  /** The strings one edit from `query` (not `query` itself), sorted. */
  near(query: string): string[] {
    const found: string[] = [];
    if (this.scans < SCANS_BEFORE_INDEX) {
      this.scans++;
      for (const s of this.strings()) if (s !== query && withinOneEdit(s, query)) found.push(s);
      return found.sort(compareText);
    }
    const variants = (this.variants ??= indexVariants(this.strings()));
    forEachVariant(query, (hash) => {
      // A hash names candidates only: each is checked, so a collision costs a comparison, never a wrong answer.
      for (const s of variants.get(hash) ?? NONE) if (s !== query && withinOneEdit(s, query)) found.push(s);
    });
    // Two variants of one string (a substitution is a deletion on both sides, at two places for a swap) find it twice.
    return found.sort(compareText).filter((s, i) => i === 0 || s !== found[i - 1]);
  }
}

const NONE: readonly string[] = [];

function indexVariants(strings: Iterable<string>): Map<number, string[]> {
  const variants = new Map<number, string[]>();
  for (const s of strings) {
    let last = -1;
    forEachVariant(s, (hash) => {
      // Deleting either of two equal neighbours gives the same variant: one entry is enough.
      if (hash === last) return;
      last = hash;
      const list = variants.get(hash);
      if (list) list.push(s);
      else variants.set(hash, [s]);
    });
  }
  return variants;
}

/** A prime below 2^26, so that a product of two hashes stays an exact integer (below 2^53). */
const MODULUS = 67_108_859;
const BASE = 131;
const powers: number[] = [1];
/** Suffix hashes of the string at hand, reused from call to call. */
let suffix = new Float64Array(64);

/**
 * Calls `each` with the polynomial hash of `s` and of `s` with each one of its letters deleted, from prefix and
 * suffix hashes (no string is built).
 */
function forEachVariant(s: string, each: (hash: number) => void): void {
  const n = s.length;
  while (powers.length <= n) powers.push((powers[powers.length - 1]! * BASE) % MODULUS);
  if (suffix.length <= n) suffix = new Float64Array(2 * n + 1);
  suffix[n] = 0;
  for (let k = n - 1; k >= 0; k--) suffix[k] = (s.charCodeAt(k) * powers[n - 1 - k]! + suffix[k + 1]!) % MODULUS;
  each(suffix[0]!);
  let prefix = 0;
  for (let i = 0; i < n; i++) {
    each((prefix * powers[n - 1 - i]! + suffix[i + 1]!) % MODULUS);
    prefix = (prefix * BASE + s.charCodeAt(i)) % MODULUS;
  }
}

/**
 * The key, one edit from `key`, under which the source's pods carry exactly `value` (`app: web` for a selector's
 * `ap: web`), first in sorted order; undefined when there is none.
 */
export function keyTypoOf(source: PodSource, key: string, value: string): string | undefined {
  const labels = fixedPodLabels(source);
  let found: string | undefined;
  for (const other in labels) {
    if (
      other !== key &&
      labels[other] === value &&
      withinOneEdit(other, key) &&
      (found === undefined || compareText(other, found) < 0)
    ) {
      found = other;
    }
  }
  return found;
}

/**
 * How near a source is: two points per selector label its pods carry, one per label whose value is one edit from
 * the selector's, or that they carry with the selector's value under a key one edit from the selector's.
 */
function scoreOf(selector: Labels, source: PodSource): number {
  let score = 0;
  for (const key in selector) {
    const wanted = selector[key]!;
    if (selectedReplicas({ [key]: wanted }, source) !== null) {
      score += 2;
      continue;
    }
    const has = podLabelOf(source, key);
    if (
      typeof has === 'string'
        ? withinOneEdit(has, wanted)
        : has === undefined && keyTypoOf(source, key, wanted) !== undefined
    )
      score += 1;
  }
  return score;
}

/** The nearest pod source of each orphan's namespace, with the indexes it needs built once per run and reused. */
export class NearestSearch {
  private readonly valueSets = new Map<string, NearStrings>();
  /** Keys one edit from a selector key, by namespace and key: many orphans share their selector's keys. */
  private readonly keysNearby = new Map<string, string[]>();
  private readonly keySets = new Map<string, NearStrings>();
  private readonly firstOfGroup = new WeakMap<readonly PodSource[], PodSource>();

  constructor(
    private readonly index: LabelIndex<PodSource>,
    private readonly fileOf: (source: PodSource) => string,
  ) {}

  /**
   * The pod source in `namespace` that shares most with the selector (see scoreOf); sources that share nothing are
   * no hint. Candidates come from the index: sources with one of the selector's labels, with a value one edit from
   * one, or with one of its values under a key one edit from its key. Ties go to the first by kind and name, not by
   * apply order, so that the message (and a baseline entry matching it) does not change when files are reordered.
   */
  nearest(namespace: string, selector: Labels): PodSource | null {
    const groups: (readonly PodSource[])[] = [];
    const add = (group: readonly PodSource[] | undefined) => {
      if (group && group.length) groups.push(group);
    };
    for (const key in selector) {
      const wanted = selector[key]!;
      const values = this.index.valuesOf(namespace, key);
      add(values.get(wanted));
      add(this.index.withOpenKey(namespace, key));
      for (const value of this.valuesNear(namespace, key, wanted)) add(values.get(value));
      for (const other of this.keysNear(namespace, key)) add(this.index.valuesOf(namespace, other).get(wanted));
    }
    // Smallest groups first (a stable sort: ties keep the selector's order), each scanned whole while the budget
    // lasts; a larger one is represented by its first source, which is the one chosen when all of it ties.
    groups.sort((a, b) => a.length - b.length);
    const candidates = new Set<PodSource>();
    let budget = SCAN_BUDGET;
    for (const group of groups) {
      if (group.length <= budget) {
        budget -= group.length;
        for (const source of group) candidates.add(source);
      } else {
        candidates.add(this.first(group));
      }
    }
    let best: PodSource | null = null;
    let bestScore = 0;
    for (const source of candidates) {
      const score = scoreOf(selector, source);
      if (score > bestScore || (score === bestScore && best !== null && comesFirst(source, best, this.fileOf))) {
        best = source;
        bestScore = score;
      }
    }
    return best;
  }

  private valuesNear(namespace: string, key: string, wanted: string): string[] {
    const id = `${namespace}\u0000${key}`;
    let set = this.valueSets.get(id);
    if (!set) this.valueSets.set(id, (set = new NearStrings(() => this.index.valuesOf(namespace, key).keys())));
    return set.near(wanted);
  }

  private keysNear(namespace: string, key: string): string[] {
    const id = `${namespace}\u0000${key}`;
    let keys = this.keysNearby.get(id);
    if (!keys) {
      let set = this.keySets.get(namespace);
      if (!set) this.keySets.set(namespace, (set = new NearStrings(() => this.index.keysIn(namespace))));
      this.keysNearby.set(id, (keys = set.near(key)));
    }
    return keys;
  }

  private first(group: readonly PodSource[]): PodSource {
    let first = this.firstOfGroup.get(group);
    if (!first) {
      for (const source of group) if (!first || comesFirst(source, first, this.fileOf)) first = source;
      this.firstOfGroup.set(group, first!);
    }
    return first!;
  }
}

/**
 * Order among equally near sources: by kind and name, then (two definitions of one name) by their pod labels and
 * file, so that the choice never depends on the order the files were given in; apply order last.
 */
function comesFirst(a: PodSource, b: PodSource, fileOf: (source: PodSource) => string): boolean {
  const byName = compareText(`${a.kind}/${a.name}`, `${b.kind}/${b.name}`);
  if (byName) return byName < 0;
  const labels = (s: PodSource) => JSON.stringify(Object.entries(s.podLabels).sort(([x], [y]) => compareText(x, y)));
  return (compareText(labels(a), labels(b)) || compareText(fileOf(a), fileOf(b)) || a.order - b.order) < 0;
}
