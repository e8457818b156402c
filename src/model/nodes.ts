// Reading typed values and their source ranges straight from YAML nodes, without building a full JS tree.
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  visit,
  type Alias,
  type Document,
  type Node,
  type Pair,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import { MAX_ALIAS_EXPANSION } from '../load/documents.js';
import { makeRange, rangeOf, type Range } from '../position/range.js';

/**
 * Alias look-ups while modelling one document: a safety net only, since the loader rejects documents whose
 * aliases expand to more than MAX_ALIAS_EXPANSION nodes. Each reading pass (extraction, schema checks) may
 * follow the same alias again, so this is a multiple of that limit.
 */
export const MAX_ALIAS_RESOLUTIONS = 100 * MAX_ALIAS_EXPANSION;

const MERGE_KEY = '<<';

export class AliasLimitError extends Error {
  constructor(readonly range: Range) {
    super(
      `YAML aliases were followed more than ${MAX_ALIAS_RESOLUTIONS} times (an alias bomb?); document not analysed`,
    );
  }
}

/** Per-document reading state: the document (to resolve aliases) and the alias budget. */
export class NodeReader {
  private expanded = 0;
  private targets: Map<Alias, Node> | null = null;
  constructor(
    private readonly doc: Document.Parsed,
    /** The file's text, for tracing string values back to it. */
    readonly source: string = '',
  ) {}

  /** Follows an alias to its anchored node, charging the budget. */
  resolve(node: unknown): Node | null {
    if (isAlias(node)) {
      if (++this.expanded > MAX_ALIAS_RESOLUTIONS) throw new AliasLimitError(rangeOf(node) ?? makeRange(0, 0));
      return this.aliasTargets().get(node) ?? null;
    }
    return (node as Node | null) ?? null;
  }

  /**
   * Every alias's node, found in one walk of the document. Alias.resolve walks the whole document on each
   * call, which made a document with thousands of aliases take seconds to minutes (quadratic).
   * Same rule as Alias.resolve: the last node with that anchor before the alias, in document order.
   */
  private aliasTargets(): Map<Alias, Node> {
    if (this.targets) return this.targets;
    const targets = new Map<Alias, Node>();
    const anchors = new Map<string, Node>();
    visit(this.doc, {
      Node(_key, node) {
        if (isAlias(node)) {
          const target = anchors.get(node.source);
          if (target) targets.set(node, target);
        } else if (node.anchor) {
          anchors.set(node.anchor, node);
        }
      },
    });
    this.targets = targets;
    return targets;
  }

  /**
   * The pair for `key` in a mapping: the last one when a key repeats, else from `<<` merge keys (which
   * sigs.k8s.io/yaml honours), where the first merged mapping wins.
   */
  pair(map: YAMLMap | null, key: string): Pair | null {
    if (!map) return null;
    const items = map.items;
    let merges = false;
    for (let i = items.length - 1; i >= 0; i--) {
      const item = items[i]!;
      const k = item.key;
      if (!isScalar(k)) continue;
      const name = String(k.value);
      if (name === key) return item;
      if (name === MERGE_KEY) merges = true;
    }
    if (!merges) return null;
    for (const source of this.mergeSources(map)) {
      const found = this.pair(source, key);
      if (found) return found;
    }
    return null;
  }

  /** The mappings a `<<` key merges in, in precedence order (a single alias, or a list of them). */
  private mergeSources(map: YAMLMap): YAMLMap[] {
    const sources: YAMLMap[] = [];
    for (const item of map.items) {
      if (!isScalar(item.key) || String(item.key.value) !== MERGE_KEY) continue;
      const value = this.resolve(item.value);
      if (isMap(value)) sources.push(value);
      else if (isSeq(value)) for (const m of this.items(value)) if (isMap(m)) sources.push(m);
    }
    return sources;
  }

  /** A mapping's pairs with merge keys expanded, lowest precedence first (so later assignments win). */
  private pairs(map: YAMLMap): Pair[] {
    const own = map.items.filter((item) => !isScalar(item.key) || String(item.key.value) !== MERGE_KEY);
    if (own.length === map.items.length) return map.items;
    const merged = this.mergeSources(map)
      .reverse()
      .flatMap((source) => this.pairs(source));
    return [...merged, ...own];
  }

  value(map: YAMLMap | null, key: string): Node | null {
    const pair = this.pair(map, key);
    return pair ? this.resolve(pair.value) : null;
  }

  map(map: YAMLMap | null, key: string): YAMLMap | null {
    const node = this.value(map, key);
    return isMap(node) ? node : null;
  }

  seq(map: YAMLMap | null, key: string): YAMLSeq | null {
    const node = this.value(map, key);
    return isSeq(node) ? node : null;
  }

  /** Items of a sequence with aliases resolved. */
  items(seq: YAMLSeq | null): Node[] {
    if (!seq) return [];
    const out: Node[] = [];
    for (const item of seq.items) {
      const node = this.resolve(item);
      if (node) out.push(node);
    }
    return out;
  }

  /** A scalar's value (string, number, boolean or null); undefined when absent or not a scalar. */
  scalar(map: YAMLMap | null, key: string): unknown {
    const node = this.value(map, key);
    return isScalar(node) ? detach(node.value) : undefined;
  }

  string(map: YAMLMap | null, key: string): string | null {
    const v = this.scalar(map, key);
    return typeof v === 'string' ? v : null;
  }

  /** A port-like value: a number or a string as written, null when absent or of another type. */
  intOrString(map: YAMLMap | null, key: string): number | string | null {
    const v = this.scalar(map, key);
    return typeof v === 'number' || typeof v === 'string' ? v : null;
  }

  /**
   * The range to point at for `key`: the value when it is a scalar, the key when the value is a collection
   * (so the finding is one line, not a whole block).
   */
  keyRange(map: YAMLMap | null, key: string): Range | null {
    const pair = this.pair(map, key);
    if (!pair) return null;
    const value = pair.value as Node | null;
    if (value && isScalar(value) && value.range) return rangeOf(value);
    return rangeOf(pair.key) ?? rangeOf(value);
  }

  /** A map of strings (labels, selectors); non-string values are stringified as Kubernetes would reject them anyway. */
  stringMap(map: YAMLMap | null): Record<string, string> {
    const out: Record<string, string> = {};
    if (!map) return out;
    for (const item of this.pairs(map)) {
      const k = item.key;
      if (!isScalar(k)) continue;
      const v = this.resolve(item.value);
      out[detach(String(k.value))] = isScalar(v) && v.value !== null ? detach(String(v.value)) : '';
    }
    return out;
  }

  /** Plain JS for a small subtree (e.g. a LabelSelector), with aliases charged to the budget. */
  plain(node: unknown): unknown {
    const n = this.resolve(node);
    if (n === null) return null;
    if (isScalar(n)) return detach(n.value);
    if (isSeq(n)) return n.items.map((item) => this.plain(item));
    if (isMap(n)) {
      const out: Record<string, unknown> = {};
      for (const item of this.pairs(n)) {
        if (isScalar(item.key)) out[detach(String(item.key.value))] = this.plain(item.value);
      }
      return out;
    }
    return null;
  }
}

/**
 * A string the model keeps, copied out of the file text: V8 represents substrings of 13 or more characters as
 * slices that keep the whole file alive, which would hold every input file in memory until the end.
 */
export function detach<T>(value: T): T {
  return typeof value === 'string' && value.length >= 13 ? ((' ' + value).slice(1) as T) : value;
}

export function stringOf(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

export function nonEmpty(value: string | null): string | null {
  return value ? value : null;
}
