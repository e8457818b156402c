// Splits one file's text into YAML documents, one at a time, with every problem placed exactly.
import {
  Composer,
  Parser,
  isAlias,
  isMap,
  isNode,
  isSeq,
  isScalar,
  type CST,
  type Document,
  type Node,
  type YAMLMap,
  type ParsedNode,
} from 'yaml';
import { makeRange, rangeFromNode, rangeOf, rangeStart, type Range } from '../position/range.js';
import { hasTemplateAction, isTemplatePlaceholder, placeholderTokens } from './template-tokens.js';
import { listing } from '../strings.js';

export interface LoadProblem {
  range: Range;
  message: string;
  /** A note of the placeholder rule (the document waits for another tool to fill it in), not a parse error. */
  placeholder?: true;
}

export interface ReadOptions {
  /**
   * The file is JSON (*.json): read only when it is a Kubernetes object or List, as kubectl would be given it. Any
   * other JSON (package-lock.json, tsconfig.json with comments, a JSON Schema, a dashboard) is skipped silently.
   */
  json?: boolean;
}

export type LoadedDocument =
  | { kind: 'mapping'; index: number; doc: Document.Parsed; node: YAMLMap.Parsed; problems: LoadProblem[] }
  /** Empty or comment-only: skipped, but counted. */
  | { kind: 'empty'; index: number; problems: LoadProblem[] }
  /** Not analysable (syntax error, scalar or list document): only its problems remain. */
  | { kind: 'rejected'; index: number; problems: LoadProblem[] }
  /** Not a manifest at all (JSON that is no Kubernetes object): skipped silently, but counted. */
  | { kind: 'skipped'; index: number; problems: LoadProblem[] };

/** Nodes that aliases may add to one document; far above real manifests, far below an alias bomb (the loader checks). */
export const MAX_ALIAS_EXPANSION = 10_000;

const HELM_HINT = 'this looks like an unrendered Helm template; render it first, e.g. `helm template . | svclint -`';

/** Reads documents lazily so that each document's syntax tree can be dropped as soon as it is modelled. */
export function* readDocuments(text: string, options: ReadOptions = {}): Generator<LoadedDocument> {
  // No line counter: positions are offsets, and the file's line starts are found once, after parsing.
  const parser = new Parser();
  // uniqueKeys reports duplicate keys as errors; kubectl's strict decoding rejects them too.
  const composer = new Composer({ prettyErrors: false, uniqueKeys: true });
  let index = 0;
  const tooDeep = new Map<number, LoadProblem>();
  const tokens = withoutDeepNesting(parser.parse(text), tooDeep);
  for (const doc of composer.compose(tokens, false, text.length)) {
    const deep = tooDeep.get(doc.range[0]);
    const loaded: LoadedDocument = deep
      ? { kind: 'rejected', index, problems: [deep] }
      : classify(doc as Document.Parsed, index, text);
    yield options.json ? asJsonDocument(loaded, doc as Document.Parsed, text) : loaded;
    index++;
  }
}

/** A JSON document is linted only when it is a Kubernetes object or List, or, unreadable, looks like one. */
function asJsonDocument(loaded: LoadedDocument, doc: Document.Parsed, text: string): LoadedDocument {
  if (loaded.kind === 'empty') return loaded;
  const contents = doc.contents as ParsedNode | null;
  if (isMap(contents) && hasApiVersionAndKind(contents)) return loaded;
  // A syntax error (or nesting too deep) hides what the file is: reported only when it has a Kubernetes object's keys.
  const unreadable = loaded.kind === 'rejected' && (doc.errors.length > 0 || contents === null);
  return unreadable && mentionsApiVersionAndKind(text)
    ? loaded
    : { kind: 'skipped', index: loaded.index, problems: [] };
}

/** Top-level apiVersion and kind strings, which every Kubernetes object and List has (see extract.ts). */
function hasApiVersionAndKind(map: YAMLMap.Parsed): boolean {
  let found = 0;
  for (const { key, value } of map.items) {
    if (
      isScalar(key) &&
      (key.value === 'apiVersion' || key.value === 'kind') &&
      isScalar(value) &&
      typeof value.value === 'string'
    )
      found++;
  }
  return found >= 2;
}

/** JSON that cannot be parsed is still worth a parse error when it has the keys of a Kubernetes object. */
function mentionsApiVersionAndKind(text: string): boolean {
  return /"apiVersion"\s*:/.test(text) && /"kind"\s*:/.test(text);
}

/**
 * Collections nested deeper than this are not composed. The YAML composer recurses per level and runs out of stack
 * somewhere past 800 levels, at a point that depends on the JIT's frame sizes, so the same deeper document gave a
 * different finding (or none) from one run to the next. Real manifests nest a few dozen levels.
 */
export const MAX_NESTING_DEPTH = 500;

/** Hands a document nested too deep to the composer without its content (an empty document), noted in `tooDeep`. */
function* withoutDeepNesting(tokens: Generator<CST.Token>, tooDeep: Map<number, LoadProblem>): Generator<CST.Token> {
  for (const token of tokens) {
    const at = token.type === 'document' && token.value ? tooDeepAt(token.value) : -1;
    if (at === -1) {
      yield token;
      continue;
    }
    const message = `YAML nesting is deeper than ${MAX_NESTING_DEPTH} levels, too deep to analyse; document not analysed`;
    tooDeep.set(token.offset, { range: makeRange(at, at + 1), message });
    yield { ...(token as CST.Document), value: undefined };
  }
}

