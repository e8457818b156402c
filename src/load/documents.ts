// Splits one file's text into YAML documents, one at a time, with every problem placed exactly.
import { Composer, LineCounter, Parser, isAlias, isMap, isNode, isSeq, isScalar, type Document, type Node, type YAMLMap, type ParsedNode } from 'yaml';
import { MAX_ALIAS_EXPANSION, rangeOf } from '../model/nodes.js';
import type { Range } from '../model/types.js';

export interface LoadProblem {
  range: Range;
  message: string;
}

export type LoadedDocument =
  | { kind: 'mapping'; index: number; doc: Document.Parsed; node: YAMLMap.Parsed; problems: LoadProblem[] }
  /** Empty or comment-only: skipped, but counted. */
  | { kind: 'empty'; index: number; problems: LoadProblem[] }
  /** Not analysable (syntax error, scalar or list document): only its problems remain. */
  | { kind: 'rejected'; index: number; problems: LoadProblem[] };

const HELM_HINT =
  'this looks like an unrendered Helm template; render it first, e.g. `helm template . | svclint -`';

/** Reads documents lazily so that each document's syntax tree can be dropped as soon as it is modelled. */
export function* readDocuments(text: string, lineCounter: LineCounter): Generator<LoadedDocument> {
  const parser = new Parser(lineCounter.addNewLine);
  // uniqueKeys reports duplicate keys as errors; kubectl's strict decoding rejects them too.
  const composer = new Composer({ prettyErrors: false, uniqueKeys: true });
  let index = 0;
  const tokens = parser.parse(text);
  for (const doc of composer.compose(tokens, false, text.length)) {
    yield classify(doc as Document.Parsed, index++, text);
  }
}

function classify(doc: Document.Parsed, index: number, text: string): LoadedDocument {
  const problems: LoadProblem[] = [];
  let fatal: LoadProblem | null = null;
  for (const error of doc.errors) {
    const problem = { range: errorRange(error, text), message: errorMessage(error, doc, text) };
    // A duplicate key leaves a usable mapping (the last value wins, as with sigs.k8s.io/yaml).
    if (error.code === 'DUPLICATE_KEY') problems.push(problem);
    else if (!fatal || problem.range[0] < fatal.range[0]) fatal = problem;
  }
  // Only the first syntax error: the ones after it mostly follow from it (one unrendered Helm line gives four).
  if (fatal) return { kind: 'rejected', index, problems: [fatal] };
  const contents = doc.contents as ParsedNode | null;
  if (contents === null || (isScalar(contents) && contents.value === null && contents.range[0] === contents.range[1])) {
    return { kind: 'empty', index, problems };
  }
  if (!isMap(contents)) {
    const what = isSeq(contents) ? 'a list' : 'a scalar value';
    problems.push({
      range: [contents.range[0], contents.range[1]],
      message: `Document is ${what}, not a Kubernetes object (a mapping with apiVersion and kind)`,
    });
    return { kind: 'rejected', index, problems };
  }
  const template = findHelmTemplate(contents, doc, text);
  if (template) {
    problems.push({ range: template, message: `Unrendered template expression: ${HELM_HINT}` });
    return { kind: 'rejected', index, problems };
  }
  const aliasProblem = findAliasProblem(contents, doc, text);
  if (aliasProblem) {
    problems.push(aliasProblem);
    return { kind: 'rejected', index, problems };
  }
  return { kind: 'mapping', index, doc, node: contents, problems };
}

/**
 * Aliases that kubectl's decoder rejects, wherever they are in the document (modelling reads only some fields):
 * an alias with no anchor before it, an alias inside the node it names (endless), and aliases that expand to
 * more than MAX_ALIAS_EXPANSION nodes in all (an alias bomb). One walk: sizes of anchored nodes are known by the
 * time an alias to them is met, so a billion laughs costs its written size, not its expanded size.
 */
function findAliasProblem(root: YAMLMap.Parsed, doc: Document.Parsed, text: string): LoadProblem | null {
  const [start, , end] = doc.range;
  const star = text.indexOf('*', start);
  if (star === -1 || star >= end) return null;
  const anchors = new Map<string, Node>();
  const sizes = new Map<Node, number>();
  let added = 0;
  let problem: LoadProblem | null = null;
  const walk = (node: unknown): number => {
    if (problem || !isNode(node)) return 0;
    if (isAlias(node)) {
      const range = rangeOf(node) ?? [0, 0];
      const target = anchors.get(node.source);
      const size = target && sizes.get(target);
      if (!target) problem = { range, message: `YAML alias *${node.source} refers to no anchor before it; document not analysed` };
      else if (size === undefined) problem = { range, message: `YAML alias *${node.source} is inside the node it refers to, so it expands without end; document not analysed` };
      else if ((added += size) > MAX_ALIAS_EXPANSION) problem = { range, message: `YAML aliases expand to more than ${MAX_ALIAS_EXPANSION} nodes (an alias bomb?); document not analysed` };
      return size ?? 0;
    }
    if (node.anchor) anchors.set(node.anchor, node);
    let size = 1;
    if (isMap(node)) for (const pair of node.items) size += walk(pair.key) + walk(pair.value);
    else if (isSeq(node)) for (const item of node.items) size += walk(item);
    if (node.anchor) sizes.set(node, size);
    return size;
  };
  walk(root);
  return problem;
}

/** yaml marks a duplicate key by its first character; cover the whole key so editors underline it. */
function errorRange(error: { code: string; pos: [number, number] }, text: string): Range {
  const [start, end] = error.pos;
  if (error.code === 'DUPLICATE_KEY') {
    const key = /^[^:\s]+/.exec(text.slice(start, start + 256));
    if (key) return [start, start + key[0].length];
  }
  return [start, Math.max(end, start)];
}

function errorMessage(error: { code: string; message: string }, doc: Document.Parsed, text: string): string {
  const first = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  const range = doc.range;
  const source = text.slice(range[0], range[2]);
  const hint = source.includes('{{') ? `; ${HELM_HINT}` : '';
  return `YAML ${error.code === 'DUPLICATE_KEY' ? 'duplicate key' : 'syntax error'}: ${first}${hint}`;
}

/**
 * `{{ .Values.x }}` is valid YAML: a flow mapping whose only key is another flow mapping. Find such a node,
 * but only when the document's text holds "{{" at all, so ordinary documents cost one substring search.
 */
function findHelmTemplate(root: YAMLMap.Parsed, doc: Document.Parsed, text: string): Range | null {
  const [start, , end] = doc.range;
  const at = text.indexOf('{{', start);
  if (at === -1 || at >= end) return null;
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const range = (node as YAMLMap.Parsed).range;
      if (node.flow && text.startsWith('{{', range[0])) return [range[0], range[1]];
      for (const pair of node.items) stack.push(pair.key, pair.value);
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    }
  }
  return null;
}
