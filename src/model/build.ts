// Loads files into the model: documents are read one at a time and dropped once their objects are extracted.
import { LineCounter } from 'yaml';
import { readDocuments } from '../load/documents.js';
import { AliasLimitError, NodeReader } from './nodes.js';
import { extractObjects } from './extract.js';
import { PodIndex, type PodSource } from './pod-index.js';
import type { ManifestObject, Range, ServiceModel, SourceFile, WorkloadModel } from './types.js';

export interface LoadProblemAt {
  fileId: number;
  range: Range;
  message: string;
}

export interface ModelStats {
  files: number;
  documents: number;
  objects: number;
  /** Empty, comment-only and non-Kubernetes documents. */
  skippedDocuments: number;
}

export interface Model {
  files: SourceFile[];
  /** All objects in apply order. */
  objects: ManifestObject[];
  services: ServiceModel[];
  workloads: WorkloadModel[];
  podIndex: PodIndex;
  loadProblems: LoadProblemAt[];
  stats: ModelStats;
}

export interface SourceText {
  displayPath: string;
  text: string;
  /** A problem found while reading the bytes (binary, invalid UTF-8); reported at the first bad character. */
  encodingProblem?: string | null;
  encodingProblemOffset?: number;
}

export interface ModelOptions {
  /** Namespace of namespaced objects that name none; "default" unless --namespace says otherwise. */
  defaultNamespace?: string;
}

export interface FileModel {
  file: SourceFile;
  objects: ManifestObject[];
  problems: LoadProblemAt[];
  documents: number;
  skippedDocuments: number;
}

/** Models one file. `firstOrder` is the apply-order position of its first object. */
export function modelFile(source: SourceText, fileId: number, options: ModelOptions, firstOrder = 0): FileModel {
  const lineCounter = new LineCounter();
  const result: FileModel = {
    file: { id: fileId, path: source.displayPath, lineStarts: [0] },
    objects: [],
    problems: [],
    documents: 0,
    skippedDocuments: 0,
  };
  const problem = (range: Range, message: string) => result.problems.push({ fileId, range, message });
  // A byte order mark is not content: drop it so that line 1 columns stay right.
  const text = source.text.charCodeAt(0) === 0xfeff ? source.text.slice(1) : source.text;
  if (source.encodingProblem) {
    const bad = Math.min(source.encodingProblemOffset ?? 0, text.length);
    problem([bad, bad + (text.length > bad ? 1 : 0)], source.encodingProblem);
  }
  let order = firstOrder;
  const ctx = { fileId, defaultNamespace: options.defaultNamespace ?? 'default', nextOrder: () => order++ };
  try {
    for (const loaded of readDocuments(text, lineCounter)) {
      result.documents++;
      for (const p of loaded.problems) problem(p.range, p.message);
      if (loaded.kind === 'empty') result.skippedDocuments++;
      if (loaded.kind !== 'mapping') continue;
      try {
        const extracted = extractObjects(loaded.node, new NodeReader(loaded.doc, text), ctx);
        // One push per object: a spread of a huge List's items would overflow the call stack.
        for (const object of extracted.objects) result.objects.push(object);
        result.skippedDocuments += extracted.skipped;
        for (const p of extracted.problems) problem(p.range, p.message);
      } catch (error) {
        if (!(error instanceof AliasLimitError)) throw error;
        problem(error.range, error.message);
      }
    }
  } catch (error) {
    // The YAML parser recurses per nesting level; absurd nesting exhausts the stack.
    if (!(error instanceof RangeError)) throw error;
    problem([0, 0], `YAML nesting is too deep to analyse (${error.message}); file not analysed`);
  }
  result.file.lineStarts = lineCounter.lineStarts.length > 0 ? Uint32Array.from(lineCounter.lineStarts) : [0];
  return result;
}

export function buildModel(sources: readonly SourceText[], options: ModelOptions = {}): Model {
  const fileModels: FileModel[] = [];
  let order = 0;
  sources.forEach((source, fileId) => {
    const fileModel = modelFile(source, fileId, options, order);
    order += fileModel.objects.length;
    fileModels.push(fileModel);
  });
  return assembleModel(fileModels);
}

/** Joins per-file models (in file order) into the model rules and analysis read. */
export function assembleModel(fileModels: readonly FileModel[]): Model {
  const objects: ManifestObject[] = [];
  const loadProblems: LoadProblemAt[] = [];
  const stats: ModelStats = { files: fileModels.length, documents: 0, objects: 0, skippedDocuments: 0 };
  for (const fm of fileModels) {
    for (const o of fm.objects) objects.push(o);
    for (const p of fm.problems) loadProblems.push(p);
    stats.documents += fm.documents;
    stats.skippedDocuments += fm.skippedDocuments;
  }
  stats.objects = objects.length;
  const services = objects.filter((o): o is ServiceModel => o.category === 'service');
  const workloads = objects.filter((o): o is WorkloadModel => o.category === 'workload');
  const podSources = objects.filter((o): o is PodSource => o.category === 'workload' || o.category === 'operator-resource');
  return {
    files: fileModels.map((fm) => fm.file),
    objects,
    services,
    workloads,
    podIndex: new PodIndex(podSources),
    loadProblems,
    stats,
  };
}
