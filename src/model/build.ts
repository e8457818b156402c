// Loads files into the model: documents are read one at a time and dropped once their objects are extracted.
import { readDocuments } from '../load/documents.js';
import { readInput, type InputFile } from '../load/inputs.js';
import { AliasLimitError, NodeReader } from './nodes.js';
import { makeRange, MAX_TEXT_LENGTH } from './range.js';
import { extractObjects } from './extract.js';
import { PodIndex, type PodSource } from './pod-index.js';
import { lineStartsOf } from './positions.js';
import { scanDirectives } from '../suppress/directives.js';
import type { Labels, ManifestObject, OperatorResourceModel, Protocol, Range, ServiceModel, Severity, SourceFile, WorkloadModel } from './types.js';
import { rejectionOf } from './rejections.js';
import { indexServiceAccounts, type ServiceAccountIndex } from './service-accounts.js';
import { DEFAULT_SETTINGS, type Settings } from '../settings.js';

export interface LoadProblemAt {
  fileId: number;
  range: Range;
  message: string;
  /** A note of the placeholder rule (text another tool fills in), not a parse error. */
  placeholder?: true;
}

export interface ModelStats {
  files: number;
  documents: number;
  objects: number;
  /** Empty, comment-only and non-Kubernetes documents. */
  skippedDocuments: number;
}

export interface Model {
  /**
   * The manifest files, indexed by fileId. The file that declares external workloads (the configuration file) is not
   * one of them: it is `externalFile`, whose id is files.length; use sourceFileOf() to look up any fileId.
   */
  files: SourceFile[];
  /** All objects in apply order. */
  objects: ManifestObject[];
  services: ServiceModel[];
  /** Every pod template in apply order: the workload objects, and after a LeaderWorkerSet its leaderPods. */
  workloads: WorkloadModel[];
  /** The pod sources that make pods: every workload but the rejected ones, custom resources, external workloads. */
  podIndex: PodIndex;
  /** Workloads the cluster rejects (not served at the target version, invalid pod template), with why: they make no pods. */
  rejected: ReadonlyMap<WorkloadModel, string>;
  /** The rejected workloads by pod labels, so orphan-service can name them. */
  rejectedIndex: PodIndex;
  /** The ServiceAccounts of the input by namespace and name. */
  serviceAccounts: ServiceAccountIndex;
  /**
   * Pod sources that exist in the cluster but not in the files (the configuration's externalWorkloads): in podIndex
   * (so Services select them), not in objects or workloads (no rule judges them as manifests).
   */
  external: PodSource[];
  /** The file that declares `external` (related locations point into it); null when there are none. */
  externalFile: SourceFile | null;
  loadProblems: LoadProblemAt[];
  /** What the layer that found the deployable sets says about this one (not rendered, not analysed, ...). */
  notices?: SetNotice[];
  /**
   * ConfigMaps and Secrets ("ConfigMap/NAME", "Secret/NAME") that an unrendered kustomization's generators make: not
   * in the files, but they will exist (with unknown keys).
   */
  generatedNames?: ReadonlySet<string>;
  stats: ModelStats;
}

/** A note or warning about the deployable set a model is, at a file of the input. */
export interface SetNotice {
  fileId: number;
  start: number;
  end: number;
  severity: Severity;
  message: string;
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
  /** Pods that run in the cluster but are not in the files (operator-managed pods, other repositories). */
  externalWorkloads?: ExternalWorkloads;
  /** The cluster's version decides which objects it serves (the rest make no pods); default the newest known. */
  settings?: Partial<Settings>;
}

/** A container port of an external workload. */
export interface ExternalPort {
  name: string | null;
  containerPort: number;
  protocol: Protocol;
  /** Where it is declared in ExternalWorkloads.file: the entry, its name and its containerPort. */
  range?: Range;
  nameRange?: Range | null;
  containerPortRange?: Range | null;
}

/** One externalWorkloads entry of the configuration: labels of pods in the cluster and, when known, their ports. */
export interface ExternalWorkload {
  name: string;
  /** null: the default namespace. */
  namespace: string | null;
  labels: Labels;
  /** null: the ports are unknown, so no port is checked against these pods (they only count as selected). */
  ports: ExternalPort[] | null;
  /** Pods it runs, for endpoint maps (default 1). */
  replicas?: number;
  /** Where it is declared: the entry, its name and its labels key (ranges in ExternalWorkloads.file). */
  range?: Range;
  nameRange?: Range | null;
  labelsRange?: Range | null;
}

export interface ExternalWorkloads {
  /** Display path of the file that declares them (relative to cwd with forward slashes): the configuration file. */
  file: string;
  /** Where each line of that file starts, for the positions of related locations ([0] when unknown). */
  lineStarts?: ArrayLike<number>;
  workloads: readonly ExternalWorkload[];
}

