// Label sets indexed by namespace and label, so a selector looks at candidates, not at every object.
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import { matchesLabelSelector, matchesMapSelector } from './selector.js';
import { fixedPodLabels, mayMatchLabelSelector, openPodLabelKeys, selectedReplicas } from './pod-labels.js';
import type { Labels, ManifestObject, OperatorResourceModel, WorkloadModel } from './types.js';

/** Anything that makes pods with known labels. */
export type PodSource = WorkloadModel | OperatorResourceModel;

/** How an index reads an item's labels and judges a selector against them. */
export interface LabelView<T> {
  /** Labels with one known value. */
  fixedLabels(item: T): Labels;
  /** Keys the item carries with a value that is not one known string (per pod, or known only in the cluster). */
  openKeys(item: T): readonly string[];
  matchesMap(selector: Labels, item: T): boolean;
  matchesLabelSelector(selector: LabelSelector, item: T): boolean;
}

interface NamespaceIndex<T> {
  all: T[];
  /** Items by label key, then by the key's fixed value. */
  byValue: Map<string, Map<string, T[]>>;
  byKey: Map<string, T[]>;
  /** Items whose value for the key is open: a candidate for any value. */
  byOpenKey: Map<string, T[]>;
}

const NOTHING: readonly never[] = [];
const NO_VALUES: ReadonlyMap<string, readonly never[]> = new Map();

/** Objects indexed by one of their label sets (given by `labelsOf`, or a LabelView), per namespace, in apply order. */
export class LabelIndex<T extends Pick<ManifestObject, 'namespace' | 'order'>> {
  private readonly byNamespace = new Map<string, NamespaceIndex<T>>();
  /** Every namespace's items in one index, built on the first selectMapAnywhere. */
  private everywhere: NamespaceIndex<T> | undefined;
  private readonly view: LabelView<T>;

  constructor(items: Iterable<T>, labels: ((item: T) => Labels) | LabelView<T>) {
    this.view = typeof labels === 'function' ? plainView(labels) : labels;
    for (const item of items) this.add(item);
  }

  private add(item: T): void {
    const ns = item.namespace ?? '';
    let index = this.byNamespace.get(ns);
    if (!index) {
      index = emptyIndex();
      this.byNamespace.set(ns, index);
    }
    this.addTo(index, item);
  }

  private addTo(index: NamespaceIndex<T>, item: T): void {
    index.all.push(item);
    const labels = this.view.fixedLabels(item);
    for (const key in labels) {
      let values = index.byValue.get(key);
      if (!values) index.byValue.set(key, (values = new Map()));
      push(values, labels[key]!, item);
      push(index.byKey, key, item);
    }
    for (const key of this.view.openKeys(item)) {
      push(index.byOpenKey, key, item);
      push(index.byKey, key, item);
    }
  }

  /** Namespaces that have items, sorted. */
  namespaces(): string[] {
    return [...this.byNamespace.keys()].sort();
  }

  /** Items in `namespace`, in apply order. */
  inNamespace(namespace: string): readonly T[] {
    return this.byNamespace.get(namespace)?.all ?? [];
  }

  /** Items in `namespace` that carry `key` (any value). */
  withKey(namespace: string, key: string): readonly T[] {
    return this.byNamespace.get(namespace)?.byKey.get(key) ?? [];
  }

  /** Label keys the items in `namespace` carry (fixed or open values), in no particular order. */
  keysIn(namespace: string): Iterable<string> {
    return this.byNamespace.get(namespace)?.byKey.keys() ?? NOTHING;
  }

  /** The fixed values of `key` in `namespace`, each with its items in apply order (open values not included). */
  valuesOf(namespace: string, key: string): ReadonlyMap<string, readonly T[]> {
    return this.byNamespace.get(namespace)?.byValue.get(key) ?? NO_VALUES;
  }

