// Label sets indexed by namespace and label, so a selector looks at candidates, not at every object.
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import { matchesLabelSelector, matchesMapSelector } from './selector.js';
import type { Labels, ManifestObject, OperatorResourceModel, WorkloadModel } from './types.js';

/** Anything that makes pods with known labels. */
export type PodSource = WorkloadModel | OperatorResourceModel;

interface NamespaceIndex<T> {
  all: T[];
  byPair: Map<string, T[]>;
  byKey: Map<string, T[]>;
}

const SEP = '\u0000';

/** Objects indexed by one of their label sets (given by `labelsOf`), per namespace, in apply order. */
export class LabelIndex<T extends Pick<ManifestObject, 'namespace'>> {
  private readonly byNamespace = new Map<string, NamespaceIndex<T>>();

  constructor(
    items: Iterable<T>,
    private readonly labelsOf: (item: T) => Labels,
  ) {
    for (const item of items) this.add(item);
  }

  private add(item: T): void {
    const ns = item.namespace ?? '';
    let index = this.byNamespace.get(ns);
    if (!index) {
      index = { all: [], byPair: new Map(), byKey: new Map() };
      this.byNamespace.set(ns, index);
    }
    index.all.push(item);
    const labels = this.labelsOf(item);
    for (const key in labels) {
      push(index.byPair, key + SEP + labels[key], item);
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

  /** Items whose labels a Service's map selector selects, in apply order. */
  selectMap(namespace: string, selector: Labels | null): T[] {
    const index = this.byNamespace.get(namespace);
    if (!index || !selector) return [];
    let best: T[] | undefined;
    for (const key in selector) {
      const posting = index.byPair.get(key + SEP + selector[key]);
      if (!posting) return [];
      if (!best || posting.length < best.length) best = posting;
    }
    return (best ?? []).filter((item) => matchesMapSelector(selector, this.labelsOf(item)));
  }

  /** Items a LabelSelector selects, in apply order. */
  selectLabelSelector(namespace: string, selector: LabelSelector | null): T[] {
    const index = this.byNamespace.get(namespace);
    if (!index || !selector) return [];
    let candidates: readonly T[] = index.all;
    for (const key in selector.matchLabels ?? {}) {
      const posting = index.byPair.get(key + SEP + selector.matchLabels![key]) ?? [];
      if (posting.length < candidates.length) candidates = posting;
    }
    for (const { key, operator } of selector.matchExpressions ?? []) {
      if (operator !== 'In' && operator !== 'Exists') continue;
      const posting = index.byKey.get(key) ?? [];
      if (posting.length < candidates.length) candidates = posting;
    }
    return candidates.filter((item) => matchesLabelSelector(selector, this.labelsOf(item)));
  }
}

/** Pod sources indexed by the labels of the pods they make. */
export class PodIndex extends LabelIndex<PodSource> {
  constructor(sources: Iterable<PodSource>) {
    super(sources, (source) => source.podLabels);
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