/** KIND of external workloads, as messages, endpoint maps and reports show them ("ExternalWorkload/postgres"). */
export const EXTERNAL_WORKLOAD_KIND = 'ExternalWorkload';

export interface FileModel {
  file: SourceFile;
  objects: ManifestObject[];
  problems: LoadProblemAt[];
  documents: number;
  skippedDocuments: number;
}

/** Models one file. Its objects' `order` counts from 0 in the file; assembleModel numbers them across files. */
export function modelFile(source: SourceText, fileId: number, options: ModelOptions): FileModel {
  const result: FileModel = {
    file: { id: fileId, path: source.displayPath, lineStarts: [0] },
    objects: [],
    problems: [],
    documents: 0,
    skippedDocuments: 0,
  };
  const problem = (range: Range, message: string, placeholder?: true) =>
    result.problems.push(placeholder ? { fileId, range, message, placeholder } : { fileId, range, message });
  // A byte order mark is not content: drop it so that line 1 columns stay right.
  const unmarked = source.text.charCodeAt(0) === 0xfeff ? source.text.slice(1) : source.text;
  // A lone CR (old Mac line endings) ends a line in YAML and for kubectl, but yaml reads only LF and CRLF as line
  // breaks and gave a misleading syntax error: make it an LF (same length, so every offset stays right).
  const text = unmarked.includes('\r') ? unmarked.replace(/\r(?!\n)/g, '\n') : unmarked;
  if (source.encodingProblem) {
    const bad = Math.min(source.encodingProblemOffset ?? 0, text.length);
    problem(makeRange(bad, bad + (text.length > bad ? 1 : 0)), source.encodingProblem);
  }
  if (text.length > MAX_TEXT_LENGTH) {
    problem(makeRange(0, 0), `file is too large to analyse (${text.length} characters; the limit is ${MAX_TEXT_LENGTH}): split it into smaller files`);
    result.file.lineStarts = lineStartsOf(text);
    return result;
  }
  let order = 0;
  const ctx = { fileId, defaultNamespace: options.defaultNamespace ?? 'default', nextOrder: () => order++ };
  try {
    for (const loaded of readDocuments(text, { json: /\.json$/i.test(source.displayPath) })) {
      result.documents++;
      for (const p of loaded.problems) problem(p.range, p.message, p.placeholder);
      if (loaded.kind === 'empty' || loaded.kind === 'skipped') result.skippedDocuments++;
      if (loaded.kind !== 'mapping') continue;
      try {
        const extracted = extractObjects(loaded.node, new NodeReader(loaded.doc, text), ctx);
        // One push per object: a spread of a huge List's items would overflow the call stack.
        for (const object of extracted.objects) result.objects.push(object);
        result.skippedDocuments += extracted.skipped;
        for (const p of extracted.problems) problem(p.range, p.message, p.placeholder);
      } catch (error) {
        if (!(error instanceof AliasLimitError)) throw error;
        problem(error.range, error.message);
      }
    }
  } catch (error) {
    // The YAML parser recurses per nesting level; absurd nesting exhausts the stack.
    if (!(error instanceof RangeError)) throw error;
    problem(makeRange(0, 0), `YAML nesting is too deep to analyse (${error.message}); file not analysed`);
  }
  result.file.lineStarts = lineStartsOf(text);
  const directives = scanDirectives(text);
  if (directives.length > 0) result.file.directives = directives;
  return result;
}

/** Reads one input file (or standard input) and models it. */
export async function modelInput(input: InputFile, fileId: number, options: ModelOptions, readStdin?: () => Promise<Buffer>): Promise<FileModel> {
  const read = await readInput(input, readStdin);
  return modelFile({ displayPath: input.displayPath, ...read }, fileId, options);
}

export function buildModel(sources: readonly SourceText[], options: ModelOptions = {}): Model {
  return assembleModel(
    sources.map((source, fileId) => modelFile(source, fileId, options)),
    options,
  );
}

/**
 * Joins per-file models (in file order) into the model rules and analysis read, numbering objects in apply order.
 * `files` is every file of the input when the models are one deployable set of it (so that file ids stay indexes).
 */