  /** Items whose value for `key` is open (per pod, or known only in the cluster), in apply order. */
  withOpenKey(namespace: string, key: string): readonly T[] {
    return this.byNamespace.get(namespace)?.byOpenKey.get(key) ?? NOTHING;
  }

  /** Items whose labels a Service's map selector selects, in apply order. */
  selectMap(namespace: string, selector: Labels | null): T[] {
    const index = this.byNamespace.get(namespace);
    if (!index || !selector) return [];
    return this.selectIn(index, selector);
  }

  /** Items in any namespace whose labels the map selector selects, in apply order: one lookup, not one per namespace. */
  selectMapAnywhere(selector: Labels | null): T[] {
    if (!selector) return [];
    if (!this.everywhere) {
      const all = [...this.byNamespace.values()].flatMap((index) => index.all).sort((a, b) => a.order - b.order);
      this.everywhere = emptyIndex();
      for (const item of all) this.addTo(this.everywhere, item);
    }
    return this.selectIn(this.everywhere, selector);
  }

  private selectIn(index: NamespaceIndex<T>, selector: Labels): T[] {
    let best: { fixed: readonly T[]; open: readonly T[] } | undefined;
    for (const key in selector) {
      const fixed = index.byValue.get(key)?.get(selector[key]!) ?? NOTHING;
      const open = index.byOpenKey.get(key) ?? NOTHING;
      if (fixed.length + open.length === 0) return [];
      if (!best || fixed.length + open.length < best.fixed.length + best.open.length) best = { fixed, open };
    }
    if (!best) return [];
    return mergeByOrder(best.fixed, best.open).filter((item) => this.view.matchesMap(selector, item));
  }

  /** Items a LabelSelector selects, in apply order. */
  selectLabelSelector(namespace: string, selector: LabelSelector | null): T[] {
    const index = this.byNamespace.get(namespace);
    if (!index || !selector) return [];
    let candidates: readonly T[] = index.all;
    const narrow = (posting: readonly T[]) => {
      if (posting.length < candidates.length) candidates = posting;
    };
    for (const key in selector.matchLabels ?? {}) {
      const fixed = index.byValue.get(key)?.get(selector.matchLabels![key]!) ?? NOTHING;
      narrow(mergeByOrder(fixed, index.byOpenKey.get(key) ?? NOTHING));
    }
    for (const { key, operator } of selector.matchExpressions ?? []) {
      if (operator === 'In' || operator === 'Exists') narrow(index.byKey.get(key) ?? NOTHING);
    }
    return candidates.filter((item) => this.view.matchesLabelSelector(selector, item));
  }
}

/** Pod sources indexed by the labels of the pods they make, controller labels included. */
export class PodIndex extends LabelIndex<PodSource> {
  constructor(sources: Iterable<PodSource>) {
    super(sources, {
      fixedLabels: fixedPodLabels,
      openKeys: openPodLabelKeys,
      matchesMap: (selector, source) => selectedReplicas(selector, source) !== null,
      matchesLabelSelector: mayMatchLabelSelector,
    });
  }
}

function emptyIndex<T>(): NamespaceIndex<T> {
  return { all: [], byValue: new Map(), byKey: new Map(), byOpenKey: new Map() };
}

function plainView<T>(labelsOf: (item: T) => Labels): LabelView<T> {
  return {
    fixedLabels: labelsOf,
    openKeys: () => NOTHING,
    matchesMap: (selector, item) => matchesMapSelector(selector, labelsOf(item)),
    matchesLabelSelector: (selector, item) => matchesLabelSelector(selector, labelsOf(item)),
  };
}

/** Two lists in apply order as one, in apply order (an item is never in both). */
function mergeByOrder<T extends { order: number }>(a: readonly T[], b: readonly T[]): readonly T[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const merged: T[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i]!.order <= b[j]!.order)) merged.push(a[i++]!);
    else merged.push(b[j++]!);
  }
  return merged;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