/** The offset of the first collection (in text order) nested deeper than MAX_NESTING_DEPTH, else -1; no recursion. */
function tooDeepAt(root: CST.Token): number {
  const stack: [CST.Token, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [token, depth] = stack.pop()!;
    if (token.type !== 'block-map' && token.type !== 'block-seq' && token.type !== 'flow-collection') continue;
    if (depth > MAX_NESTING_DEPTH) return token.offset;
    // Pushed last to first, so that they are visited in text order.
    for (let i = token.items.length - 1; i >= 0; i--) {
      const { key, value } = token.items[i]!;
      if (value) stack.push([value, depth + 1]);
      if (key) stack.push([key, depth + 1]);
    }
  }
  return -1;
}

function classify(doc: Document.Parsed, index: number, text: string): LoadedDocument {
  const problems: LoadProblem[] = [];
  let fatal: LoadProblem | null = null;
  for (const error of doc.errors) {
    const problem = { range: errorRange(error, text), message: errorMessage(error, doc, text) };
    // A duplicate key leaves a usable mapping (the last value wins, as with sigs.k8s.io/yaml).
    if (error.code === 'DUPLICATE_KEY') problems.push(problem);
    else if (!fatal || rangeStart(problem.range) < rangeStart(fatal.range)) fatal = problem;
  }
  // Only the first syntax error: the ones after it mostly follow from it (one unrendered Helm line gives four).
  if (fatal) return { kind: 'rejected', index, problems: [placeholderSyntaxNote(fatal, doc, text) ?? fatal] };
  const contents = doc.contents as ParsedNode | null;
  if (contents === null || (isScalar(contents) && contents.value === null && contents.range[0] === contents.range[1])) {
    return { kind: 'empty', index, problems };
  }
  if (!isMap(contents)) {
    const what = isSeq(contents) ? 'a list' : 'a scalar value';
    problems.push({
      range: rangeFromNode(contents.range),
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
  // This document's text only: indexOf('*', start) scans the rest of the file when the document has no '*', which
  // made a file of many documents quadratic (a 50 MB file took minutes).
  if (!text.slice(start, end).includes('*')) return null;
  const anchors = new Map<string, Node>();
  const sizes = new Map<Node, number>();
  let added = 0;
  let problem: LoadProblem | null = null;
  const walk = (node: unknown): number => {
    if (problem || !isNode(node)) return 0;
    if (isAlias(node)) {
      const range = rangeOf(node) ?? makeRange(0, 0);
      const target = anchors.get(node.source);
      const size = target && sizes.get(target);
      if (!target)
        problem = { range, message: `YAML alias *${node.source} refers to no anchor before it; document not analysed` };
      else if (size === undefined)
        problem = {
          range,
          message: `YAML alias *${node.source} is inside the node it refers to, so it expands without end; document not analysed`,
        };
      else if ((added += size) > MAX_ALIAS_EXPANSION)
        problem = {
          range,
          message: `YAML aliases expand to more than ${MAX_ALIAS_EXPANSION} nodes (an alias bomb?); document not analysed`,
        };
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

/**
 * A syntax error on a line holding a placeholder (`name: {{NAME}}-web` starts a YAML flow mapping) is not a mistake
 * in the manifest but text that waits for another tool: a note. Not in a Helm template, which is no manifest at all.
 */
function placeholderSyntaxNote(problem: LoadProblem, doc: Document.Parsed, text: string): LoadProblem | null {
  const source = text.slice(doc.range[0], doc.range[2]);
  if (!source.includes('{{') && !source.includes('${')) return null;
  const at = rangeStart(problem.range);
  const lineEnd = text.indexOf('\n', at);
  const line = text.slice(text.lastIndexOf('\n', at - 1) + 1, lineEnd === -1 ? text.length : lineEnd);
  if (placeholderTokens(line).length === 0 || hasTemplateAction(source)) return null;
  const tokens = placeholderTokens(source);
  const message =
    `Document holds placeholder${tokens.length === 1 ? '' : 's'} ${listing(tokens)}, filled in by another tool (envsubst, a ` +
    'templating step), and is not valid YAML until then; document not analysed';
  return { range: problem.range, message, placeholder: true };
}

/** yaml marks a duplicate key by its first character; cover the whole key so editors underline it. */
function errorRange(error: { code: string; pos: [number, number] }, text: string): Range {
  const [start, end] = error.pos;
  if (error.code === 'DUPLICATE_KEY') {
    const key = /^[^:\s]+/.exec(text.slice(start, start + 256));
    if (key) return makeRange(start, start + key[0].length);
  }
  // yaml places an error at the end of the input (an unclosed `{`) one character past it: keep it inside the text.
  const at = Math.min(start, text.length);
  return makeRange(at, Math.min(Math.max(end, at), text.length));
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
  if (!text.slice(start, end).includes('{{')) return null; // this document only (see findAliasProblem)
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const range = (node as YAMLMap.Parsed).range;
      // `{{IMAGE}}` is a placeholder (see placeholders.ts), `{{ .Values.image }}` a Helm template.
      if (node.flow && text.startsWith('{{', range[0]) && !isTemplatePlaceholder(text.slice(range[0], range[1])))
        return rangeFromNode(range);
      for (const pair of node.items) stack.push(pair.key, pair.value);
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    }
  }
  return null;
}
