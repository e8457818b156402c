// Models the documents the loader reads (each dropped once its objects are extracted) and joins files into the model.
import type { LoadedDocument } from '../load/documents.js';
import type { LoadedSource } from '../load/source.js';
import { AliasLimitError, NodeReader } from './nodes.js';
import { makeRange, type Range } from '../position/range.js';
import { extractObjects } from './extract.js';
import { PodIndex, type PodSource } from './pod-index.js';
import { lineStartsOf } from '../position/positions.js';
import { scanDirectives } from '../suppress/directives.js';
import type {
  Labels,
  ManifestObject,
  OperatorResourceModel,
  Protocol,
  ServiceModel,
  Severity,
  SourceFile,
  WorkloadModel,
} from './types.js';
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

/** What the documents of one file, or of one stretch of its documents, model to. */
export interface DocumentsModel {
  /** In document order; their `order` counts from 0 (assembleModel numbers objects across files). */
  objects: ManifestObject[];
  problems: LoadProblemAt[];
  documents: number;
  skippedDocuments: number;
  /**
   * The YAML reader ran out of stack (absurd nesting): nothing after this point of the file is modelled, so a file
   * modelled in stretches keeps none of the stretches after this one.
   */
  stopped: boolean;
}

/**
 * Models documents the loader read (all of one file's, or one stretch of them); `text` is the file's whole text,
 * which their ranges point into.
 */
export function modelDocuments(
  documents: Iterable<LoadedDocument>,
  text: string,
  fileId: number,
  options: ModelOptions,
): DocumentsModel {
  const result: DocumentsModel = { objects: [], problems: [], documents: 0, skippedDocuments: 0, stopped: false };
  const problem = (range: Range, message: string, placeholder?: true) =>
    result.problems.push(placeholder ? { fileId, range, message, placeholder } : { fileId, range, message });
  let order = 0;
  const ctx = { fileId, defaultNamespace: options.defaultNamespace ?? 'default', nextOrder: () => order++ };
  try {
    for (const loaded of documents) {
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
    result.stopped = true;
  }
  return result;
}

/**
 * One file's model from its loaded source and the models of its documents in document order: one part, or the
 * stretches it was modelled in (none when it is not readable). Parts after one that stopped are left out.
 */
export function fileModelOf(source: LoadedSource, fileId: number, parts: readonly DocumentsModel[]): FileModel {
  const result: FileModel = {
    file: { id: fileId, path: source.displayPath, lineStarts: [0] },
    objects: [],
    problems: source.problems.map((p) => ({ fileId, range: p.range, message: p.message })),
    documents: 0,
    skippedDocuments: 0,
  };
  for (const part of parts) {
    for (const object of part.objects) result.objects.push(object);
    for (const p of part.problems) result.problems.push(p);
    result.documents += part.documents;
    result.skippedDocuments += part.skippedDocuments;
    if (part.stopped) break;
  }
  result.file.lineStarts = lineStartsOf(source.text);
  if (!source.readable) return result;
  const directives = scanDirectives(source.text);
  if (directives.length > 0) result.file.directives = directives;
  return result;
}

/**
 * Joins per-file models (in file order) into the model rules and analysis read, numbering objects in apply order.
 * `files` is every file of the input when the models are one deployable set of it (so that file ids stay indexes).
 */
export function assembleModel(
  fileModels: readonly FileModel[],
  options: ModelOptions = {},
  allFiles?: readonly SourceFile[],
): Model {
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
function externalPodSources(
  options: ModelOptions,
  fileId: number,
  firstOrder: number,
): { external: PodSource[]; externalFile: SourceFile | null } {
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
