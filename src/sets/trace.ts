// Points findings on a rendered kustomize build back at the source file and node each object came from.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node, type Scalar } from 'yaml';
import type { Finding, RelatedFinding } from '../lint.js';
import type { FileModel } from '../model/build.js';
import { positionAt, spanOf } from '../position/positions.js';
import { makeRange, rangeStart } from '../position/range.js';
import type { ManifestObject, SourceFile } from '../model/types.js';

export const ORIGIN_ANNOTATION = 'config.kubernetes.io/origin';

export interface TraceContext {
  /** The rendered stream's model and text. */
  rendered: FileModel;
  renderedText: string;
  /** The folder kustomize ran in: origin paths are relative to it. */
  originBase: string;
  /** Models of the build's resource files, by absolute path, and their source files. */
  sources: ReadonlyMap<string, FileModel>;
  /** Where findings go that cannot be traced: the kustomization file. */
  fallback: SourceFile;
}

interface Source {
  /** Absolute path of the source file. */
  absolute: string;
  model: FileModel;
  object: ManifestObject;
}

/** Each finding on the rendered stream, at its source; findings elsewhere are returned as they are. */
export function traceFindings(findings: readonly Finding[], context: TraceContext): Finding[] {
  const renderedPath = context.rendered.file.path;
  const parsed = new Map<string, Document.Parsed[]>(); // files parsed once each, the rendered stream too
  const texts = new Map<string, string>();
  const docsOf = (file: string) => {
    let docs = parsed.get(file);
    if (!docs) {
      try {
        const text = file === renderedPath ? context.renderedText : readFileSync(file, 'utf8');
        texts.set(file, text);
        docs = parseAllDocuments(text, { uniqueKeys: false }) as Document.Parsed[];
      } catch {
        docs = [];
      }
      parsed.set(file, Array.isArray(docs) ? docs : [docs]);
    }
    return parsed.get(file)!;
  };
  const textOf = (file: string) => (docsOf(file), texts.get(file) ?? null);
  const origins = new Map<ManifestObject, Source | null>();
  let byKind: Map<string, Source[]> | null = null; // built on the first finding: most builds have none
  const sourceOf = (object: ManifestObject) => {
    if (!origins.has(object))
      origins.set(object, findSource(object, context, (byKind ??= sourcesByKind(context.sources))));
    return origins.get(object) ?? null;
  };
  const objectAt = objectsByLine(context.rendered);
  const fallback = { file: context.fallback.path, line: 1, column: 1, endLine: 1, endColumn: 1 };
  return findings.map((finding) => {
    const related = finding.related.map((r): RelatedFinding => {
      if (r.file !== renderedPath) return r;
      const object = objectAt(r.line);
      const source = object && sourceOf(object);
      return source
        ? { ...r, file: source.model.file.path, ...spanOf(source.model.file, source.object.nameRange) }
        : { ...r, ...fallback };
    });
    if (finding.file !== renderedPath) return { ...finding, related };
    const object = objectAt(finding.line);
    const source = object && sourceOf(object);
    if (!source) return { ...finding, ...fallback, related };
    const span = finding.path
      ? locate(source, object, finding.path, docsOf, textOf, renderedPath, renderedOffsets(context, finding))
      : null;
    return {
      ...finding,
      file: source.model.file.path,
      ...(span ?? spanOf(source.model.file, source.object.nameRange)),
      related,
    };
  });
}

