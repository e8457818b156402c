// Splits one file's text into YAML documents, one at a time, with every problem placed exactly.
import { Composer, LineCounter, Parser, isMap, isSeq, isScalar, type Document, type YAMLMap, type ParsedNode } from 'yaml';
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
  let fatal = false;
  for (const error of doc.errors) {
    // A duplicate key leaves a usable mapping (the last value wins, as with sigs.k8s.io/yaml).
    if (error.code !== 'DUPLICATE_KEY') fatal = true;
    problems.push({ range: errorRange(error, text), message: errorMessage(error, doc, text) });
  }
  const contents = doc.contents as ParsedNode | null;
  if (fatal) return { kind: 'rejected', index, problems };
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
  return { kind: 'mapping', index, doc, node: contents, problems };
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
