// Pod label sets indexed by namespace and label, so a selector looks at candidates, not at every template.
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import { matchesLabelSelector, matchesMapSelector } from './selector.js';
import type { Labels, OperatorResourceModel, WorkloadModel } from './types.js';

/** Anything that makes pods with known labels. */
export type PodSource = WorkloadModel | OperatorResourceModel;

interface NamespaceIndex {
  all: PodSource[];
  byPair: Map<string, PodSource[]>;
  byKey: Map<string, PodSource[]>;
}

const SEP = '\u0000';

export class PodIndex {
  private readonly byNamespace = new Map<string, NamespaceIndex>();

  constructor(sources: Iterable<PodSource>) {
    for (const source of sources) this.add(source);
  }

  private add(source: PodSource): void {
    const ns = source.namespace ?? '';
    let index = this.byNamespace.get(ns);
    if (!index) {
      index = { all: [], byPair: new Map(), byKey: new Map() };
      this.byNamespace.set(ns, index);
    }
    index.all.push(source);
    for (const key in source.podLabels) {
      push(index.byPair, key + SEP + source.podLabels[key], source);
      push(index.byKey, key, source);
    }
  }

  /** Namespaces that have pod sources, sorted. */
  namespaces(): string[] {
    return [...this.byNamespace.keys()].sort();
  }

  /** Pod sources in `namespace`, in apply order. */
  inNamespace(namespace: string): readonly PodSource[] {
    return this.byNamespace.get(namespace)?.all ?? [];
  }

  /** Sources in `namespace` that carry `key` (any value). */
  withKey(namespace: string, key: string): readonly PodSource[] {
    return this.byNamespace.get(namespace)?.byKey.get(key) ?? [];
  }

  /** Pod sources whose labels a Service's map selector selects, in apply order. */
  selectMap(namespace: string, selector: Labels | null): PodSource[] {
    const index = this.byNamespace.get(namespace);
    if (!index || !selector) return [];
    let best: PodSource[] | undefined;
    for (const key in selector) {
      const posting = index.byPair.get(key + SEP + selector[key]);
      if (!posting) return [];
      if (!best || posting.length < best.length) best = posting;
    }
    return (best ?? []).filter((s) => matchesMapSelector(selector, s.podLabels));
  }

  /** Pod sources a LabelSelector selects, in apply order. */
  selectLabelSelector(namespace: string, selector: LabelSelector | null): PodSource[] {
    const index = this.byNamespace.get(namespace);
    if (!index || !selector) return [];
    let candidates: readonly PodSource[] = index.all;
    for (const key in selector.matchLabels ?? {}) {
      const posting = index.byPair.get(key + SEP + selector.matchLabels![key]) ?? [];
      if (posting.length < candidates.length) candidates = posting;
    }
    for (const { key, operator } of selector.matchExpressions ?? []) {
      if (operator !== 'In' && operator !== 'Exists') continue;
      const posting = index.byKey.get(key) ?? [];
      if (posting.length < candidates.length) candidates = posting;
    }
    return candidates.filter((s) => matchesLabelSelector(selector, s.podLabels));
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