export function assembleModel(fileModels: readonly FileModel[], options: ModelOptions = {}, allFiles?: readonly SourceFile[]): Model {
  const objects: ManifestObject[] = [];
  const loadProblems: LoadProblemAt[] = [];
  const stats: ModelStats = { files: fileModels.length, documents: 0, objects: 0, skippedDocuments: 0 };
  for (const fm of fileModels) {
    for (const o of fm.objects) {
      o.order = objects.length;
      objects.push(o);
    }
    for (const p of fm.problems) loadProblems.push(p);
    stats.documents += fm.documents;
    stats.skippedDocuments += fm.skippedDocuments;
  }
  stats.objects = objects.length;
  const services = objects.filter((o): o is ServiceModel => o.category === 'service');
  const workloads: WorkloadModel[] = [];
  const podSources: PodSource[] = [];
  const rejected = new Map<WorkloadModel, string>();
  const version = options.settings?.kubernetesVersion ?? DEFAULT_SETTINGS.kubernetesVersion;
  const serviceAccounts = indexServiceAccounts(objects);
  const addWorkload = (workload: WorkloadModel) => {
    workloads.push(workload);
    const reason = rejectionOf(workload, version, serviceAccounts);
    if (reason === null) podSources.push(workload);
    else rejected.set(workload, reason);
  };
  for (const o of objects) {
    if (o.category === 'operator-resource') podSources.push(o);
    if (o.category !== 'workload') continue;
    addWorkload(o);
    // A LeaderWorkerSet's leaders: a pod template of their own, in the same object (so in objects once).
    if (o.leaderPods) {
      o.leaderPods.order = o.order;
      addWorkload(o.leaderPods);
    }
  }
  const files = allFiles ? [...allFiles] : fileModels.map((fm) => fm.file);
  const { external, externalFile } = externalPodSources(options, files.length, objects.length);
  return {
    files,
    objects,
    services,
    workloads,
    podIndex: new PodIndex(external.length ? [...podSources, ...external] : podSources),
    rejected,
    rejectedIndex: new PodIndex(rejected.keys()),
    serviceAccounts,
    external,
    externalFile,
    loadProblems,
    stats,
  };
}

/** The source file of any fileId of the model: a manifest, or the file that declares the external workloads. */
export function sourceFileOf(model: Model, fileId: number): SourceFile {
  const file = model.files[fileId] ?? (model.externalFile?.id === fileId ? model.externalFile : undefined);
  if (!file) throw new Error(`no source file ${fileId}`);
  return file;
}

/**
 * External workloads as pod sources of kind ExternalWorkload, after every manifest object in apply order. With known
 * ports one is a workload whose single container (named after it) declares them, so findPort resolves targetPorts
 * against them; with unknown ports it is like an operator's custom resource: its pods count as selected, but no port
 * is checked. They live in their own source file so that related locations point at their declaration.
 */
function externalPodSources(options: ModelOptions, fileId: number, firstOrder: number): { external: PodSource[]; externalFile: SourceFile | null } {
  const declared = options.externalWorkloads;
  if (!declared || declared.workloads.length === 0) return { external: [], externalFile: null };
  const externalFile: SourceFile = { id: fileId, path: declared.file, lineStarts: declared.lineStarts ?? [0] };
  const defaultNamespace = options.defaultNamespace ?? 'default';
  const external = declared.workloads.map((w, i): PodSource => {
    const range = w.range ?? makeRange(0, 0);
    const base = {
      apiVersion: 'svclint/v1',
      kind: EXTERNAL_WORKLOAD_KIND,
      name: w.name,
      namespace: w.namespace ?? defaultNamespace,
      fileId,
      order: firstOrder + i,
      labels: {},
      annotations: {},
      range,
      nameRange: w.nameRange ?? range,
      namespaceRange: null,
      podLabels: { ...w.labels },
    };
    if (w.ports === null) return { ...base, category: 'operator-resource' } satisfies OperatorResourceModel;
    const path = `externalWorkloads[${i}]`;
    return {
      ...base,
      category: 'workload',
      podLabelsRange: w.labelsRange ?? range,
      selector: null,
      selectorRange: null,
      replicas: w.replicas ?? 1,
      containers: [
        {
          name: w.name,
          role: 'container',
          ports: w.ports.map((p, index) => ({
            index,
            name: p.name,
            containerPort: p.containerPort,
            protocol: p.protocol,
            hostPort: null,
            hostIP: null,
            range: p.range ?? range,
            nameRange: p.nameRange ?? null,
            containerPortRange: p.containerPortRange ?? null,
            protocolRange: null,
            hostPortRange: null,
          })),
          env: [],
          envFrom: [],
          command: [],
          args: [],
          range,
          path,
        },
      ],
      podSpecPath: path,
      hostNetwork: false,
      enableServiceLinks: null,
      dnsPolicy: null,
      ordinalsStart: 0,
      serviceName: null,
      controllerLabels: {},
      podOrdinals: [],
    } satisfies WorkloadModel;
  });
  return { external, externalFile };
}