/** The rendered object whose mapping holds a line: the last one that starts at or before it. */
function objectsByLine(rendered: FileModel): (line: number) => ManifestObject | null {
  const objects = [...rendered.objects].sort((a, b) => rangeStart(a.range) - rangeStart(b.range));
  const lines = objects.map((o) => positionAt(rendered.file, rangeStart(o.range)).line);
  return (line) => {
    let low = 0;
    let high = lines.length - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (lines[mid]! <= line) {
        found = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    return found < 0 ? null : objects[found]!;
  };
}

/**
 * The source object of a rendered one: the file its origin annotation names (else any resource file), and in it the
 * object of the same kind whose name the rendered name contains (kustomize adds prefixes and suffixes).
 */
function findSource(
  object: ManifestObject,
  context: TraceContext,
  byKind: ReadonlyMap<string, readonly Source[]>,
): Source | null {
  const origin = object.annotations[ORIGIN_ANNOTATION];
  const originPath = origin ? /^path:\s*(.+?)\s*$/m.exec(origin)?.[1]?.replace(/^['"]|['"]$/g, '') : undefined;
  const traced = originPath && path.resolve(context.originBase, originPath);
  let best: Source | null = null;
  for (const candidate of byKind.get(object.kind) ?? []) {
    if ((traced && candidate.absolute !== traced) || !object.name.includes(candidate.object.name)) continue;
    if (!best || candidate.object.name.length > best.object.name.length) best = candidate;
  }
  return best;
}

/** The source objects of a build by kind, each with its file: what a rendered object is matched against. */
function sourcesByKind(sources: ReadonlyMap<string, FileModel>): Map<string, Source[]> {
  const byKind = new Map<string, Source[]>();
  for (const [absolute, model] of sources) {
    for (const object of model.objects) {
      let list = byKind.get(object.kind);
      if (!list) byKind.set(object.kind, (list = []));
      list.push({ absolute, model, object });
    }
  }
  return byKind;
}

/** The node at a YAML path (spec.ports[0].targetPort) of the source object, when the source file has it. */
function locate(
  source: Source,
  renderedObject: ManifestObject,
  yamlPath: string,
  docsOf: (file: string) => Document.Parsed[],
  textOf: (file: string) => string | null,
  renderedFile: string,
  within: [number, number],
): ReturnType<typeof spanOf> | null {
  let node: Node | null | undefined = mappingAt(docsOf(source.absolute), rangeStart(source.object.range));
  let rendered: Node | null = mappingAt(docsOf(renderedFile), rangeStart(renderedObject.range));
  let keyRange: [number, number] | null = null;
  for (const segment of parsePath(yamlPath)) {
    if (typeof segment === 'number' && isSeq(node)) {
      // Patches add and reorder list items: the item of the same name (containers, env, ports), else the same index.
      const renderedItem = isSeq(rendered) ? (rendered.items[segment] as Node | undefined) : undefined;
      const name = nameOf(renderedItem);
      // A named item the source lacks was added by a patch: the source's item at that index is another one.
      node = (name !== null ? node.items.find((item) => nameOf(item as Node) === name) : node.items[segment]) as
        Node | undefined;
      rendered = renderedItem ?? null;
      keyRange = null;
    } else if (typeof segment === 'string' && isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === segment);
      if (!pair) break;
      keyRange = isScalar(pair.key) && pair.key.range ? [pair.key.range[0], pair.key.range[1]] : null;
      node = pair.value as Node | null;
      rendered = isMap(rendered) ? ((rendered.get(segment, true) as Node | undefined) ?? null) : null;
    } else break;
    if (!node) break;
  }
  const range = isScalar(node) && node.range ? [node.range[0], node.range[1]] : keyRange;
  if (!range) return null;
  const part =
    isScalar(node) && isScalar(rendered)
      ? partOfScalar(node, rendered, within, textOf(renderedFile), textOf(source.absolute))
      : null;
  return spanOf(source.model.file, makeRange(...(part ?? (range as [number, number]))));
}

/** The finding's offsets in the rendered text. */
function renderedOffsets(context: TraceContext, finding: Finding): [number, number] {
  const starts = context.rendered.file.lineStarts;
  const at = (line: number, column: number) => (starts[line - 1] ?? 0) + column - 1;
  return [at(finding.line, finding.column), at(finding.endLine, finding.endColumn)];
}

/**
 * A finding on part of a rendered scalar (the host in a URL) at the same part of the source scalar, so that it has
 * the span it has when the file is linted as written: the same text, its same occurrence, when the value is unchanged.
 */
function partOfScalar(
  node: Scalar,
  rendered: Scalar,
  [start, end]: [number, number],
  renderedText: string | null,
  sourceText: string | null,
): [number, number] | null {
  if (!node.range || !rendered.range || String(node.value) !== String(rendered.value)) return null;
  const [rStart, rEnd] = rendered.range;
  if (start < rStart || end > rEnd || (start === rStart && end === rEnd) || end <= start) return null;
  if (renderedText === null || sourceText === null) return null;
  const needle = renderedText.slice(start, end);
  const occurrence = count(renderedText.slice(rStart, start), needle);
  const raw = sourceText.slice(node.range[0], node.range[1]);
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = raw.indexOf(needle, at + 1);
    if (at < 0) return null;
  }
  return [node.range[0] + at, node.range[0] + at + needle.length];
}

function count(text: string, needle: string): number {
  let n = 0;
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) n++;
  return n;
}

/** The `name` of a list item (a container, an env var, a port), or null. */
function nameOf(item: Node | null | undefined): string | null {
  if (!isMap(item)) return null;
  const name = item.get('name', true);
  return isScalar(name) ? String(name.value) : null;
}

/** The mapping that starts at this offset: a document's, or an item of a List. */
function mappingAt(docs: readonly Document.Parsed[], start: number): Node | null {
  const doc = docs.find((d) => d.contents?.range && d.contents.range[0] <= start && start < d.contents.range[2]);
  const node = doc?.contents ?? null;
  return isMap(node) && node.range?.[0] === start ? node : (findMappingAt(node, start) ?? node);
}

function findMappingAt(node: Node | null | undefined, start: number): Node | null {
  if (isMap(node) && node.range?.[0] === start) return node;
  if (isMap(node) || isSeq(node)) {
    for (const item of node.items) {
      const child = isMap(node) ? (item as { value: Node | null }).value : (item as Node);
      const found = findMappingAt(child, start);
      if (found) return found;
    }
  }
  return null;
}

/** ["spec", "ports", 0, "targetPort"] from "spec.ports[0].targetPort". */
function parsePath(yamlPath: string): (string | number)[] {
  const segments: (string | number)[] = [];
  for (const match of yamlPath.matchAll(/\[(\d+)\]|\["([^"]*)"\]|([^.[\]]+)/g)) {
    if (match[1] !== undefined) segments.push(Number(match[1]));
    else segments.push(match[2] ?? match[3]!);
  }
  return segments;
}
